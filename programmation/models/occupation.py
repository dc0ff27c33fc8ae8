"""The households living in the dwellings (no name): declared by the landlords' occupancy files, or recorded by the
application at each attribution."""

from __future__ import annotations

import pghistory
from django.db import models
from django.db.models import F, Q


class OrigineOccupation(models.TextChoices):
    EXISTANTE = "EXISTANTE", "Occupant en place avant l'application"
    ATTRIBUTION = "ATTRIBUTION", "Attribution enregistrée par l'application"
    IMPORT = "IMPORT", "Déclaré par le bailleur (fichier d'occupation)"


class CompositionMenage(models.TextChoices):
    """The household's composition as the occupancy survey (enquête OPS) and landlords' systems code it."""

    PERSONNE_SEULE = "PERSONNE_SEULE", "Personne seule"
    COUPLE_SANS_ENFANT = "COUPLE_SANS_ENFANT", "Couple sans enfant"
    COUPLE_AVEC_ENFANTS = "COUPLE_AVEC_ENFANTS", "Couple avec enfant(s)"
    MONOPARENTALE = "MONOPARENTALE", "Famille monoparentale"
    AUTRE = "AUTRE", "Autre ménage (cohabitation, plusieurs générations…)"


@pghistory.track()
class Occupation(models.Model):
    """A household living in a dwelling, from the lease to its end: what the résidence watch counts. No name: the
    household's size, resources quartile and whether it was a priority household when it came in."""

    logement = models.ForeignKey("programmation.Logement", on_delete=models.CASCADE, related_name="occupations")
    origine = models.CharField(max_length=11, choices=OrigineOccupation.choices, default=OrigineOccupation.ATTRIBUTION)
    debut = models.DateField("bail signé le")
    fin = models.DateField("parti le", null=True, blank=True)
    personnes = models.PositiveSmallIntegerField("personnes du ménage")
    quartile = models.PositiveSmallIntegerField(
        "quartile de ressources", null=True, blank=True, help_text="1 à 4 à l'entrée ; vide si inconnu."
    )
    prioritaire = models.BooleanField(
        "ménage prioritaire (DALO ou L441-1) à l'entrée",
        null=True,
        blank=True,
        default=False,
        help_text="Vide : inconnu.",
    )
    composition = models.CharField(
        "composition du ménage",
        max_length=20,
        choices=CompositionMenage.choices,
        blank=True,
        help_text="Vide : inconnue.",
    )
    ressources_uc = models.DecimalField(
        "ressources annuelles par unité de consommation (€)",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Celles du fichier d'occupation du bailleur ; vide si inconnues.",
    )
    import_occupation = models.ForeignKey(
        "programmation.ImportParc",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="occupations",
        help_text="Le fichier d'occupation qui l'a déclarée ou mise à jour en dernier.",
    )

    class Meta:
        ordering = ["logement", "-debut"]
        constraints = [
            models.UniqueConstraint(fields=["logement"], condition=Q(fin__isnull=True), name="un_occupant_en_place"),
            models.CheckConstraint(condition=Q(personnes__gt=0), name="occupation_personnes_positif"),
            models.CheckConstraint(
                condition=Q(quartile__isnull=True) | Q(quartile__gte=1, quartile__lte=4), name="occupation_quartile"
            ),
            models.CheckConstraint(condition=Q(fin__isnull=True) | Q(fin__gte=F("debut")), name="occupation_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.logement} depuis le {self.debut:%d/%m/%Y}"
