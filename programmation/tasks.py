"""A landlord's stock file is checked, then applied, by a Celery worker, with its progress kept for the page
(casa_logement.travaux); the outcome is kept on the import. Thin tasks: they call the services."""

from __future__ import annotations

from celery import shared_task

from casa_logement.travaux import Suivi
from territoire.exceptions import ErreurMetier

from . import import_parc
from .models import ImportParc

SUIVI = Suivi("programmation:import", ImportParc)


def lancer_verification(import_id: int) -> None:
    SUIVI.noter(import_id, "VERIFICATION", etat="EN_ATTENTE")
    verifier_import.delay(import_id)


@shared_task
def verifier_import(import_id: int) -> str:
    SUIVI.noter(import_id, "VERIFICATION")
    imp = import_parc.import_verifier_fichier(
        import_id=import_id, progression=SUIVI.rapporteur(import_id, "VERIFICATION")
    )
    SUIVI.noter(import_id, "VERIFICATION", 1, 1, etat="ECHEC" if imp.etat == "ECHEC" else "FAIT")
    return f"import {import_id} : {imp.get_etat_display()}"


def lancer_application(import_id: int) -> None:
    SUIVI.noter(import_id, "APPLICATION", etat="EN_ATTENTE")
    appliquer_import.delay(import_id)


@shared_task
def appliquer_import(import_id: int) -> str:
    SUIVI.noter(import_id, "APPLICATION", etat="EN_ATTENTE")
    try:
        imp = import_parc.import_appliquer_fichier(
            import_id=import_id, progression=SUIVI.rapporteur(import_id, "APPLICATION")
        )
    except ErreurMetier as err:
        SUIVI.noter(import_id, "APPLICATION", etat="ECHEC")
        return f"import {import_id} : {err.message}"
    except Exception:
        SUIVI.noter(import_id, "APPLICATION", etat="ECHEC")
        raise
    SUIVI.noter(import_id, "APPLICATION", 1, 1, etat="FAIT")
    return f"import {import_id} : {imp.get_etat_display()}"
