"""Database and cache: DATABASE_URL / REDIS_URL, or the embedded servers of casa_logement.stack."""

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from casa_logement import stack

from .env import env_int, env_str

# The embedded servers are for the local run and the tests only: production must say where its servers are.
_PRODUCTION = env_str("DJANGO_SETTINGS_MODULE").endswith(".production")
if _PRODUCTION and not (env_str("DATABASE_URL") and env_str("REDIS_URL")):
    raise ImproperlyConfigured("DATABASE_URL et REDIS_URL doivent être définis en production.")

DATABASE_URL = env_str("DATABASE_URL") or stack.postgres_url()
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Name search tolerates a typo: word similarity threshold 0.5 instead of pg_trgm's 0.6 (measured in
# bench/demandes_liste.py: the right person on the first page in 38 searches out of 40, against 26 at 0.6).
# The candidate search counts and ranks up to ~80,000 demands at scale 30 (bench/positionnements_recherche.py): 16 MB
# of work memory keep its window and sort in memory instead of spilling to disk (4 MB by default).
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c pg_trgm.word_similarity_threshold=0.5 -c work_mem=16MB"

# A streaming replica for the reports (commun/replique.py, docs/deploiement.md): DATABASE_REPLICA_URL names it;
# the router sends the reads of the views marked @sur_la_replique there, within CASA_REPLIQUE_RETARD_MAX seconds of
# lag, and every write to the primary. Without it (the demo), one database.
if _REPLIQUE := env_str("DATABASE_REPLICA_URL"):
    DATABASES["replique"] = {
        **dj_database_url.parse(_REPLIQUE, conn_max_age=env_int("DB_CONN_MAX_AGE", 0)),
        "OPTIONS": DATABASES["default"]["OPTIONS"],
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},  # a suite run with a replica configured tests on the primary
    }
DATABASE_ROUTERS = ["commun.replique.RouteurReplique"]

REDIS_URL = env_str("REDIS_URL") or stack.redis_url()

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        # Every key holds the database's name: two databases sharing one Redis (the demo and a benchmark's scale-30
        # base, two installations) never read each other's cached figures (a landlord's quota, a job's progress).
        "KEY_PREFIX": f"casa:{DATABASES['default']['NAME']}",
    }
}

# django-ratelimit (the applicant's space's sign-in, portail/connexion.py) counts in the cache; its keys hold the
# database's name, as the API's limits do (territoire/api_limites.py): two databases sharing one Redis never count
# each other's asks.
RATELIMIT_CACHE_PREFIX = f"rl:{DATABASES['default']['NAME']}:"
# django-ratelimit's check W001 lists the cache backends it names as supported, and Django's own RedisCache (Django
# 4.0+) is not on its list yet (jsocol/django-ratelimit issue #283, open): the library needs an atomic add and incr,
# which Redis gives (INCR, SET NX). The warning is silenced so that `check --deploy --fail-level WARNING` stays strict
# for everything else.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
