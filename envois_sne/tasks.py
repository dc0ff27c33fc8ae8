"""The outbox's Celery tasks, thin: the day's sending (services.envoyer_du_jour) and the nightly blanking of the old
files (conservation.effacer_fichiers). Scheduled by beat (casa_logement/settings/celery.py, « envois-au-sne »,
« envois-sne-effacer-fichiers-anciens »)."""

from __future__ import annotations

from celery import shared_task

from . import conservation, services


@shared_task(name="envois_sne.tasks.envoyer_au_sne")
def envoyer_au_sne() -> str:
    """Daily (beat): collects the events of the day, sends the ready ones in the day's file; returns what it did."""
    return " ".join(services.envoyer_du_jour().lignes())


@shared_task(name="envois_sne.tasks.effacer_fichiers_anciens")
def effacer_fichiers_anciens() -> str:
    """Nightly (beat): the day's files answered by the SNE and the acknowledgements read blanked
    CASA_SNE_CONSERVATION_FICHIERS_JOURS days after (envois_sne/conservation.py); counts only."""
    return conservation.effacer_fichiers().resume()
