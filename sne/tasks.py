"""The SNE import's Celery tasks: the import job (queued by sne.travaux under its name), the daily pick-up of the
files dropped in CASA_SNE_DOSSIER_DEPOT (beat) and the nightly blanking of the old files (beat)."""

from __future__ import annotations

from functools import partial

from celery import shared_task

from commun.travaux import Etape

from . import conservation, depot, services
from .travaux import SUIVI, TACHE_IMPORT


@shared_task(name=TACHE_IMPORT)
def importer(import_id: int) -> str:
    """Runs an import (services.importer)."""
    return SUIVI.executer(import_id, Etape.APPLICATION, partial(services.importer, import_id=import_id))


@shared_task(name="sne.tasks.relever_le_dossier")
def relever_le_dossier() -> str:
    """Daily (beat): the SNE's transmission dropped in the folder, each file received then moved aside."""
    return depot.relever().resume()


@shared_task(name="sne.tasks.effacer_fichiers_anciens")
def effacer_fichiers_anciens() -> str:
    """Nightly (beat): the files of the finished imports blanked CASA_SNE_CONSERVATION_FICHIERS_JOURS days after they
    were received, with the documents and quoted values of their reports (sne/conservation.py); counts only."""
    return conservation.effacer_fichiers().resume()
