"""The shared notes on a demand (issue 20, docs/partenaires.md « Notes partagées sur une demande »): a thread for the
complex situations, between the organisations that may see the demand. A note says who may read it (`Visibilite`),
may be marked sensitive (health, violence: read only by the roles that read the sensitive pieces), is never edited (a
correction is a new note pointing to the one it corrects) and goes with the demand's personal data
(partenariat/retention.py). Audited by django-pghistory."""

from __future__ import annotations

import pghistory
from django.db import models
from django.db.models import Q

from demandes.models import Demande
from territoire.models import Organisation, Utilisateur

LONGUEUR_NOTE = 2000  # characters of a note


class Visibilite(models.TextChoices):
    """Who may read a note, besides its author's organisation (which always reads its own notes): the selector
    partenariat.selectors.notes_visibles decides, docs/partenaires.md has the table by role."""

    CASA = "CASA", "CASA seulement"
    CASA_BAILLEUR = "CASA_BAILLEUR", "CASA et le bailleur d'un logement où la demande est positionnée"
    PARTENAIRES = "PARTENAIRES", "Tous les partenaires qui voient la demande"


@pghistory.track()
class NoteDemande(models.Model):
    """One note of a demand's thread, as written: never changed afterwards. `organisation` is the author's
    organisation when writing (the one he acted for); `corrige` the earlier note this one corrects (one correction
    per note: the next one corrects the correction)."""

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="notes_partagees")
    auteur = models.ForeignKey(Utilisateur, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="organisation de l'auteur"
    )
    texte = models.TextField(max_length=LONGUEUR_NOTE)
    visibilite = models.CharField("lue par", max_length=14, choices=Visibilite.choices)
    sensible = models.BooleanField(
        "sujet sensible",
        default=False,
        help_text="Santé, violences, procédure : lue seulement par ceux qui lisent les pièces confidentielles.",
    )
    corrige = models.OneToOneField(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="correction",
        verbose_name="corrige la note",
    )
    ecrite_le = models.DateTimeField("écrite le", auto_now_add=True)

    class Meta:
        ordering = ["ecrite_le", "pk"]
        verbose_name = "note partagée"
        verbose_name_plural = "notes partagées"
        constraints = [
            models.CheckConstraint(condition=~Q(texte=""), name="note_demande_texte_non_vide"),
            models.CheckConstraint(
                condition=Q(visibilite__in=Visibilite.values), name="note_demande_visibilite_connue"
            ),
            models.CheckConstraint(condition=~Q(corrige=models.F("pk")), name="note_demande_pas_elle_meme"),
        ]

    def __str__(self) -> str:
        return f"Note du {self.ecrite_le:%d/%m/%Y}" if self.ecrite_le else "Note"
