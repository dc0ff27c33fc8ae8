"""The Commission Communautaire de Proposition de Candidats (CCPC): its colleges and members, its sessions (agenda,
convocations, attendance, the commission's avis on each positionnement) and CASA's rule for a valid session."""

from __future__ import annotations

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from commun.etats import JournalTransition
from positionnements.models import Positionnement
from programmation.models import Disponibilite
from territoire.models import Commune, Organisation, Utilisateur

from .etats import EtatSeance


class College(models.TextChoices):
    ELUS_CASA = "ELUS_CASA", "Élus du conseil communautaire"
    ELUS_COMMUNES = "ELUS_COMMUNES", "Élus des communes"
    ASSOCIATION = "ASSOCIATION", "Association d'insertion ou de logement"
    ETAT = "ETAT", "État"
    BAILLEURS = "BAILLEURS", "Bailleurs sociaux"
    ACTION_LOGEMENT = "ACTION_LOGEMENT", "Action Logement"


@pghistory.track()
class Membre(models.Model):
    """A member of the commission, titular or substitute of a titular, for a period."""

    college = models.CharField("collège", max_length=16, choices=College.choices)
    civilite = models.CharField("civilité", max_length=3, choices=[("M.", "M."), ("Mme", "Mme")])
    prenom = models.CharField("prénom", max_length=100)
    nom = models.CharField(max_length=100)
    qualite = models.CharField("qualité", max_length=200, blank=True, help_text="Par exemple « adjoint au logement ».")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="membres_commission")
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, help_text="Pour les élus des communes."
    )
    titulaire = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="suppleants",
        help_text="Vide pour un titulaire ; pour un suppléant, le titulaire qu'il remplace.",
    )
    utilisateur = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="mandats_commission"
    )
    courriel = models.EmailField(blank=True)
    debut = models.DateField("membre depuis le")
    fin = models.DateField("jusqu'au", null=True, blank=True)

    class Meta:
        ordering = ["college", "commune__nom", "nom"]
        constraints = [
            models.CheckConstraint(condition=Q(fin__isnull=True) | Q(fin__gte=models.F("debut")), name="membre_dates")
        ]

    def __str__(self) -> str:
        return f"{self.civilite} {self.prenom} {self.nom}"

    @property
    def est_titulaire(self) -> bool:
        return self.titulaire_id is None


class RegleQuorum(models.Model):
    """CASA's rule for a valid session, in force from a date (the latest applies): a share of the titular members
    present (themselves or through their substitute), and the colleges that must be present."""

    debut = models.DateField("en vigueur à partir du", unique=True)
    part_titulaires = models.DecimalField(
        "part des titulaires présents ou représentés", max_digits=4, decimal_places=3, help_text="0,5 pour la moitié."
    )
    colleges_obligatoires = ArrayField(
        models.CharField(max_length=16, choices=College.choices), default=list, blank=True
    )
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-debut"]
        verbose_name = "règle de quorum"

    def __str__(self) -> str:
        return f"Quorum du {self.debut:%d/%m/%Y}"


@pghistory.track()
class Seance(models.Model):
    date = models.DateTimeField()
    lieu = models.CharField(max_length=200)
    etat = models.CharField("état", max_length=10, choices=EtatSeance.choices, default=EtatSeance.PREPAREE)
    numero = models.CharField("numéro", max_length=20, unique=True, help_text="Par exemple CCPC-2026-12.")
    creee_par = models.ForeignKey(Utilisateur, on_delete=models.PROTECT, related_name="+")
    convoquee_le = models.DateTimeField(null=True, blank=True)
    close_le = models.DateTimeField(null=True, blank=True)
    proces_verbal = models.BinaryField("procès-verbal (PDF)", null=True, blank=True)
    proces_verbal_membres = models.BinaryField(
        "procès-verbal, version des membres (PDF)", null=True, blank=True, help_text="Sans numéro de demande ni motif."
    )
    codes = models.JSONField(
        "codes des candidats",
        default=dict,
        blank=True,
        help_text="{id du positionnement: « A1 »} figés à la clôture : les codes du dossier et de la séance, que le "
        "nouveau classement ne change pas.",
    )
    dossier = models.BinaryField("dossier de séance, version de la CASA (PDF)", null=True, blank=True)
    dossier_membres = models.BinaryField("dossier de séance, version des membres (PDF)", null=True, blank=True)
    dossier_genere_le = models.DateTimeField("dossier produit le", null=True, blank=True)
    distance_debut = models.DateTimeField(
        "à distance : ouverte le", null=True, blank=True, help_text="Vide pour une séance tenue en salle."
    )
    distance_fin = models.DateTimeField("à distance : fermée le", null=True, blank=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = "séance"
        constraints = [
            models.CheckConstraint(
                condition=Q(distance_debut__isnull=True, distance_fin__isnull=True)
                | Q(distance_fin__gt=models.F("distance_debut")),
                name="seance_fenetre_distance",
            )
        ]

    def __str__(self) -> str:
        return f"{self.numero} du {self.date:%d/%m/%Y}"

    @property
    def a_distance(self) -> bool:
        """Whether the session is (or was) held at a distance: the members' avis given online in a window."""
        return self.distance_debut is not None


class TransitionSeance(JournalTransition):
    """Each change of a session's state: created, convened, held, closed; by whom and when."""

    seance = models.ForeignKey(Seance, on_delete=models.CASCADE, related_name="transitions")
    de = models.CharField("état avant", max_length=20, choices=EtatSeance.choices, blank=True)
    vers = models.CharField("état après", max_length=20, choices=EtatSeance.choices)

    class Meta:
        ordering = ["seance", "le", "pk"]

    def __str__(self) -> str:
        return f"{self.seance} : {self.get_de_display()} → {self.get_vers_display()}"


class PointOrdreDuJour(models.Model):
    """A dwelling on the agenda, with the positionnements proposed on it."""

    seance = models.ForeignKey(Seance, on_delete=models.CASCADE, related_name="points")
    disponibilite = models.ForeignKey(Disponibilite, on_delete=models.PROTECT, related_name="points_ccpc")
    ordre = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["seance", "ordre"]
        constraints = [
            models.UniqueConstraint(fields=["seance", "disponibilite"], name="point_logement_unique"),
            models.UniqueConstraint(
                fields=["seance", "ordre"], name="point_ordre_unique", deferrable=models.Deferrable.DEFERRED
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ordre}. {self.disponibilite}"


class Convocation(models.Model):
    seance = models.ForeignKey(Seance, on_delete=models.CASCADE, related_name="convocations")
    membre = models.ForeignKey(Membre, on_delete=models.PROTECT, related_name="convocations")
    envoyee_le = models.DateTimeField(null=True, blank=True)
    present = models.BooleanField("présent", default=False)

    class Meta:
        ordering = ["seance", "membre"]
        constraints = [models.UniqueConstraint(fields=["seance", "membre"], name="convocation_unique")]

    def __str__(self) -> str:
        return f"{self.membre} ({'présent' if self.present else 'absent'})"


class DecisionAvis(models.TextChoices):
    VALIDE = "VALIDE", "Validé"
    AJOURNE = "AJOURNE", "Ajourné"
    REFUSE = "REFUSE", "Refusé"


@pghistory.track()
class Avis(models.Model):
    """The commission's avis on a positionnement, given in session by a member present (who reports it), with the
    reason when ajourné or refusé, and the rank the commission gives the candidate (it may change the order)."""

    seance = models.ForeignKey(Seance, on_delete=models.CASCADE, related_name="avis")
    positionnement = models.ForeignKey(Positionnement, on_delete=models.PROTECT, related_name="avis_ccpc")
    decision = models.CharField("avis", max_length=8, choices=DecisionAvis.choices)
    motif = models.CharField(max_length=500, blank=True)
    rang = models.PositiveSmallIntegerField("rang retenu")
    rapporteur = models.ForeignKey(Membre, on_delete=models.PROTECT, related_name="+")
    saisi_par = models.ForeignKey(Utilisateur, on_delete=models.PROTECT, related_name="+")
    saisi_le = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["seance", "positionnement__disponibilite", "rang"]
        verbose_name_plural = "avis"
        constraints = [
            models.UniqueConstraint(fields=["seance", "positionnement"], name="avis_unique"),
            models.CheckConstraint(
                condition=Q(decision="VALIDE") | ~Q(motif=""), name="avis_motif_si_ajourne_ou_refuse"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.positionnement} : {self.get_decision_display()}"


@pghistory.track()
class AvisMembre(models.Model):
    """One member's avis on a candidate in a session held at a distance, given online during the window (the same
    three avis as in the room, the reason when ajourné or refusé); changed until the close (one row per member and
    candidate). At the close, the commission's Avis follows them (commissions.services.distance)."""

    seance = models.ForeignKey(Seance, on_delete=models.CASCADE, related_name="avis_membres")
    positionnement = models.ForeignKey(Positionnement, on_delete=models.PROTECT, related_name="avis_membres_ccpc")
    membre = models.ForeignKey(Membre, on_delete=models.PROTECT, related_name="avis_a_distance")
    decision = models.CharField("avis", max_length=8, choices=DecisionAvis.choices)
    motif = models.CharField(max_length=500, blank=True)
    donne_le = models.DateTimeField("donné le", auto_now=True)

    class Meta:
        ordering = ["seance", "positionnement", "membre"]
        verbose_name = "avis d'un membre à distance"
        verbose_name_plural = "avis des membres à distance"
        constraints = [
            models.UniqueConstraint(fields=["seance", "positionnement", "membre"], name="avis_membre_unique"),
            models.CheckConstraint(
                condition=Q(decision="VALIDE") | ~Q(motif=""), name="avis_membre_motif_si_ajourne_ou_refuse"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membre} sur {self.positionnement} : {self.get_decision_display()}"


@pghistory.track()
class MessageFil(models.Model):
    """A message of a member in the thread of one dwelling of a session held at a distance. Never edited: a message
    corrects another by following it."""

    seance = models.ForeignKey(Seance, on_delete=models.CASCADE, related_name="messages_fil")
    disponibilite = models.ForeignKey(Disponibilite, on_delete=models.PROTECT, related_name="messages_ccpc")
    membre = models.ForeignKey(Membre, on_delete=models.PROTECT, related_name="messages_a_distance")
    texte = models.TextField(max_length=2000)
    le = models.DateTimeField("posté le", auto_now_add=True)

    class Meta:
        ordering = ["seance", "disponibilite", "le", "pk"]
        verbose_name = "message du fil d'un logement"
        verbose_name_plural = "messages des fils des logements"

    def __str__(self) -> str:
        return f"{self.membre} le {self.le:%d/%m/%Y %H:%M}"
