"""The sign-ins of the applicant's space: each link sent is a row, used once (docs/portail.md « Connexion »)."""

from __future__ import annotations

from django.db import models

from demandes.models import Demande, Personne


class ConnexionDemandeur(models.Model):
    """A sign-in link sent to the applicant or the co-applicant of a demand (connexion.lien_demander), then used once
    (connexion.lien_utiliser): the row is the log of the sign-in. No address nor token is kept: the token is signed
    (django.core.signing) and names this row; the e-mail address is the demand's. Erased with the person."""

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="connexions_portail")
    personne = models.ForeignKey(Personne, on_delete=models.CASCADE, related_name="connexions_portail")
    demandee_le = models.DateTimeField("lien demandé le", auto_now_add=True, db_index=True)
    expire_le = models.DateTimeField("lien valable jusqu'au")
    utilisee_le = models.DateTimeField("connexion le", null=True, blank=True)

    class Meta:
        ordering = ["-demandee_le", "-pk"]
        verbose_name = "connexion à l'espace du demandeur"
        verbose_name_plural = "connexions à l'espace du demandeur"

    def __str__(self) -> str:
        return f"Lien de connexion n° {self.pk} ({'utilisé' if self.utilisee_le else 'non utilisé'})"


class AvisDemandeur(models.Model):
    """What the holders of a demand were last told by e-mail (avis.avertir): how many steps of the timeline they had
    been told of, and when. One row per demand, erased with it."""

    demande = models.OneToOneField(Demande, on_delete=models.CASCADE, primary_key=True, related_name="avis_portail")
    etapes_annoncees = models.PositiveIntegerField("étapes annoncées", default=0)
    envoye_le = models.DateTimeField("dernier avis envoyé le", null=True, blank=True)

    class Meta:
        verbose_name = "avis au demandeur"
        verbose_name_plural = "avis aux demandeurs"

    def __str__(self) -> str:
        return f"Avis de la demande n° {self.demande_id}"
