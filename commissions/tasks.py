"""The session dossier is produced by a Celery worker: both versions, with the progress kept in the cache for the
page (which asks every two seconds), the last one kept on the session."""

from __future__ import annotations

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from .dossier import dossier_pdf
from .models import Seance

DUREE_PROGRESSION = 3600


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
