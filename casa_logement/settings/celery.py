"""Celery: broker and results in Redis, JSON only, schedules declared in code (beat)."""

from celery.schedules import crontab

from .database import REDIS_URL
from .env import env_bool


def _broker_url(redis_url: str) -> str:
    # kombu spells a unix socket "redis+socket://path?virtual_host=N"; redis-py spells it "unix://path?db=N".
    if redis_url.startswith("unix://"):
        return "redis+socket://" + redis_url.removeprefix("unix://").replace("db=", "virtual_host=")
    return redis_url


CELERY_BROKER_URL = _broker_url(REDIS_URL)
CELERY_RESULT_BACKEND = _broker_url(REDIS_URL)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/Paris"
CELERY_TASK_TRACK_STARTED = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_RESULT_EXPIRES = 7 * 24 * 3600
# Queues by kind of work (imports, PDFs, reports, e-mails), each able to get its own workers (casa_logement/files.py)
CELERY_TASK_ROUTES = ("casa_logement.files.router",)

# The schedule below is declared in code; django-celery-beat's scheduler copies it into the database, where CASA's
# administrators see each task's last run in /admin/ (and may pause one).
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# Each app adds its periodic tasks here; beat runs them (python -m celery -A casa_logement beat).
CELERY_BEAT_SCHEDULE = {
    # every five minutes: the CCPC's sessions at a distance whose window has ended are closed (commissions/tasks.py)
    "clore-seances-a-distance": {
        "task": "commissions.tasks.clore_les_seances_a_distance",
        "schedule": crontab(minute="*/5"),
    },
    # Every hour: « du nouveau sur votre demande » to the applicants whose timeline moved (portail/avis.py).
    "avis-aux-demandeurs": {
        "task": "portail.tasks.avertir_demandeurs",
        "schedule": crontab(minute=20),
    },
    "renouvellements-des-demandes": {
        "task": "demandes.tasks.renouvellements",
        "schedule": crontab(hour=6, minute=0),
    },
    "nettoyer-pieces-orphelines": {
        "task": "demandes.tasks.nettoyer_pieces",
        "schedule": crontab(hour=4, minute=10),
    },
    "recalculer-cotations": {
        "task": "demandes.tasks.recalculer_cotations",
        "schedule": crontab(hour=2, minute=30),
    },
    # the priority-criteria tracking table of the month that ended, on the 1st at 05:00 (suivi)
    "tableau-de-suivi-mensuel": {
        "task": "suivi.tasks.produire_tableau_du_mois_ecoule",
        "schedule": crontab(day_of_month=1, hour=5, minute=0),
    },
    # the personal data of the demands struck off more than a year ago (demandes/retention/, docs/conservation.md)
    "purger-demandes-radiees": {
        "task": "demandes.tasks.purger_demandes_radiees",
        "schedule": crontab(hour=3, minute=40),
    },
    # the SNE's files received and sent, blanked CASA_SNE_CONSERVATION_FICHIERS_JOURS days after (sne/conservation.py,
    # envois_sne/conservation.py), after the purge of the demands and before the working day's imports and sending
    "sne-effacer-fichiers-anciens": {
        "task": "sne.tasks.effacer_fichiers_anciens",
        "schedule": crontab(hour=3, minute=50),
    },
    "envois-sne-effacer-fichiers-anciens": {
        "task": "envois_sne.tasks.effacer_fichiers_anciens",
        "schedule": crontab(hour=3, minute=55),
    },
    "purger-sessions-expirees": {
        "task": "territoire.tasks.purger_sessions_expirees",
        "schedule": crontab(hour=3, minute=17),
    },
    # access governance (territoire.services_acces): unused accounts switched off, then the reviews of habilitations
    # opened, reminded and escalated, before the working day (the e-mails arrive in the morning)
    "desactiver-comptes-inutilises": {
        "task": "territoire.tasks.desactiver_comptes_inutilises",
        "schedule": crontab(hour=5, minute=40),
    },
    # the SNE's daily transmission dropped in CASA_SNE_DOSSIER_DEPOT, received before the working day (sne/depot.py)
    "sne-releve-du-dossier": {
        "task": "sne.tasks.relever_le_dossier",
        "schedule": crontab(hour=6, minute=40),
    },
    # the outbox to the SNE (envois_sne/): the day's events in one file, after the SNE's own file is read (06:40),
    # so that a numéro unique it brings lets the events waiting for it leave the same morning
    "envois-au-sne": {
        "task": "envois_sne.tasks.envoyer_au_sne",
        "schedule": crontab(hour=7, minute=10),
    },
    # the offers not answered in the delay (REGLES §11: silence counts as a refusal), recorded as the landlord would
    # (positionnements/retours_cal/reponses.py), before the working day
    "silences-apres-delai-de-reponse": {
        "task": "positionnements.retours_cal.tasks.silences_apres_delai",
        "schedule": crontab(hour=6, minute=30),
    },
    "revue-des-habilitations": {
        "task": "territoire.tasks.revue_des_habilitations",
        "schedule": crontab(hour=6, minute=20),
    },
    # The partners' notifications (alertes/, docs/partenaires.md « Notifications »): the CAL decisions awaited past
    # CASA_DELAI_DECISION_CAL_JOURS told to CASA (after the night's silences recorded at 06:30), then the daily digest
    # of those who chose it, before the working day; on Mondays, the weekly digest of the steps stalled on each
    # partner's side.
    "notifications-decisions-cal-en-retard": {
        "task": "alertes.tasks.decisions_cal_en_retard",
        "schedule": crontab(hour=6, minute=50),
    },
    "notifications-resume-quotidien": {
        "task": "alertes.tasks.resumes_quotidiens",
        "schedule": crontab(hour=7, minute=30),
    },
    "notifications-resume-hebdomadaire": {
        "task": "alertes.tasks.resumes_hebdomadaires",
        "schedule": crontab(day_of_week=1, hour=7, minute=45),
    },
}
