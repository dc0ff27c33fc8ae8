"""The notifications' e-mails, in French and plain text (as every e-mail of the project), sent through Django's
e-mail backend by the worker (tasks): one per notification (« immédiat »), the daily digest (« résumé quotidien »),
the weekly digest of the steps stalled on each partner's side. They say what the notification says (a dwelling's
reference, a count, a deposit's number: never an applicant's name) and give the link to the page; the reader signs in
to see what its role allows. A notification is marked `emailed` once told by e-mail: never twice."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from notifications.models import Notification

from territoire.models import Utilisateur

from .destinataires import personnes
from .hebdomadaire import blocs
from .models import EvenementNotifie, FrequenceCourriel, PreferenceNotification

journal = logging.getLogger(__name__)

# The daily digest lists the notifications of the last week at most (a digest missed for a few days loses nothing).
RESUME_JOURS = 7


def url_absolue(chemin: str) -> str:
    """`chemin` on the site's public address (CASA_PROTOCOLE, CASA_DOMAINE): e-mails leave from a worker."""
    return f"{settings.CASA_PROTOCOLE}://{settings.CASA_DOMAINE}{chemin}"


def _contexte(**contexte) -> dict:
    return {
        "produit": settings.CASA_NOM_PRODUIT,
        "url_notifications": url_absolue(reverse("alertes:liste")),
        "url_preferences": url_absolue(reverse("alertes:preferences")),
        **contexte,
    }


def _ligne(notification: Notification) -> dict:
    return {
        "texte": notification.verb,
        "url": url_absolue((notification.data or {}).get("url") or reverse("alertes:liste")),
        "le": timezone.localtime(notification.timestamp),
    }


def _message(modele: str, destinataire: Utilisateur, contexte: dict) -> EmailMessage:
    contexte = _contexte(**contexte)
    sujet = " ".join(render_to_string(f"alertes/courriels/{modele}_sujet.txt", contexte).split())
    return EmailMessage(sujet, render_to_string(f"alertes/courriels/{modele}.txt", contexte), to=[destinataire.email])


def _frequences(ids) -> dict[int, str]:
    return dict(
        PreferenceNotification.objects.filter(utilisateur_id__in=list(ids)).values_list("utilisateur_id", "courriel")
    )


def envoyer_immediats(ids: list[int]) -> int:
    """One e-mail per notification `ids` not yet sent, to a recipient who still chose « immédiat » and has an
    address; each marked sent in the transaction that sends it (a task delivered twice sends nothing twice). Returns
    the e-mails sent."""
    n = 0
    for pk in ids:
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("recipient")
                .filter(pk=pk, emailed=False)
                .first()
            )
            if notification is None:
                continue
            destinataire = notification.recipient
            frequence = _frequences([destinataire.pk]).get(destinataire.pk, FrequenceCourriel.IMMEDIAT)
            if frequence != FrequenceCourriel.IMMEDIAT or not destinataire.email or not destinataire.is_active:
                continue  # left for the daily digest (or for no e-mail)
            message = _message("immediat", destinataire, {"notification": _ligne(notification)})
            get_connection().send_messages([message])
            Notification.objects.filter(pk=pk).update(emailed=True)
            n += 1
    return n


def envoyer_resumes_quotidiens() -> int:
    """The daily digest: to each person who chose « résumé quotidien », one e-mail listing its notifications not yet
    told by e-mail, still unread, of the last RESUME_JOURS days (oldest first: a person who long chose « aucun » is not
    sent a year of them), then marked sent. Returns the e-mails sent."""
    depuis = timezone.now() - dt.timedelta(days=RESUME_JOURS)
    quotidiens = PreferenceNotification.objects.filter(
        courriel=FrequenceCourriel.QUOTIDIEN, utilisateur__is_active=True
    ).exclude(utilisateur__email="")
    n = 0
    for utilisateur in Utilisateur.objects.filter(pk__in=quotidiens.values("utilisateur_id")).order_by("pk"):
        with transaction.atomic():
            a_dire = list(
                Notification.objects.select_for_update(skip_locked=True)
                .filter(recipient=utilisateur, emailed=False, unread=True, timestamp__gte=depuis)
                .order_by("timestamp", "pk")
            )
            if not a_dire:
                continue
            message = _message(
                "quotidien", utilisateur, {"notifications": [_ligne(x) for x in a_dire], "nombre": len(a_dire)}
            )
            get_connection().send_messages([message])
            Notification.objects.filter(pk__in=[x.pk for x in a_dire]).update(emailed=True)
            n += 1
    return n


def envoyer_resumes_hebdomadaires(*, jour: dt.date | None = None) -> int:
    """The weekly digest: to each partner with steps stalled on its side (hebdomadaire.blocs), one e-mail to each of
    its people holding the roles that act on them, unless they chose « aucun ». Once per organisation and ISO week
    (EvenementNotifie). Returns the e-mails sent."""
    jour = jour or timezone.localdate()
    annee, semaine, _ = jour.isocalendar()
    n = 0
    for bloc in blocs(jour):
        with transaction.atomic():
            cle = f"hebdomadaire:{bloc.organisation.pk}:{annee}-S{semaine:02d}"
            _evenement, cree = EvenementNotifie.objects.get_or_create(cle=cle, defaults={"type": "hebdomadaire"})
            if not cree:
                continue
            lecteurs = [u for u in personnes([bloc.organisation.pk], bloc.roles) if u.email]
            aucun = {pk for pk, f in _frequences(u.pk for u in lecteurs).items() if f == FrequenceCourriel.AUCUN}
            lignes = [{"texte": e.texte, "url": url_absolue(e.chemin)} for e in bloc.etapes]
            messages = [
                _message(
                    "hebdomadaire",
                    u,
                    {"organisation": bloc.organisation.nom, "etapes": lignes, "semaine": semaine, "jour": jour},
                )
                for u in lecteurs
                if u.pk not in aucun
            ]
            _evenement.destinataires = len(messages)
            _evenement.save(update_fields=["destinataires"])
            if messages:
                get_connection().send_messages(messages)
            n += len(messages)
    return n
