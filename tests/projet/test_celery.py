"""A real Celery worker on the real Redis, with the real database."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from territoire.tasks import purger_sessions_expirees


@pytest.mark.worker
def test_le_worker_purge_les_sessions_expirees(celery_worker_reel):
    Session.objects.create(session_key="a" * 32, session_data="x", expire_date=timezone.now() - dt.timedelta(days=1))
    Session.objects.create(session_key="b" * 32, session_data="x", expire_date=timezone.now() + dt.timedelta(days=1))
    resultat = purger_sessions_expirees.delay().get(timeout=30)
    assert resultat == "sessions expirées supprimées"
    assert list(Session.objects.values_list("session_key", flat=True)) == ["b" * 32]


def test_la_purge_est_programmee_chaque_nuit_dans_beat():
    entree = settings.CELERY_BEAT_SCHEDULE["purger-sessions-expirees"]
    assert entree["task"] == "territoire.tasks.purger_sessions_expirees"
    assert entree["schedule"].hour == {3}


def test_la_page_de_sante_voit_la_base_redis_et_le_worker(client, celery_worker_reel):
    reponse = client.get("/sante/?worker=1")
    assert reponse.status_code == 200
    assert reponse.json() == {"base": "ok", "redis": "ok", "worker": "ok"}


def test_beat_recopie_le_calendrier_du_code_en_base(transactional_db):
    from django_celery_beat.models import PeriodicTask
    from django_celery_beat.schedulers import DatabaseScheduler

    from casa_logement.celery import app

    DatabaseScheduler(app=app)
    tache = PeriodicTask.objects.get(name="purger-sessions-expirees")
    assert tache.task == "territoire.tasks.purger_sessions_expirees"
    assert tache.crontab.hour == "3"


def test_chaque_genre_de_travail_a_sa_file_et_le_worker_les_consomme_toutes():
    """Issue 21: imports, PDFs, reports and e-mails each in a queue of their own (casa_logement/files.py), so that each
    can get its own workers; every task routed is a real task, in one kind at most; the suite's queues are prefixed
    (two suites or the demo on one Redis never take each other's tasks)."""
    from fnmatch import fnmatchcase

    from casa_logement import files
    from casa_logement.celery import app

    app.loader.import_default_modules()
    taches = {nom for nom in app.tasks if not nom.startswith("celery.")}
    for genre, motifs in files.FILES.items():
        for motif in motifs:
            assert any(fnmatchcase(t, motif) for t in taches), (genre, motif)
    assert files.router("sne.tasks.importer") == {"queue": "tests.imports"}
    assert files.router("commissions.tasks.generer_dossier") == {"queue": "tests.pdf"}
    assert files.router("alertes.tasks.envoyer_immediats") == {"queue": "tests.courriels"}
    assert files.router("territoire.tasks.purger_sessions_expirees") is None  # the default queue
    assert files.toutes_les_files() == ["tests", "tests.imports", "tests.pdf", "tests.rapports", "tests.courriels"]
    assert files.toutes_les_files("celery") == ["celery", "imports", "pdf", "rapports", "courriels"]
    assert settings.CELERY_TASK_ROUTES == ("casa_logement.files.router",)


@pytest.mark.worker
def test_une_tache_routee_vers_sa_file_est_faite_par_le_vrai_worker(celery_worker_reel):
    """A task of a kind (an e-mail's) goes through its own queue on the real Redis and the worker does it."""
    from alertes.tasks import resumes_hebdomadaires

    resultat = resumes_hebdomadaires.delay()
    assert resultat.get(timeout=30) == "0 résumés hebdomadaires envoyés"  # an empty world: nothing stalled
