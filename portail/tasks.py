"""The applicant's space's Celery tasks, thin: sending a sign-in link (on a worker, so that the page answers in the
same time whether a number exists or not)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.urls import reverse

from . import courriels
from .models import ConnexionDemandeur


@shared_task(name="portail.tasks.envoyer_lien")
def envoyer_lien(connexion_id: int, jeton: str) -> str:
    """Sends the sign-in link of a ConnexionDemandeur (connexion.lien_demander); returns « envoyé » or why not."""
    connexion = ConnexionDemandeur.objects.select_related("personne__demande").filter(pk=connexion_id).first()
    if connexion is None:
        return "lien introuvable (demande effacée)"
    envoye = courriels.envoyer(
        connexion.personne,
        "lien",
        {
            "url": courriels.url_absolue(reverse("portail:entrer", args=[jeton])),
            "minutes": int(settings.CASA_PORTAIL_LIEN_MINUTES),
        },
    )
    return "envoyé" if envoye else "aucune adresse"


@shared_task(name="portail.tasks.avertir_demandeurs")
def avertir_demandeurs() -> str:
    """Hourly (beat): « du nouveau sur votre demande » to the holders whose timeline moved (portail/avis.py)."""
    from . import avis

    return avis.avertir().resume()
