"""The writes of the notifications: tell an event once to its people (in the application, and by e-mail at once to
those who chose « immédiat », by a worker once the transaction is committed), mark notifications read, set one's
choice for e-mails. Keyword-only, transactional."""

from __future__ import annotations

from collections.abc import Iterable

from celery import current_app
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from notifications.models import Notification
from notifications.signals import notify

from territoire.models import Utilisateur

from .models import EvenementNotifie, FrequenceCourriel, PreferenceNotification
from .selectors import notifications_de

# The worker's task that sends the immediate e-mails (alertes/tasks.py), named: services never import tasks.
TACHE_IMMEDIATS = "alertes.tasks.envoyer_immediats"


@transaction.atomic
def notifier(
    *,
    cle: str,
    type: str,
    destinataires: Iterable[Utilisateur],
    acteur: models.Model,
    verbe: str,
    url: str,
    cible: models.Model | None = None,
    objet: str = "",
) -> int:
    """Tells the event `cle` (unique, at most 120 characters: « logement-a-pourvoir:12 ») to `destinataires`: one
    notification each (django-notifications-community: `verbe` its text, `acteur` who caused it, `cible` the object,
    `url` the page to open and `type` in its data). Once: a key already told writes nothing and returns 0. The
    immediate e-mails are sent by a worker after the commit. Returns the number of notifications written. The text
    says only what every recipient may read: a dwelling's reference, a count, never an applicant's name. `objet` (a
    demand's number, say) tells apart notifications of the same kind on the page of notifications, never in e-mails."""
    destinataires = list({u.pk: u for u in destinataires}.values())
    try:
        with transaction.atomic():
            evenement = EvenementNotifie.objects.create(cle=cle[:120], type=type, destinataires=len(destinataires))
    except IntegrityError:
        return 0  # told already (a signal sent twice, a task retried, tomorrow's scan)
    if not destinataires:
        return 0
    reponses = notify.send(
        acteur,
        recipient=destinataires,
        verb=verbe,
        target=cible,
        data={"url": url, "type": type, "evenement": evenement.pk, **({"objet": objet[:80]} if objet else {})},
    )
    ecrites = [n for _recepteur, notifs in reponses if isinstance(notifs, list) for n in notifs]
    silencieux = set(
        PreferenceNotification.objects.filter(
            utilisateur_id__in=[u.pk for u in destinataires],
            courriel__in=[FrequenceCourriel.QUOTIDIEN, FrequenceCourriel.AUCUN],
        ).values_list("utilisateur_id", flat=True)
    )
    immediats = [n.pk for n in ecrites if n.recipient_id not in silencieux]
    if immediats:
        transaction.on_commit(lambda: current_app.send_task(TACHE_IMMEDIATS, args=[immediats]))
    return len(ecrites)


def marquer_lue(*, par: Utilisateur, notification: Notification) -> None:
    """Marks one of `par`'s notifications read (PermissionDenied for anyone else's: the views read it through
    selectors.notifications_de, a 404). Read already: nothing changes (a double click is harmless)."""
    if notification.recipient_id != par.pk:
        raise PermissionDenied("Cette notification n'est pas la vôtre.")
    notification.mark_as_read()


def marquer_toutes_lues(*, par: Utilisateur) -> int:
    """Marks all of `par`'s notifications read; returns how many were unread."""
    return notifications_de(par).mark_all_as_read()


@transaction.atomic
def preference_definir(*, par: Utilisateur, courriel: str) -> PreferenceNotification:
    """Sets `par`'s choice for e-mails (a FrequenceCourriel code; ValueError for another)."""
    if courriel not in FrequenceCourriel.values:
        raise ValueError(f"Fréquence de courriel inconnue : {courriel}")
    preference, _ = PreferenceNotification.objects.update_or_create(utilisateur=par, defaults={"courriel": courriel})
    return preference
