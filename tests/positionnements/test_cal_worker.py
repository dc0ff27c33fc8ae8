"""The CAL returns on real workers and a real Redis: the check and the application run by a worker, then a worker
killed (SIGKILL) in the middle of an application: nothing is half-applied, and the application can be run again."""

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import connection
from django.utils import timezone

from bench import fabrique_cal
from casa_logement import stack
from commun.travaux import GRACE
from positionnements.etats import EtatPositionnement as E
from positionnements.models import DecisionCAL, DepotDecisionsCAL, EtatDepot, Positionnement, TransitionPositionnement
from positionnements.retours_cal import services as services_cal
from positionnements.retours_cal import tasks, travaux
from programmation.models import Disponibilite, EtatDisponibilite, Occupation
from territoire.roles import Role
from tests.attente import attendre
from tests.positionnements.fabriques_cal import fichier_csv, lignes_completes
from tests.territoire.fabriques import agent

RACINE = Path(__file__).resolve().parent.parent.parent


def etat_depot(pk):
    return DepotDecisionsCAL.objects.values_list("etat", flat=True).get(pk=pk)


def test_le_fichier_est_verifie_et_applique_par_un_vrai_worker(retours, celery_worker_reel):  # noqa: F811
    r = retours
    depot = services_cal.depot_recevoir(par=r["gestionnaire"], nom="cal.csv", contenu=fichier_csv(lignes_completes(r)))
    attendre(lambda: etat_depot(depot.pk) == EtatDepot.VERIFIE)
    # the job's progress is noted done just after its transaction (and the signals sent after it, alertes)
    attendre(lambda: travaux.progression(depot.pk)["etat"] == "FAIT")
    assert Positionnement.objects.filter(etat=E.VALIDE).count() == 4  # checked, not applied
    services_cal.depot_demander_application(par=r["gestionnaire"], depot=DepotDecisionsCAL.objects.get(pk=depot.pk))
    attendre(lambda: etat_depot(depot.pk) == EtatDepot.APPLIQUE)
    attendre(lambda: travaux.progression(depot.pk)["etat"] == "FAIT")
    assert travaux.progression(depot.pk) | {"le": 0} == {
        "etape": "APPLICATION",
        "etat": "FAIT",
        "fait": 1,
        "total": 1,
        "le": 0,
    }
    assert Positionnement.objects.get(demande=r["demandes"]["dalo"]).etat == E.BAIL_SIGNE
    assert Disponibilite.objects.get(pk=r["a11"].pk).etat == EtatDisponibilite.POURVU


def _worker(queue: str) -> subprocess.Popen:
    """A Celery worker in its own process, on the tests' database and Redis, that the test can kill."""
    nom = connection.settings_dict["NAME"]
    url = os.environ.get("DATABASE_URL")
    url = urlunsplit(urlsplit(url)._replace(path=f"/{nom}")) if url else stack.postgres_url(nom)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "casa_logement.settings.test",
        "DATABASE_URL": url,
        "REDIS_URL": settings.REDIS_URL,
    }
    return subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "casa_logement",
            "worker",
            "-Q",
            queue,
            "--pool",
            "solo",
            "-n",
            f"{queue}@%h",
            "--without-mingle",
            "--without-gossip",
            "--without-heartbeat",
            "--loglevel",
            "WARNING",
        ],
        cwd=RACINE,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def photo():
    return (
        sorted(Positionnement.objects.values_list("pk", "etat")),
        TransitionPositionnement.objects.count(),
        DecisionCAL.objects.count(),
        Disponibilite.objects.filter(etat=EtatDisponibilite.POURVU).count(),
        Occupation.objects.count(),
    )


def _depot_de_3000_lignes(monde):  # noqa: F811
    """A landlord's manager and a received deposit of 3,000 rows (1,000 dwellings × 3 validated candidates)."""
    bailleur = monde["dispos"][0].logement.residence.bailleur
    gestionnaire = agent(bailleur, Role.GESTIONNAIRE_BAILLEUR)
    jour = timezone.localdate()
    positionnements = fabrique_cal.candidats_valides(
        bailleur=bailleur,
        modele=monde["demandes"]["modeste"],
        par=monde["casa"],
        logements=1000,
        valide_le=jour - dt.timedelta(days=30),
    )
    lignes = fabrique_cal.lignes_cal(
        positionnements, date_cal=jour - dt.timedelta(days=20), date_bail=jour - dt.timedelta(days=5)
    )
    depot = DepotDecisionsCAL.objects.create(
        bailleur=bailleur, par=gestionnaire, nom_fichier="cal.csv", contenu=fabrique_cal.csv(lignes)
    )
    return gestionnaire, depot


def test_un_worker_tue_au_milieu_d_une_application_ne_laisse_rien_a_moitie(transactional_db, referentiel, monde):  # noqa: F811
    gestionnaire, depot = _depot_de_3000_lignes(monde)
    depot = services_cal.depot_verifier(depot_id=depot.pk)
    assert depot.etat == EtatDepot.VERIFIE and depot.resume["a_appliquer"] == 3000, depot.erreurs[:3]
    avant = photo()
    DepotDecisionsCAL.objects.filter(pk=depot.pk).update(
        application_demandee_le=dt.datetime.now(dt.UTC), application_demandee_par=gestionnaire
    )
    worker = _worker("cal-tue")
    try:
        # as travaux.lancer_application does: a progress left in Redis by an earlier run of the suite (same deposit
        # number in a new test database) must not be taken for this one
        travaux.SUIVI.noter(depot.pk, "APPLICATION", etat="EN_ATTENTE")
        tasks.appliquer_depot.apply_async((depot.pk,), queue="cal-tue")
        # the worker holds the deposit and has gone through part of the rows: kill it there
        attendre(
            lambda: (p := travaux.progression(depot.pk)) and p["etat"] == "EN_COURS" and p["fait"] >= 250, delai=120
        )
        assert not travaux.interrompue(depot.pk)  # alive: it holds the deposit's row
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    # PostgreSQL rolls back the dead worker's transaction as soon as its connection drops
    attendre(lambda: travaux.interrompue(depot.pk), delai=30)
    assert etat_depot(depot.pk) == EtatDepot.VERIFIE
    assert photo() == avant  # nothing half-applied
    # run again (as the page's button does): everything is applied once
    depot = services_cal.depot_appliquer(depot_id=depot.pk)
    assert depot.etat == EtatDepot.APPLIQUE
    assert (
        DecisionCAL.objects.filter(
            positionnement__disponibilite__logement__residence__reference__startswith="FAB"
        ).count()
        == 3000
    )
    assert Disponibilite.objects.filter(etat=EtatDisponibilite.POURVU).count() == 1000
    assert Positionnement.objects.filter(etat=E.BAIL_SIGNE).count() == 1000


def test_un_worker_tue_pendant_la_verification_se_voit_et_la_relance_la_termine(
    transactional_db,
    referentiel,
    monde,  # noqa: F811
    celery_worker_reel,
    client,
):
    gestionnaire, depot = _depot_de_3000_lignes(monde)
    worker = _worker("cal-verif-tue")
    try:
        travaux.SUIVI.noter(depot.pk, "VERIFICATION", etat="EN_ATTENTE")  # as travaux.lancer_verification does
        tasks.verifier_depot.apply_async((depot.pk,), queue="cal-verif-tue")
        attendre(
            lambda: (p := travaux.progression(depot.pk)) and p["etat"] == "EN_COURS" and p["fait"] >= 250, delai=120
        )
        assert not travaux.interrompue(depot.pk, "VERIFICATION")  # alive: it holds the deposit's row
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    # detected as soon as the worker has been silent for GRACE seconds and no longer holds the row
    attendre(lambda: travaux.interrompue(depot.pk, "VERIFICATION"), delai=GRACE + 20)
    assert etat_depot(depot.pk) == EtatDepot.VERIFICATION
    client.force_login(gestionnaire)
    page = client.get(f"/positionnements/cal/depots/{depot.pk}/").content.decode()
    assert "La vérification a été interrompue" in page and "Relancer la vérification" in page
    # « Relancer »: a (real) worker checks the kept file again, to the end
    reponse = client.post(f"/positionnements/cal/depots/{depot.pk}/relancer/", follow=True)
    assert reponse.status_code == 200
    attendre(lambda: etat_depot(depot.pk) == EtatDepot.VERIFIE, delai=120)
    depot.refresh_from_db()
    assert depot.resume["a_appliquer"] == 3000 and depot.erreurs == []
    assert "Relancer" not in client.get(f"/positionnements/cal/depots/{depot.pk}/").content.decode()
