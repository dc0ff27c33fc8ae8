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
