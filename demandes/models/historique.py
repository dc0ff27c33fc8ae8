"""The demand's life once registered: the log of its states (TransitionDemande), the letters whose dates drive it
(Courrier: renewal notice, warning before radiation) and the audit of the erasure of its personal data at the end of
its retention (EffacementDemande, demandes/retention/)."""

from __future__ import annotations

import pghistory
from django.db import models
from django.db.models import Q

from commun.etats import JournalTransition
from territoire.models import Utilisateur

from ..codes import EtatDemande, MotifRadiation, TypeCourrier
from .demande import Demande


class TransitionDemande(JournalTransition):
    """The lifecycle log: every change of state (demandes.etats.MACHINE_DEMANDE), by whom, when and why, and the
    notes that change no state (`de` = `vers`: a renewal, a letter, a CAL decision, the erasure). Append-only."""

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="transitions")
    de = models.CharField("état avant", max_length=20, choices=EtatDemande.choices, blank=True)
    vers = models.CharField("état après", max_length=20, choices=EtatDemande.choices)
    par_le_sne = models.BooleanField(
        "venu du SNE",
        default=False,
        help_text="Écrit par l'import du fichier du SNE (sne/) : un fait que le SNE connaît déjà, jamais renvoyé au "
        "SNE par la boîte d'envoi (envois_sne/).",
    )
    par_le_demandeur = models.BooleanField(
        "par le demandeur, en ligne",
        default=False,
        help_text="Fait par le demandeur (ou le co-demandeur) lui-même dans son espace (portail/), sans agent : "
        "« par » est alors vide. Un renouvellement en ligne part au SNE comme celui d'un guichet.",
    )

    class Meta:
        ordering = ["demande", "le", "pk"]
        indexes = [
            # the radiations of a period in the order they were written: the list behind a tracking table's figure
            # « dont RADABA… » reads them page by page (suivi.sources.evenements_demandes_de), not a year of the log
            models.Index(fields=["le"], condition=models.Q(vers="RADIEE"), name="transition_radiation_le"),
            # a demand's radiations: the lists « dont RADREN… » start from the demands struck off for that reason
            # (demandes.models « demande_motif_radiation ») and find their radiations of the period here
            models.Index(
                fields=["demande"], include=["le", "de"], condition=models.Q(vers="RADIEE"), name="transition_radiee"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.demande} {self.de or '∅'} → {self.vers}"


@pghistory.track()
class Courrier(models.Model):
    """A letter whose date drives the demand's life: the renewal notice (R441-2-7) and the warning before radiation
    for no answer (R441-2-8). The beat jobs read `radiation_prevue_le`; an answer recorded stops (or, after the
    radiation, reverses) it."""

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="courriers")
    type = models.CharField(max_length=13, choices=TypeCourrier.choices)
    objet = models.CharField("objet", max_length=300)
    envoye_le = models.DateField("envoyé le")
    par = models.ForeignKey(Utilisateur, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    radiation_prevue_le = models.DateField("radiation faute de réponse le", null=True, blank=True)
    repondu_le = models.DateField("réponse reçue le", null=True, blank=True)
    reponse_notee_par = models.ForeignKey(
        Utilisateur, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["demande", "-envoye_le", "-pk"]
        indexes = [
            models.Index(
                fields=["radiation_prevue_le"],
                condition=Q(repondu_le__isnull=True, type="AVERTISSEMENT"),
                name="courrier_avertissement_ouvert",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} du {self.envoye_le:%d/%m/%Y}"


class DeclencheurEffacement(models.TextChoices):
    TACHE = "TACHE", "la tâche planifiée de la nuit"
    COMMANDE = "COMMANDE", "la commande purger_demandes_radiees"


class EffacementDemande(models.Model):
    """The erasure of a struck-off demand's personal data once its retention period is over (demandes/retention/):
    which demand, when, by what (the nightly job or the command, and who ran it), after how long. One per demand
    (the erasure runs once); append-only. It is the audit of the erasure, with the pghistory events of the rows it
    blanked (context « conservation ») and the line it writes in the demand's log."""

    demande = models.OneToOneField(Demande, on_delete=models.PROTECT, related_name="effacement")
    le = models.DateTimeField("effacée le", auto_now_add=True, db_index=True)
    par = models.ForeignKey(
        Utilisateur,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Vide quand la tâche planifiée (ou la commande sans compte) a effacé.",
    )
    declencheur = models.CharField("par", max_length=8, choices=DeclencheurEffacement.choices)
    conservation_mois = models.PositiveSmallIntegerField("durée de conservation après la radiation (mois)")
    date_radiation = models.DateField("radiée le")
    motif_radiation = models.CharField(max_length=6, choices=MotifRadiation.choices)

    class Meta:
        ordering = ["-le", "-pk"]
        verbose_name = "effacement des données d'une demande"
        verbose_name_plural = "effacements des données des demandes"

    def __str__(self) -> str:
        return f"Données de la demande n° {self.demande_id} effacées le {self.le:%d/%m/%Y}"
