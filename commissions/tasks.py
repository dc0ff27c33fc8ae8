"""The session dossier is produced by a Celery worker: both versions, with the progress kept in the cache for the
page (which asks every two seconds), the last one kept on the session. And the close of the sessions at a distance
whose window has ended (Celery beat)."""

from __future__ import annotations

import logging

import pghistory
from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from commun.erreurs import ErreurMetier

from .dossier import dossier_pdf
from .models import Seance

DUREE_PROGRESSION = 3600
journal = logging.getLogger(__name__)


def cle_progression(seance_id: int) -> str:
    return f"commissions:dossier:{seance_id}"


def progression(seance_id: int) -> dict | None:
    return cache.get(cle_progression(seance_id))


@shared_task
def generer_dossier(seance_id: int) -> str:
    seance = Seance.objects.get(pk=seance_id)
    cle = cle_progression(seance_id)
    versions = {}
    try:
        for i, membres in enumerate((False, True)):

            def avancer(fait: int, total: int, i=i) -> None:
                cache.set(cle, {"etat": "EN_COURS", "fait": i * total + fait, "total": 2 * total}, DUREE_PROGRESSION)

            versions[membres] = dossier_pdf(seance, membres=membres, progression=avancer)
    except Exception:
        cache.set(cle, {"etat": "ECHEC"}, DUREE_PROGRESSION)
        raise
    Seance.objects.filter(pk=seance_id).update(
        dossier=versions[False], dossier_membres=versions[True], dossier_genere_le=timezone.now()
    )
    cache.set(cle, {"etat": "FAIT", "fait": 1, "total": 1}, DUREE_PROGRESSION)
    return f"{seance.numero} : dossier produit"


@shared_task
def clore_les_seances_a_distance() -> str:
    """Closes each session at a distance whose window has ended (Celery beat, every five minutes): the members who
    took part are counted, the commission's avis follow theirs, the minutes are written
    (commissions.services.cloturer_a_distance). Idempotent: a session closed meanwhile is skipped; a refusal is logged
    with the session's number only (no personal data) and the session is tried again at the next run."""
    from . import services

    closes = 0
    for pk in services.seances_a_clore().values_list("pk", flat=True):
        seance = Seance.objects.get(pk=pk)
        try:
            with pghistory.context(tache="commissions.tasks.clore_les_seances_a_distance"):
                services.cloturer_a_distance(par=None, seance=seance)
        except ErreurMetier as err:
            journal.warning("Séance %s non close à la fin de sa fenêtre : %s", seance.numero, err.message)
            continue
        closes += 1
    return f"{closes} séance(s) à distance close(s)"
