"""The CAL returns are checked and applied by a Celery worker, with their progress kept in the cache for the page
(which asks every two seconds; commun.travaux); the outcome is kept on the deposit. Thin tasks: they call the
services."""

from __future__ import annotations

from functools import partial

from celery import shared_task

from commun.travaux import GRACE, SILENCE_MAX, Suivi

from . import services
from .models import DepotDecisionsCAL

__all__ = ["GRACE", "SILENCE_MAX", "SUIVI", "interrompue", "lancer_application", "lancer_verification", "progression"]

SUIVI = Suivi("positionnements:cal", DepotDecisionsCAL)


def cle_progression(depot_id: int) -> str:
    return SUIVI.cle(depot_id)


def progression(depot_id: int) -> dict | None:
    return SUIVI.progression(depot_id)


def interrompue(depot_id: int, etape: str | None = None) -> bool:
    """A check or an application (`etape`: VERIFICATION, APPLICATION, or either) that failed, that a worker started
    and no longer holds (killed in the middle), or that no worker took for SILENCE_MAX seconds."""
    depuis = None
    if etape != "APPLICATION":
        depot = DepotDecisionsCAL.objects.filter(pk=depot_id, etat__in=("RECU", "VERIFICATION")).first()
        depuis = depot.cree_le.timestamp() if depot else None
    return SUIVI.interrompu(depot_id, etape, depuis=depuis)


def lancer_verification(depot_id: int) -> None:
    """Asks a worker to check the deposit; the page waits for it (and says so if no worker takes it)."""
    SUIVI.lancer(depot_id, "VERIFICATION", verifier_depot)


@shared_task
def verifier_depot(depot_id: int) -> str:
    return SUIVI.executer(depot_id, "VERIFICATION", partial(services.depot_verifier, depot_id=depot_id))


def lancer_application(depot_id: int) -> None:
    """Asks a worker to apply the deposit; the page waits for it (and says so if no worker takes it)."""
    SUIVI.lancer(depot_id, "APPLICATION", appliquer_depot)


@shared_task
def appliquer_depot(depot_id: int) -> str:
    return SUIVI.executer(depot_id, "APPLICATION", partial(services.depot_appliquer, depot_id=depot_id))
