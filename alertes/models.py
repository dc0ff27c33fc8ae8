"""The notifications' own rows: each person's choice for e-mails (PreferenceNotification) and the ledger of the events
already told (EvenementNotifie), which keeps a retried task, a signal sent twice or a daily scan from telling the same
thing twice. The notifications themselves are django-notifications-community's (``notifications.Notification``)."""

from __future__ import annotations

import pghistory
from django.db import models

from territoire.models import Utilisateur


class FrequenceCourriel(models.TextChoices):
    """How a person receives its notifications by e-mail (in the application: always)."""

    IMMEDIAT = "IMMEDIAT", "Immédiat (un courriel par notification)"
    QUOTIDIEN = "QUOTIDIEN", "Résumé quotidien (un courriel par jour au plus)"
    AUCUN = "AUCUN", "Aucun courriel (dans l'application seulement)"


@pghistory.track()
class PreferenceNotification(models.Model):
    """A person's choice for e-mails (docs/partenaires.md « Notifications »). No row: « immédiat »."""

    utilisateur = models.OneToOneField(
        Utilisateur, on_delete=models.CASCADE, primary_key=True, related_name="preference_notification"
    )
    courriel = models.CharField(
        "courriels", max_length=10, choices=FrequenceCourriel.choices, default=FrequenceCourriel.IMMEDIAT
    )
    modifiee_le = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "préférence de notification"
        verbose_name_plural = "préférences de notification"

    def __str__(self) -> str:
        return f"{self.utilisateur} : {self.get_courriel_display()}"


class EvenementNotifie(models.Model):
    """An event already told (a dwelling to fill, a deposit checked, a weekly digest…), by its key: « logement-a-
    pourvoir:12 », « depot-cal:4:transition:31 », « hebdomadaire:7:2026-W14 ». The unique key makes the telling
    idempotent. Nothing personal: a kind, ids and a date."""

    cle = models.CharField("clé", max_length=120, unique=True)
    type = models.CharField(max_length=40, db_index=True)
    destinataires = models.PositiveIntegerField("personnes notifiées", default=0)
    cree_le = models.DateTimeField("notifié le", auto_now_add=True)

    class Meta:
        ordering = ["-cree_le", "-pk"]
        verbose_name = "événement notifié"
        verbose_name_plural = "événements notifiés"

    def __str__(self) -> str:
        return self.cle
