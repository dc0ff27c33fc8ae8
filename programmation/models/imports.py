"""A landlord's uploaded files (parc or occupancy), kept with their check report and the log of their states."""

from __future__ import annotations

from django.db import models

from commun.etats import JournalTransition
from territoire.models import Organisation, Utilisateur

from ..etats import EtatImport


class NatureImport(models.TextChoices):
    """What a landlord's file describes: its parc (résidences, dwellings) or its occupancy (the households in place)."""

    PARC = "PARC", "Parc (résidences et logements)"
    OCCUPATION = "OCCUPATION", "Occupation (ménages en place)"


class ImportParc(models.Model):
    """An uploaded stock or occupancy file, its check report, and whether it was applied (the landlord's history of
    uploads). The file is kept: the check and the application run on a Celery worker and can be run again."""

    bailleur = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="imports_parc")
    nature = models.CharField(max_length=10, choices=NatureImport.choices, default=NatureImport.PARC)
    par = models.ForeignKey(Utilisateur, on_delete=models.PROTECT, related_name="+")
    cree_le = models.DateTimeField(auto_now_add=True)
    nom_fichier = models.CharField(max_length=200)
    contenu = models.BinaryField()
    etat = models.CharField("état", max_length=12, choices=EtatImport.choices, default=EtatImport.RECU)
    lignes = models.PositiveIntegerField(default=0)
    erreurs = models.JSONField(
        default=list, blank=True, help_text="[ligne, message] des premières erreurs (200 au plus), par ligne."
    )
    nombre_erreurs = models.PositiveIntegerField("nombre total d'erreurs", default=0)
    notes = models.JSONField(
        default=list, blank=True, help_text="[ligne, note] : ce que la lecture a compris ou complété (encodage…)."
    )
    verifie_le = models.DateTimeField(null=True, blank=True)
    application_demandee_le = models.DateTimeField(null=True, blank=True)
    application_demandee_par = models.ForeignKey(
        Utilisateur, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    applique_le = models.DateTimeField(null=True, blank=True)
    resultat = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-cree_le"]
        verbose_name = "import de parc"

    def __str__(self) -> str:
        return f"{self.nom_fichier} ({self.get_etat_display()})"


class TransitionImportParc(JournalTransition):
    """Each change of a stock import's state: received, checked (by a worker), applied, failed, asked again."""

    import_parc = models.ForeignKey(ImportParc, on_delete=models.CASCADE, related_name="transitions")
    de = models.CharField("état avant", max_length=20, choices=EtatImport.choices, blank=True)
    vers = models.CharField("état après", max_length=20, choices=EtatImport.choices)

    class Meta:
        ordering = ["import_parc", "le", "pk"]

    def __str__(self) -> str:
        return f"{self.import_parc} : {self.get_de_display()} → {self.get_vers_display()}"
