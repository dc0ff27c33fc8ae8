"""Models of access governance (issue 15), imported at the end of territoire.models: the periodic « revue des
habilitations » of each organisation, the accounts switched off after a long disuse, the log of sensitive reads.
The rules are in territoire.acces, the writes in territoire.services_acces, the reads in territoire.selectors_acces.
"""

from __future__ import annotations

import pghistory
from django.db import models
from django.db.models import Q
from django.utils import timezone

# The models of territoire.models are named by their label ("territoire.Utilisateur"): that module imports this one
# at its end, and the arrow goes one way only (tests/projet/test_architecture.py).


class DecisionRevue(models.TextChoices):
    A_REVOIR = "A_REVOIR", "À revoir"
    CONFIRMEE = "CONFIRMEE", "Confirmée"
    TERMINEE = "TERMINEE", "Fin de l'habilitation"


@pghistory.track()
class RevueHabilitations(models.Model):
    """« Revue des habilitations » of an organisation: every CASA_REVUE_HABILITATIONS_MOIS months its administrator
    confirms or ends each habilitation its people held at the opening (CNIL, guide de la sécurité des données
    personnelles, « Gérer les habilitations » : revoir régulièrement les droits). Opened by the nightly task
    (territoire.services_acces.revues_ouvrir), closed when no row is left to decide; late after `echeance` (opening +
    CASA_REVUE_HABILITATIONS_RETARD_JOURS), when CASA's administrators are told."""

    organisation = models.ForeignKey(
        "territoire.Organisation", on_delete=models.PROTECT, related_name="revues_habilitations"
    )
    ouverte_le = models.DateField("ouverte le")
    echeance = models.DateField("à terminer avant le")
    close_le = models.DateTimeField("close le", null=True, blank=True)
    relancee_le = models.DateTimeField("dernier rappel le", null=True, blank=True)
    signalee_casa_le = models.DateTimeField("retard signalé à la CASA le", null=True, blank=True)

    class Meta:
        app_label = "territoire"
        ordering = ["-ouverte_le", "organisation__nom"]
        verbose_name = "revue des habilitations"
        verbose_name_plural = "revues des habilitations"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"], condition=Q(close_le__isnull=True), name="une_revue_ouverte_par_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"Revue des habilitations de {self.organisation} ouverte le {self.ouverte_le:%d/%m/%Y}"

    @property
    def ouverte(self) -> bool:
        return self.close_le is None


@pghistory.track()
class LigneRevue(models.Model):
    """One habilitation to review in a campaign, and what its organisation's administrator decided."""

    revue = models.ForeignKey(RevueHabilitations, on_delete=models.CASCADE, related_name="lignes")
    habilitation = models.ForeignKey("territoire.Habilitation", on_delete=models.CASCADE, related_name="lignes_revue")
    decision = models.CharField(
        "décision", max_length=10, choices=DecisionRevue.choices, default=DecisionRevue.A_REVOIR
    )
    par = models.ForeignKey("territoire.Utilisateur", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    le = models.DateTimeField("décidée le", null=True, blank=True)

    class Meta:
        app_label = "territoire"
        ordering = ["revue", "pk"]
        verbose_name = "ligne de revue"
        verbose_name_plural = "lignes de revue"
        constraints = [models.UniqueConstraint(fields=["revue", "habilitation"], name="ligne_revue_unique")]

    def __str__(self) -> str:
        return f"{self.habilitation} : {self.get_decision_display()}"


@pghistory.track()
class DesactivationCompte(models.Model):
    """An account switched off because nobody used it for CASA_COMPTE_INACTIF_JOURS days, and its reactivation by
    an administrator. `desactive_le` is empty for an account found switched off elsewhere (the admin site) and
    reactivated from its page: the reactivation date is what keeps the nightly task from switching it off again."""

    utilisateur = models.ForeignKey("territoire.Utilisateur", on_delete=models.CASCADE, related_name="desactivations")
    desactive_le = models.DateTimeField("désactivé le", null=True, blank=True)
    derniere_activite = models.DateTimeField(
        "dernière activité", null=True, blank=True, help_text="Dernière connexion, ou création du compte."
    )
    reactive_le = models.DateTimeField("réactivé le", null=True, blank=True)
    reactive_par = models.ForeignKey(
        "territoire.Utilisateur", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        app_label = "territoire"
        ordering = ["-pk"]
        verbose_name = "désactivation de compte"
        verbose_name_plural = "désactivations de comptes"

    def __str__(self) -> str:
        quand = f"{timezone.localtime(self.desactive_le):%d/%m/%Y}" if self.desactive_le else "hors de l'application"
        return f"{self.utilisateur} désactivé ({quand})"


class NatureLecture(models.TextChoices):
    PIECE = "PIECE", "Pièce d'une demande téléchargée"
    PIECE_CONFIDENTIELLE = "PIECE_CONFIDENTIELLE", "Pièce confidentielle téléchargée (handicap, protection)"
    LISTE_DEMANDES = "LISTE_DEMANDES", "Liste des demandes (page)"
    EXPORT_DEMANDES = "EXPORT_DEMANDES", "Liste des demandes (export CSV ou XLSX)"
    API_DEMANDES = "API_DEMANDES", "Liste des demandes (API)"
    CANDIDATS = "CANDIDATS", "Candidats d'un logement (page)"
    API_CANDIDATS = "API_CANDIDATS", "Candidats d'un logement (API)"
    LISTE_SUIVI = "LISTE_SUIVI", "Liste derrière un chiffre du suivi"
    DOSSIER_SEANCE = "DOSSIER_SEANCE", "Dossier de séance nominatif (PDF)"
    PROCES_VERBAL = "PROCES_VERBAL", "Procès-verbal nominatif (PDF)"
    EXPORT_ACCES = "EXPORT_ACCES", "Export « qui voit quoi »"


class LectureSensible(models.Model):
    """Who read a piece of a demand, a list of demands or a named export, and when: the object's id and how many
    demands were sent, never what was read nor the search typed. Append-only, one insert per read (written by
    territoire.services_acces.lecture_noter), shown to CASA's administrators on « Lectures sensibles »."""

    par = models.ForeignKey("territoire.Utilisateur", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "territoire.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    nature = models.CharField(max_length=30, choices=NatureLecture.choices)
    objet_id = models.BigIntegerField("identifiant de l'objet lu", null=True, blank=True)
    demande_id = models.BigIntegerField("identifiant de la demande", null=True, blank=True)
    nombre = models.PositiveIntegerField("nombre de lignes envoyées", null=True, blank=True)
    le = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "territoire"
        ordering = ["-le", "-pk"]
        verbose_name = "lecture sensible"
        verbose_name_plural = "lectures sensibles"
        indexes = [
            models.Index(fields=["-le"], name="lecture_par_date"),
            models.Index(fields=["par", "-le"], name="lecture_par_auteur"),
            models.Index(fields=["nature", "-le"], name="lecture_par_nature"),
        ]

    def __str__(self) -> str:
        return f"{self.get_nature_display()} par {self.par_id} le {timezone.localtime(self.le):%d/%m/%Y %H:%M}"
