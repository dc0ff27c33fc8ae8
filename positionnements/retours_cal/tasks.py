"""The CAL deposit's Celery tasks: thin, they run a service under commun.travaux's progress (queued by
retours_cal.travaux, under the names it declares); and the daily task that records the offers not answered in the delay
(reponses.silences_enregistrer, scheduled in casa_logement/settings/celery.py). Imported by positionnements.apps when
Django starts: Celery's autodiscovery only looks for `<app>.tasks`."""

from __future__ import annotations

from functools import partial

from celery import shared_task

from commun.format_fr import compte
from commun.travaux import Etape

from . import reponses, services
from .travaux import SUIVI, TACHE_APPLICATION, TACHE_VERIFICATION


@shared_task(name=TACHE_VERIFICATION)
def verifier_depot(depot_id: int) -> str:
    """Checks a received deposit (services.depot_verifier)."""
    return SUIVI.executer(depot_id, Etape.VERIFICATION, partial(services.depot_verifier, depot_id=depot_id))


@shared_task(name=TACHE_APPLICATION)
def appliquer_depot(depot_id: int) -> str:
    """Applies a checked deposit (services.depot_appliquer)."""
    return SUIVI.executer(depot_id, Etape.APPLICATION, partial(services.depot_appliquer, depot_id=depot_id))


@shared_task(name=reponses.TACHE)
def silences_apres_delai() -> str:
    """Every day (casa_logement/settings/celery.py): the offers not answered in the delay refused for silence
    (reponses.silences_enregistrer), one deposit per landlord."""
    depots = reponses.silences_enregistrer()
    silences = sum(d.lignes for d in depots if d.etat == "APPLIQUE")
    return f"{compte(silences, 'silence enregistré', 'silences enregistrés')}, {compte(len(depots), 'dépôt', 'dépôts')}"
