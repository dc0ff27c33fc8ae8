"""The dated reference tables the rules read: income ceilings by financing and zone (BaremePlafond), CASA's
quartile thresholds (SeuilQuartile) and its cotation grid (GrilleCotation), each in force over a period. Read through
demandes/reference.py."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from ..codes import Financement, ZonePlafonds


class PeriodeValiditeQuerySet(models.QuerySet):
    def en_vigueur(self, jour):
        return self.filter(date_debut__lte=jour).filter(Q(date_fin__isnull=True) | Q(date_fin__gte=jour))


class BaremePlafond(models.Model):
    """Income ceilings of one financing, in one zone, over a validity period (euros per year, by category)."""

    financement = models.CharField(max_length=4, choices=Financement.choices)
    zone = models.CharField(max_length=6, choices=ZonePlafonds.choices, default=ZonePlafonds.AUTRES)
    date_debut = models.DateField("en vigueur à partir du")
    date_fin = models.DateField("jusqu'au", null=True, blank=True)
    categorie_1 = models.PositiveIntegerField("catégorie 1")
    categorie_2 = models.PositiveIntegerField("catégorie 2")
    categorie_3 = models.PositiveIntegerField("catégorie 3")
    categorie_4 = models.PositiveIntegerField("catégorie 4")
    categorie_5 = models.PositiveIntegerField("catégorie 5")
    categorie_6 = models.PositiveIntegerField("catégorie 6")
    par_personne_supplementaire = models.PositiveIntegerField("par personne au-delà de 6")
    source = models.CharField(max_length=300, blank=True)
    statut = models.CharField(
        max_length=12,
        choices=[("officiel", "officiel"), ("derive", "dérivé"), ("a_verifier", "à vérifier")],
        default="officiel",
    )

    objects = PeriodeValiditeQuerySet.as_manager()

    class Meta:
        ordering = ["financement", "zone", "-date_debut"]
        verbose_name = "barème de plafonds de ressources"
        verbose_name_plural = "barèmes de plafonds de ressources"
        constraints = [
            models.UniqueConstraint(fields=["financement", "zone", "date_debut"], name="bareme_unique_par_debut"),
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True) | Q(date_fin__gte=F("date_debut")), name="bareme_dates_ordonnees"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.financement} {self.get_zone_display()} au {self.date_debut:%d/%m/%Y}"

    def montants(self) -> tuple[int, ...]:
        return (
            self.categorie_1,
            self.categorie_2,
            self.categorie_3,
            self.categorie_4,
            self.categorie_5,
            self.categorie_6,
        )


class SeuilQuartile(models.Model):
    """Resource quartile thresholds of an EPCI for a year (euros per year per consumption unit)."""

    epci_siren = models.CharField("SIREN de l'EPCI", max_length=9)
    epci_nom = models.CharField("EPCI", max_length=100)
    annee = models.PositiveSmallIntegerField()
    date_debut = models.DateField("en vigueur à partir du")
    date_fin = models.DateField("jusqu'au", null=True, blank=True)
    q1 = models.DecimalField("1er quartile", max_digits=9, decimal_places=2)
    q2 = models.DecimalField("2e quartile (médiane)", max_digits=9, decimal_places=2)
    q3 = models.DecimalField("3e quartile", max_digits=9, decimal_places=2)
    source = models.CharField(max_length=300, blank=True)

    objects = PeriodeValiditeQuerySet.as_manager()

    class Meta:
        ordering = ["epci_nom", "-annee"]
        verbose_name = "seuils de quartiles de ressources"
        verbose_name_plural = "seuils de quartiles de ressources"
        constraints = [
            models.UniqueConstraint(fields=["epci_siren", "annee"], name="quartile_unique_par_annee"),
            models.CheckConstraint(condition=Q(q1__lt=F("q2")) & Q(q2__lt=F("q3")), name="quartiles_ordonnes"),
        ]

    def __str__(self) -> str:
        return f"{self.epci_nom} {self.annee}"


class GrilleCotation(models.Model):
    """A version of CASA's cotation grid (criteria and points), in force from a date. Its content is the JSON form of
    demandes.cotation.Grille; an administrator edits it, and every live demand is scored again."""

    version = models.CharField(max_length=40, unique=True)
    date_debut = models.DateField("en vigueur à partir du", unique=True)
    contenu = models.JSONField(help_text="Critères et points (format de demandes.cotation.grille_vers_dict).")
    commentaire = models.CharField(max_length=300, blank=True)
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date_debut"]
        verbose_name = "grille de cotation"
        verbose_name_plural = "grilles de cotation"

    def __str__(self) -> str:
        return f"Grille {self.version} (depuis le {self.date_debut:%d/%m/%Y})"

    def grille(self):
        from ..cotation import grille_depuis_dict

        return grille_depuis_dict({**self.contenu, "version": self.version, "date_debut": self.date_debut.isoformat()})

    def clean(self):
        from django.core.exceptions import ValidationError

        try:
            self.grille()
        except (ValueError, KeyError, TypeError) as err:
            raise ValidationError({"contenu": str(err)}) from err
