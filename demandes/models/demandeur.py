"""What the applicant sends from his space (portail/, issue 19): a piece to be validated by an agent (PieceEnLigne,
its state log and who opened it) and the report of an error in his demand as registered (Signalement). Both are
personal data: erased with the demand (demandes/retention/donnees_demande.py), audited by django-pghistory."""

from __future__ import annotations

import uuid

import pghistory
from django.db import models
from django.db.models import Q

from commun.etats import JournalTransition
from territoire.models import Utilisateur

from ..codes import EtatPieceEnLigne, RubriqueSignalement
from ..qualification import TypePiece
from .demande import Demande, Personne
from .pieces import Piece, _stockage_prive

LONGUEUR_SIGNALEMENT = 1000  # characters of an applicant's report, and of the agent's answer
LONGUEUR_MOTIF_REFUS = 300  # characters of the reason a piece sent online is refused (the log's `motif`)


def _chemin_en_ligne(instance, nom: str) -> str:
    """`en_ligne/<demand>/<random>.<extension>`: in the pieces' private storage, never the name the applicant gave."""
    extension = nom.rsplit(".", 1)[-1].lower() if "." in nom else "bin"
    return f"en_ligne/{instance.demande_id}/{uuid.uuid4().hex}.{extension}"


@pghistory.track(exclude=["fichier"])
class PieceEnLigne(models.Model):
    """A piece the applicant (or co-applicant) sent from his space: to validate, then accepted (`piece` is the piece
    of the file it became, which holds the file from then on) or refused (`motif_refus`, its file deleted)."""

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="pieces_en_ligne")
    type = models.CharField(max_length=20, choices=TypePiece.choices)
    fichier = models.FileField(storage=_stockage_prive, upload_to=_chemin_en_ligne, blank=True)
    nom_original = models.CharField("nom du fichier envoyé", max_length=200)
    taille = models.PositiveIntegerField("taille (octets)")
    envoyee_par = models.ForeignKey(
        Personne, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="envoyée par"
    )
    envoyee_le = models.DateTimeField("envoyée le", auto_now_add=True)
    etat = models.CharField(max_length=20, choices=EtatPieceEnLigne.choices, default=EtatPieceEnLigne.A_VALIDER)
    traitee_par = models.ForeignKey(
        Utilisateur, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="traitée par"
    )
    traitee_le = models.DateTimeField("traitée le", null=True, blank=True)
    motif_refus = models.CharField("motif du refus", max_length=LONGUEUR_MOTIF_REFUS, blank=True)
    piece = models.OneToOneField(
        Piece, on_delete=models.SET_NULL, null=True, blank=True, related_name="envoi_en_ligne", verbose_name="pièce"
    )

    class Meta:
        ordering = ["demande", "envoyee_le", "pk"]
        verbose_name = "pièce envoyée en ligne"
        verbose_name_plural = "pièces envoyées en ligne"
        indexes = [
            models.Index(fields=["demande"], condition=Q(etat="A_VALIDER"), name="piece_en_ligne_a_valider"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(etat="A_VALIDER") | ~Q(fichier=""), name="piece_en_ligne_a_valider_a_son_fichier"
            ),
            models.CheckConstraint(
                condition=~Q(etat="REFUSEE") | ~Q(motif_refus=""), name="piece_en_ligne_refusee_a_son_motif"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} envoyée le {self.envoyee_le:%d/%m/%Y}"


class TransitionPieceEnLigne(JournalTransition):
    """The log of a piece sent online (demandes.etats.MACHINE_PIECE_EN_LIGNE): sent (by the applicant: `par` empty),
    accepted or refused by an agent (the reason in `motif`). Append-only; deleted with its piece at the erasure."""

    piece_en_ligne = models.ForeignKey(PieceEnLigne, on_delete=models.CASCADE, related_name="transitions")
    de = models.CharField("état avant", max_length=20, choices=EtatPieceEnLigne.choices, blank=True)
    vers = models.CharField("état après", max_length=20, choices=EtatPieceEnLigne.choices)

    class Meta:
        ordering = ["piece_en_ligne", "le", "pk"]

    def __str__(self) -> str:
        return f"{self.piece_en_ligne_id} {self.de or '∅'} → {self.vers}"


class ConsultationPieceEnLigne(models.Model):
    """Who opened a sensitive piece sent online, and when (REGLES §12, as ConsultationPiece). Append-only."""

    piece_en_ligne = models.ForeignKey(PieceEnLigne, on_delete=models.CASCADE, related_name="consultations")
    par = models.ForeignKey(Utilisateur, on_delete=models.PROTECT, related_name="+")
    le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-le", "-pk"]

    def __str__(self) -> str:
        return f"{self.piece_en_ligne} consultée le {self.le:%d/%m/%Y %H:%M}"


@pghistory.track()
class Signalement(models.Model):
    """An error the applicant says his demand holds (« Signaler une erreur »): a task for the counter, which checks
    it against the applicant's own papers, corrects the demand itself if need be, and answers (`reponse`, shown to
    the applicant). The text never goes to the demand's log."""

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="signalements")
    auteur = models.ForeignKey(
        Personne, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="signalé par"
    )
    rubrique = models.CharField("ce qui est faux", max_length=12, choices=RubriqueSignalement.choices)
    texte = models.TextField("ce que dit le demandeur", max_length=LONGUEUR_SIGNALEMENT)
    cree_le = models.DateTimeField("signalé le", auto_now_add=True)
    traite_le = models.DateTimeField("traité le", null=True, blank=True)
    traite_par = models.ForeignKey(
        Utilisateur, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="traité par"
    )
    reponse = models.TextField("réponse du guichet", max_length=LONGUEUR_SIGNALEMENT, blank=True)

    class Meta:
        ordering = ["demande", "cree_le", "pk"]
        indexes = [models.Index(fields=["demande"], condition=Q(traite_le__isnull=True), name="signalement_ouvert")]
        constraints = [
            models.CheckConstraint(
                condition=Q(traite_le__isnull=True) | Q(traite_par__isnull=False), name="signalement_traite_par"
            ),
        ]

    def __str__(self) -> str:
        return f"Erreur signalée le {self.cree_le:%d/%m/%Y} ({self.get_rubrique_display()})"
