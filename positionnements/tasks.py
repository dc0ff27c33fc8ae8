"""The CAL returns are checked and applied by a Celery worker, with their progress kept in the cache for the page
(which asks every two seconds); the outcome is kept on the deposit. Thin tasks: they call the services."""

from __future__ import annotations

import time

from celery import shared_task
from django.core.cache import cache
from django.db import OperationalError, transaction

from territoire.exceptions import ErreurMetier

from . import services
from .models import DepotDecisionsCAL

DUREE_PROGRESSION = 3600
# No news of an application for this long: the worker is presumed dead, the page offers to run it again (harmless:
# a second run waits for the first, then finds the file applied).
SILENCE_MAX = 120


def cle_progression(depot_id: int) -> str:
    return f"positionnements:cal:{depot_id}"


def progression(depot_id: int) -> dict | None:
    return cache.get(cle_progression(depot_id))


def _noter(depot_id: int, etape: str, fait: int = 0, total: int = 0, etat: str = "EN_COURS") -> None:
    cache.set(
        cle_progression(depot_id),
        {"etape": etape, "etat": etat, "fait": fait, "total": total, "le": time.time()},
        DUREE_PROGRESSION,
    )


GRACE = 10  # seconds between a worker noting its start and taking the deposit's row lock


def _tenu_par_un_worker(depot_id: int) -> bool:
    try:
        with transaction.atomic():
            list(DepotDecisionsCAL.objects.select_for_update(nowait=True).filter(pk=depot_id).values_list("pk"))
    except OperationalError:
        return True
    return False


def interrompue(depot_id: int, etape: str | None = None) -> bool:
    """A check or an application (`etape`: VERIFICATION, APPLICATION, or either) that failed, or that a worker
    started and no longer holds (a worker killed in the middle: its transaction is rolled back and the deposit's row
    unlocked), or that no worker took for SILENCE_MAX seconds. Without news in the cache (Redis emptied), a check
    still « en cours » long after the deposit is interrupted too."""
    p = progression(depot_id)
    if p is None:
        if etape == "APPLICATION":
            return False
        depot = DepotDecisionsCAL.objects.filter(pk=depot_id).values("etat", "cree_le").first()
        return bool(
            depot
            and depot["etat"] in ("RECU", "VERIFICATION")
            and (time.time() - depot["cree_le"].timestamp()) > SILENCE_MAX
            and not _tenu_par_un_worker(depot_id)
        )
    if etape and p.get("etape") != etape:
        return False
    if p["etat"] == "ECHEC":
        return True
    if p["etat"] == "EN_ATTENTE":
        return time.time() - p["le"] > SILENCE_MAX
    if p["etat"] != "EN_COURS":
        return False
    if time.time() - p["le"] < GRACE:
        return False
    return not _tenu_par_un_worker(depot_id)


def lancer_verification(depot_id: int) -> None:
    """Asks a worker to check the deposit; the page waits for it (and says so if no worker takes it)."""
    _noter(depot_id, "VERIFICATION", etat="EN_ATTENTE")
    verifier_depot.delay(depot_id)


@shared_task
def verifier_depot(depot_id: int) -> str:
    _noter(depot_id, "VERIFICATION")
    depot = services.depot_verifier(
        depot_id=depot_id, progression=lambda fait, total: _noter(depot_id, "VERIFICATION", fait, total)
    )
    _noter(depot_id, "VERIFICATION", 1, 1, etat="ECHEC" if depot.etat == "ECHEC" else "FAIT")
    return f"{depot.numero} : {depot.get_etat_display()}"


def lancer_application(depot_id: int) -> None:
    """Asks a worker to apply the deposit; the page waits for it (and says so if no worker takes it)."""
    _noter(depot_id, "APPLICATION", etat="EN_ATTENTE")
    appliquer_depot.delay(depot_id)


@shared_task
def appliquer_depot(depot_id: int) -> str:
    _noter(depot_id, "APPLICATION", etat="EN_ATTENTE")
    try:
        depot = services.depot_appliquer(
            depot_id=depot_id, progression=lambda fait, total: _noter(depot_id, "APPLICATION", fait, total)
        )
    except ErreurMetier as err:
        _noter(depot_id, "APPLICATION", etat="ECHEC")
        return f"{depot_id} : {err.message}"
    except Exception:
        _noter(depot_id, "APPLICATION", etat="ECHEC")
        raise
    _noter(depot_id, "APPLICATION", 1, 1, etat="FAIT")
    return f"{depot.numero} : {depot.get_etat_display()}"
