"""Positionnements: a demand proposed for a dwelling to fill, in rank order, and every change of its state."""

from __future__ import annotations

import pghistory
from django.db import models
from django.db.models import Q

from demandes.models import Demande
from programmation.models import Disponibilite
from territoire.models import Organisation, Utilisateur

from .etats import EN_COURS, EtatPositionnement, ExceptionTroisCandidats


@pghistory.track()
class Positionnement(models.Model):
    disponibilite = models.ForeignKey(Disponibilite, on_delete=models.PROTECT, related_name="positionnements")
    demande = models.ForeignKey(Demande, on_delete=models.PROTECT, related_name="positionnements")
    rang = models.PositiveSmallIntegerField()
    etat = models.CharField(
        "état", max_length=14, choices=EtatPositionnement.choices, default=EtatPositionnement.PROPOSE
    )
    propose_par = models.ForeignKey(Utilisateur, on_delete=models.PROTECT, related_name="+")
    propose_le = models.DateTimeField(auto_now_add=True)
    exception = models.CharField(
        "moins de trois candidats parce que", max_length=12, choices=ExceptionTroisCandidats.choices, blank=True
    )
    derogation = models.CharField(
        "motif du second positionnement",
        max_length=300,
        blank=True,
        help_text="Renseigné quand la demande était déjà positionnée sur un autre logement.",
    )
    examen = models.JSONField(
        default=dict,
        blank=True,
        help_text="Ce que la recherche disait au moment de la proposition : raisons, taux d'effort, reste à vivre, "
        "points, rang dans la liste.",
    )

    class Meta:
        ordering = ["disponibilite", "rang"]
        constraints = [
            models.UniqueConstraint(
                fields=["disponibilite", "demande"],
                condition=Q(etat__in=EN_COURS),
                name="positionnement_une_fois_par_logement",
            ),
            models.UniqueConstraint(
                fields=["disponibilite", "rang"], condition=Q(etat__in=EN_COURS), name="positionnement_rang_unique"
            ),
            models.CheckConstraint(condition=Q(rang__gte=1), name="positionnement_rang_positif"),
        ]
        indexes = [models.Index(fields=["demande", "etat"], name="positionnement_demande_etat")]

    def __str__(self) -> str:
        return f"{self.demande.numero} sur {self.disponibilite} (rang {self.rang})"

    @property
    def en_cours(self) -> bool:
        return self.etat in EN_COURS


class TransitionPositionnement(models.Model):
    """Each change of a positionnement's state: from, to, when, by whom, why (the log shown on its pages)."""

    positionnement = models.ForeignKey(Positionnement, on_delete=models.CASCADE, related_name="transitions")
    de = models.CharField(max_length=14, choices=EtatPositionnement.choices, blank=True)
    vers = models.CharField(max_length=14, choices=EtatPositionnement.choices)
    le = models.DateTimeField(auto_now_add=True)
    par = models.ForeignKey(Utilisateur, on_delete=models.PROTECT, related_name="+")
    motif = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["positionnement", "le", "pk"]

    def __str__(self) -> str:
        return f"{self.positionnement} : {self.de or '—'} → {self.vers}"


class TypeDesignation(models.TextChoices):
    POSITIONNE = "POSITIONNE", "Positionné"
    DESIGNE = "DESIGNE", "Désigné"
    ATTRIBUE = "ATTRIBUE", "Attribué"


class ListeReservataire(models.Model):
    """The list of candidates another réservataire (the State, Action Logement, a commune…) has positioned, designated
    or seen attributed, sent as a file or through the API. The latest list of a réservataire replaces the previous
    one: it is a picture of its current positionnements, crossed with CASA's."""

    reservataire = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="listes_candidats")
    deposee_par = models.ForeignKey(Utilisateur, on_delete=models.PROTECT, related_name="+")
    deposee_le = models.DateTimeField(auto_now_add=True)
    nom_fichier = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=7, choices=[("FICHIER", "Fichier"), ("API", "API")], default="FICHIER")
    active = models.BooleanField(default=True, help_text="La dernière liste du réservataire : celle qui compte.")

    class Meta:
        ordering = ["-deposee_le"]
        verbose_name = "liste d'un réservataire"
        constraints = [
            models.UniqueConstraint(fields=["reservataire"], condition=Q(active=True), name="une_liste_active")
        ]

    def __str__(self) -> str:
        return f"{self.reservataire} — {self.deposee_le:%d/%m/%Y}"


class Designation(models.Model):
    liste = models.ForeignKey(ListeReservataire, on_delete=models.CASCADE, related_name="designations")
    demande = models.ForeignKey(Demande, on_delete=models.PROTECT, related_name="designations_externes")
    type = models.CharField(max_length=10, choices=TypeDesignation.choices)
    date = models.DateField()
    logement = models.CharField("logement (référence du réservataire)", max_length=200, blank=True)

    class Meta:
        ordering = ["liste", "demande"]
        constraints = [models.UniqueConstraint(fields=["liste", "demande", "type"], name="designation_unique")]

    def __str__(self) -> str:
        return f"{self.demande.numero} {self.get_type_display().lower()} par {self.liste.reservataire}"
