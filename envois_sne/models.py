"""The outbox to the SNE (docs/sne.md « Envois au SNE »): one event per fact to report, produced once from the
application's append-only logs (its source row is a unique key), its states and their log, the daily files handed to
the transport, the SNE's acknowledgements read, and where the collector stopped."""

from __future__ import annotations

from django.db import models

from commun.etats import JournalTransition
from demandes.models import Demande
from territoire.models import Utilisateur

from .codes import EtatEvenementSNE, SourceEvenement, TypeEvenementSNE


class FichierEnvoiSNE(models.Model):
    """A day's file: a ZIP of one XML document per event (docs/sne.md), as handed to the transport, kept."""

    jour = models.DateField("jour")
    numero = models.PositiveSmallIntegerField("numéro dans le jour", default=1)
    nom = models.CharField("nom du fichier", max_length=100, unique=True)
    contenu = models.BinaryField("fichier (ZIP)")
    empreinte = models.CharField("empreinte SHA-256", max_length=64)
    nombre_evenements = models.PositiveIntegerField("événements")
    transport = models.CharField("transport", max_length=100)
    destination = models.CharField("déposé à", max_length=500)
    par = models.ForeignKey(
        Utilisateur,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Vide : la tâche planifiée ou la commande envoyer_sne.",
    )
    cree_le = models.DateTimeField("produit le", auto_now_add=True)

    class Meta:
        ordering = ["-cree_le", "-pk"]
        verbose_name = "fichier envoyé au SNE"
        verbose_name_plural = "fichiers envoyés au SNE"
        constraints = [models.UniqueConstraint(fields=["jour", "numero"], name="fichier_sne_numero_du_jour")]

    def __str__(self) -> str:
        return self.nom


class RetourSNE(models.Model):
    """An acknowledgement file of the SNE, read once (the same content twice is refused), with what it did."""

    nom_fichier = models.CharField("nom du fichier", max_length=200)
    contenu = models.BinaryField("fichier")
    empreinte = models.CharField("empreinte SHA-256", max_length=64, unique=True)
    date_fichier = models.DateField("daté du", null=True, blank=True)
    acquittes = models.PositiveIntegerField("événements acquittés", default=0)
    rejetes = models.PositiveIntegerField("événements rejetés", default=0)
    numeros_uniques = models.PositiveIntegerField("numéros uniques reçus", default=0)
    deja_connus = models.PositiveIntegerField("lignes déjà connues", default=0)
    par = models.ForeignKey(Utilisateur, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    lu_le = models.DateTimeField("lu le", auto_now_add=True)

    class Meta:
        ordering = ["-lu_le", "-pk"]
        verbose_name = "retour du SNE"
        verbose_name_plural = "retours du SNE"

    def __str__(self) -> str:
        return f"{self.nom_fichier} (lu le {self.lu_le:%d/%m/%Y})"


class EvenementSNE(models.Model):
    """A fact the SNE must learn from us (R441-2-9 CCH for an attribution), built from one row of an append-only log
    (`source`, `source_id`: unique, so the collector never produces it twice). `contenu` holds what its XML document
    says (envois_sne/contenu.py); `attente` why it cannot leave yet (no numéro unique, no RPLS identifier…), empty
    when it is ready; `motif_rejet` the SNE's last reason for a rejection."""

    type = models.CharField(max_length=14, choices=TypeEvenementSNE.choices)
    etat = models.CharField("état", max_length=9, choices=EtatEvenementSNE.choices, default=EtatEvenementSNE.A_ENVOYER)
    demande = models.ForeignKey(Demande, on_delete=models.PROTECT, related_name="evenements_sne")
    source = models.CharField(max_length=24, choices=SourceEvenement.choices)
    source_id = models.BigIntegerField("ligne du journal")
    date_evenement = models.DateField("date de l'événement")
    contenu = models.JSONField("contenu envoyé", default=dict, blank=True)
    attente = models.CharField("en attente parce que", max_length=500, blank=True)
    motif_rejet = models.CharField("motif du rejet", max_length=500, blank=True)
    fichier = models.ForeignKey(
        FichierEnvoiSNE, on_delete=models.PROTECT, null=True, blank=True, related_name="evenements"
    )
    cree_le = models.DateTimeField("collecté le", auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date_evenement", "-pk"]
        verbose_name = "événement à envoyer au SNE"
        verbose_name_plural = "événements à envoyer au SNE"
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="evenement_sne_une_fois_par_source"),
        ]
        indexes = [models.Index(fields=["etat", "type"], name="evenement_sne_etat_type")]

    def __str__(self) -> str:
        return f"{self.numero} — {self.get_type_display()}"

    @property
    def numero(self) -> str:
        """The event's identifier in the files and the SNE's acknowledgement (identifiantEnvoi)."""
        return f"EVT-{self.pk:08d}"

    @property
    def pret(self) -> bool:
        return self.etat == EtatEvenementSNE.A_ENVOYER and not self.attente


class TransitionEvenementSNE(JournalTransition):
    """Each change of an event's state (etats.MACHINE_EVENEMENT_SNE), with the daily file that carried it or the
    acknowledgement that answered it."""

    evenement = models.ForeignKey(EvenementSNE, on_delete=models.CASCADE, related_name="transitions")
    de = models.CharField("état avant", max_length=20, choices=EtatEvenementSNE.choices, blank=True)
    vers = models.CharField("état après", max_length=20, choices=EtatEvenementSNE.choices)
    fichier = models.ForeignKey(FichierEnvoiSNE, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    retour = models.ForeignKey(RetourSNE, on_delete=models.PROTECT, null=True, blank=True, related_name="transitions")

    class Meta:
        ordering = ["evenement", "le", "pk"]

    def __str__(self) -> str:
        return f"{self.evenement} : {self.de or '—'} → {self.vers}"


class CurseurCollecte(models.Model):
    """Where the next collection starts: it reads the log rows recorded from `depuis` up to its own moment, then
    keeps that moment less a margin (for the transactions that committed late), never earlier than its own start
    (envois_sne/collecte.py). One row (`nom` = « journaux »)."""

    nom = models.CharField(max_length=20, unique=True, default="journaux")
    depuis = models.DateTimeField("journaux lus depuis")
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "point de collecte des événements SNE"

    def __str__(self) -> str:
        return f"Collecte depuis le {self.depuis:%d/%m/%Y %H:%M}"
