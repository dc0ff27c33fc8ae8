"""A landlord's stock file is checked, then applied, by a Celery worker, with its progress kept for the page
(commun.travaux); the outcome is kept on the import. Thin tasks: they call import_parc.travaux (the use cases of
import_parc.services queue them through lancer_*; this module imports nothing of them, so there is no cycle)."""

from __future__ import annotations

from functools import partial

from celery import shared_task

from commun.travaux import Etape, Suivi

from .import_parc.travaux import import_appliquer_fichier, import_verifier_fichier
from .models import ImportParc

SUIVI = Suivi("programmation:import", ImportParc)


def lancer_verification(import_id: int) -> None:
    SUIVI.lancer(import_id, Etape.VERIFICATION, verifier_import)


@shared_task
def verifier_import(import_id: int) -> str:
    return SUIVI.executer(import_id, Etape.VERIFICATION, partial(import_verifier_fichier, import_id=import_id))


def lancer_application(import_id: int) -> None:
    SUIVI.lancer(import_id, Etape.APPLICATION, appliquer_import)


@shared_task
def appliquer_import(import_id: int) -> str:
    return SUIVI.executer(import_id, Etape.APPLICATION, partial(import_appliquer_fichier, import_id=import_id))
