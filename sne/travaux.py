"""The SNE import's job that a Celery worker runs (commun.travaux): queued by its Celery name (sne.tasks declares it),
its progress kept for the page, whether it stopped, and how an import's state moves around it."""

from __future__ import annotations

from celery import current_app
from django.db import transaction

from commun.etats import passer
from commun.travaux import Etape, Suivi

from .etats import MACHINE_IMPORT_SNE
from .models import EtatImportSNE, ImportSNE, TransitionImportSNE

E = EtatImportSNE
JOURNAL = {"machine": MACHINE_IMPORT_SNE, "journal": TransitionImportSNE, "lien": "import_sne"}
SUIVI = Suivi("sne:import", ImportSNE)
TACHE_IMPORT = "sne.tasks.importer"


def progression(import_id: int) -> dict | None:
    return SUIVI.progression(import_id)


def interrompu(import_id: int) -> bool:
    """A job that failed, that a worker started and no longer holds, or that no worker took for SILENCE_MAX s."""
    imp = ImportSNE.objects.filter(pk=import_id, etat__in=(E.RECU, E.EN_COURS)).first()
    return SUIVI.interrompu(import_id, Etape.APPLICATION, depuis=imp.cree_le.timestamp() if imp else None)


def lancer(import_id: int) -> None:
    """Asks a worker for the import; the page waits for it (and says so if no worker takes it)."""
    SUIVI.lancer(import_id, Etape.APPLICATION, current_app.signature(TACHE_IMPORT))


def commencer(import_id: int) -> bool:
    """Moves a received (or failed) import to « en cours », logged; True when the job is to run (again, for an
    interrupted one), False when it is done already."""
    with transaction.atomic():
        imp = ImportSNE.objects.select_for_update(of=("self",)).select_related("par").get(pk=import_id)
        if imp.etat in (E.RECU, E.ECHEC):
            imp.resultat = ""
            passer(imp, E.EN_COURS, **JOURNAL, par=imp.par, autres_champs=["resultat"])
        return imp.etat == E.EN_COURS


def echouer(import_id: int, resultat: str) -> None:
    """After a job's failure (its transaction rolled back): an import still « en cours » moves to ECHEC with the
    French reason, logged."""
    with transaction.atomic():
        imp = ImportSNE.objects.select_for_update(of=("self",)).select_related("par").filter(pk=import_id).first()
        if imp is None or imp.etat != E.EN_COURS:
            return
        imp.resultat = resultat
        passer(imp, E.ECHEC, **JOURNAL, par=imp.par, autres_champs=["resultat"])
