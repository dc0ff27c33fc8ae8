"""What a person reads of the notifications: its own only (another's is a 404), and its choice for e-mails."""

from __future__ import annotations

from django.db.models import QuerySet
from notifications.models import Notification

from .models import FrequenceCourriel, PreferenceNotification


def notifications_de(user) -> QuerySet[Notification]:
    """`user`'s notifications, newest first (Notification of django-notifications-community)."""
    return Notification.objects.filter(recipient_id=user.pk).order_by("-timestamp", "-pk")


def nombre_non_lues(user) -> int:
    """How many of `user`'s notifications are unread (the bell of the header: one query)."""
    return Notification.objects.filter(recipient_id=user.pk, unread=True).count()


def frequence_de(user) -> str:
    """`user`'s choice for e-mails (FrequenceCourriel code; « immédiat » without a row)."""
    preference = PreferenceNotification.objects.filter(utilisateur_id=user.pk).first()
    return preference.courriel if preference else FrequenceCourriel.IMMEDIAT
