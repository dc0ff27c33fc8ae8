"""The monthly tracking table, kept as it was produced: its figures for every view and period, when and by whom (the
beat schedule, or a person who asked for it again)."""

from __future__ import annotations

from django.db import models

from territoire.models import Utilisateur


class TableauMensuel(models.Model):
    annee = models.PositiveSmallIntegerField("année")
    mois = models.PositiveSmallIntegerField()
    donnees = models.JSONField(
        help_text="Pour chaque vue (territoire, bailleur, réservataire, commune) et clé : les indicateurs du mois, "
        "du cumul de l'année et des régularisations ; les corrections du mois ; les noms."
    )
    produit_le = models.DateTimeField()
    produit_par = models.ForeignKey(
        Utilisateur,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Vide quand la tâche planifiée du 1er du mois l'a produit.",
    )
    duree = models.FloatField("durée de production (s)", default=0)
    productions = models.PositiveIntegerField("nombre de productions", default=1)

    class Meta:
        ordering = ["-annee", "-mois"]
        verbose_name = "tableau mensuel de suivi"
        verbose_name_plural = "tableaux mensuels de suivi"
        constraints = [
            models.UniqueConstraint(fields=["annee", "mois"], name="un_tableau_par_mois"),
            models.CheckConstraint(condition=models.Q(mois__gte=1, mois__lte=12), name="tableau_mois_valide"),
        ]

    def __str__(self) -> str:
        return f"Suivi {self.mois:02d}/{self.annee}"
