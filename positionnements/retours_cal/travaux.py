"""The jobs of a CAL deposit that a Celery worker runs (commun.travaux): its check, then its application; their
progress kept for the page (which asks every two seconds), and whether they stopped. The tasks themselves are in
retours_cal.tasks, which call the services; the services queue them here, by their Celery names, so that services and
tasks do not import each other. Also how a deposit's state moves around its jobs (JOURNAL for commun.etats.passer:
a job started, a job failed)."""

from __future__ import annotations

from celery import current_app
from django.db import transaction

from commun.etats import passer
from commun.signaux import envoyer_apres_validation
from commun.travaux import Etape, Suivi

from ..etats import MACHINE_DEPOT_CAL
from ..models import DepotDecisionsCAL, EtatDepot, TransitionDepotCAL
from ..signaux import depot_cal_verifie

# How a deposit moves and where it is logged (commun.etats.passer, creer_journalise).
JOURNAL = {"machine": MACHINE_DEPOT_CAL, "journal": TransitionDepotCAL, "lien": "depot"}
SUIVI = Suivi("positionnements:cal", DepotDecisionsCAL)
# The Celery names of the two tasks (retours_cal.tasks declares them under these names).
TACHE_VERIFICATION = "positionnements.retours_cal.tasks.verifier_depot"
TACHE_APPLICATION = "positionnements.retours_cal.tasks.appliquer_depot"


def progression(depot_id: int) -> dict | None:
    """The job's progress as the page reads it (commun.travaux.Suivi), or None."""
    return SUIVI.progression(depot_id)


def interrompue(depot_id: int, etape: Etape | None = None) -> bool:
    """A check or an application (`etape`: VERIFICATION, APPLICATION, or either) that failed, that a worker started
    and no longer holds (killed in the middle), or that no worker took for SILENCE_MAX seconds."""
    depuis = None
    if etape != Etape.APPLICATION:
        depot = DepotDecisionsCAL.objects.filter(pk=depot_id, etat__in=(EtatDepot.RECU, EtatDepot.VERIFICATION)).first()
        depuis = depot.cree_le.timestamp() if depot else None
    return SUIVI.interrompu(depot_id, etape, depuis=depuis)


def lancer_verification(depot_id: int) -> None:
    """Asks a worker to check the deposit; the page waits for it (and says so if no worker takes it)."""
    SUIVI.lancer(depot_id, Etape.VERIFICATION, current_app.signature(TACHE_VERIFICATION))


def lancer_application(depot_id: int) -> None:
    """Asks a worker to apply the deposit; the page waits for it (and says so if no worker takes it)."""
    SUIVI.lancer(depot_id, Etape.APPLICATION, current_app.signature(TACHE_APPLICATION))


def verification_commencer(depot_id: int) -> bool:
    """Moves a received deposit to « vérification en cours » (under its row lock, logged); False when it is checked
    already (a task delivered twice), True when the check is to run (again, for an interrupted one)."""
    with transaction.atomic():
        depot = DepotDecisionsCAL.objects.select_for_update(of=("self",)).select_related("par").get(pk=depot_id)
        if depot.etat == EtatDepot.RECU:
            passer(depot, EtatDepot.VERIFICATION, **JOURNAL, par=depot.par)
        return depot.etat == EtatDepot.VERIFICATION


def echouer(depot_id: int, resultat: str, *, depuis: str) -> None:
    """After a job's failure (its transaction rolled back): the deposit, still in `depuis`, moves to ECHEC with the
    French reason, logged; in another state (moved meanwhile), nothing is written."""
    with transaction.atomic():
        depot = (
            DepotDecisionsCAL.objects.select_for_update(of=("self",))
            .select_related("par", "application_demandee_par")
            .filter(pk=depot_id)
            .first()
        )
        if depot is None or depot.etat != depuis:
            return
        depot.resultat = resultat
        par = (depot.application_demandee_par if depuis == EtatDepot.VERIFIE else None) or depot.par
        etape = passer(depot, EtatDepot.ECHEC, **JOURNAL, par=par, autres_champs=["resultat"])
        envoyer_apres_validation(depot_cal_verifie, DepotDecisionsCAL, depot=depot.pk, transition=etape.pk)
