"""A landlord's stock file is checked, then applied, by a Celery worker, with its progress kept for the page
(commun.travaux); the outcome is kept on the import. Thin tasks: they call the services."""

from __future__ import annotations

from functools import partial

from celery import shared_task

from commun.travaux import Suivi

from . import import_parc
from .models import ImportParc

SUIVI = Suivi("programmation:import", ImportParc)


def lancer_verification(import_id: int) -> None:
    SUIVI.lancer(import_id, "VERIFICATION", verifier_import)


@shared_task
def verifier_import(import_id: int) -> str:
    return SUIVI.executer(import_id, "VERIFICATION", partial(import_parc.import_verifier_fichier, import_id=import_id))


def lancer_application(import_id: int) -> None:
    SUIVI.lancer(import_id, "APPLICATION", appliquer_import)


@shared_task
def appliquer_import(import_id: int) -> str:
    return SUIVI.executer(import_id, "APPLICATION", partial(import_parc.import_appliquer_fichier, import_id=import_id))
