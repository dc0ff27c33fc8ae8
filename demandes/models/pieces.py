"""Qualification (SIAD): the supporting pieces of a demand (files kept in a private storage, streamed by a view after
checking the reader's scope), who opened them, and the qualification interview."""

from __future__ import annotations

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import models
from django.db.models import Q
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

from territoire.models import Utilisateur

from ..qualification import TypePiece
from .demande import Demande


class StockagePieces(LazyObject):
    """STORAGES["pieces"] (casa_logement/settings/base.py: the local disk, or an S3-compatible object store), read when
    first used and again after a change of the settings (a test's override): the file fields keep this object, not a
    storage fixed when the models were loaded."""

    def _setup(self):
        self._wrapped = storages["pieces"]


STOCKAGE_PIECES = StockagePieces()


@receiver(setting_changed)
def _stockage_change(sender, setting, **kwargs):
    if setting in {"STORAGES", "MEDIA_ROOT"}:
        STOCKAGE_PIECES._wrapped = empty


def _stockage_prive():
    """Pieces live outside any served folder: a view streams them after checking the reader's scope."""
    return STOCKAGE_PIECES


def _chemin_piece(instance, nom: str) -> str:
    import uuid

    extension = nom.rsplit(".", 1)[-1].lower() if "." in nom else "bin"
    return f"{instance.demande_id}/{uuid.uuid4().hex}.{extension}"


@pghistory.track(exclude=["fichier"])
class Piece(models.Model):
    """A supporting piece of the demand: a file received, or a paper piece seen at the counter."""

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="pieces")
    type = models.CharField(max_length=20, choices=TypePiece.choices)
    fichier = models.FileField(storage=_stockage_prive, upload_to=_chemin_piece, blank=True)
    nom_original = models.CharField(max_length=200, blank=True)
    taille = models.PositiveIntegerField(default=0)
    vue_en_original = models.BooleanField("vue en original au guichet", default=False)
    commentaire = models.CharField(max_length=300, blank=True)
    deposee_par = models.ForeignKey(Utilisateur, on_delete=models.PROTECT, related_name="+")
    deposee_le = models.DateTimeField(auto_now_add=True)
    retiree = models.BooleanField(default=False)

    class Meta:
        ordering = ["demande", "type", "-deposee_le"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(fichier="") | Q(vue_en_original=True), name="piece_fichier_ou_vue_en_original"
            ),
        ]

    def __str__(self) -> str:
        return self.get_type_display()


class ConsultationPiece(models.Model):
    """Who opened a piece, and when (REGLES §12: access to sensitive pieces is logged). Append-only."""

    piece = models.ForeignKey(Piece, on_delete=models.CASCADE, related_name="consultations")
    par = models.ForeignKey(Utilisateur, on_delete=models.PROTECT, related_name="+")
    le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-le"]

    def __str__(self) -> str:
        return f"{self.piece} consultée le {self.le:%d/%m/%Y %H:%M}"


@pghistory.track()
class Entretien(models.Model):
    """The qualification interview following the guide: topics covered, notes, agent and date."""

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="entretiens")
    agent = models.ForeignKey(Utilisateur, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    sujets = ArrayField(models.CharField(max_length=20), default=list, blank=True, verbose_name="sujets abordés")
    notes = models.TextField(blank=True, help_text="Le strict nécessaire : pas de détail médical ni de récit.")
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["demande", "-date", "-pk"]

    def __str__(self) -> str:
        return f"Entretien du {self.date:%d/%m/%Y}"
