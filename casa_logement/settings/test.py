"""The test suite: real PostgreSQL and Redis (embedded or from the environment), fast hashing, invalid template
variables fail loudly."""

from .base import *  # noqa: F403
from .env import env_str

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
STATIC_ROOT = None  # static files come from the finders (whitenoise.runserver_nostatic); no collectstatic here
# the test database's name in every key: two suites sharing one Redis (CASA_TEST_DB) never read each other's keys
# (a copy: the base settings' own prefix stays as production builds it, tests/projet/test_cache_par_base.py)
CACHES = {"default": {**CACHES["default"], "KEY_PREFIX": f"casa-test:{env_str('CASA_TEST_DB', 'test_casa_logement')}"}}  # noqa: F405
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "VARIABLE_INVALIDE(%s)"  # noqa: F405
MEDIA_ROOT = BASE_DIR / ".local" / "media-test"  # noqa: F405
STORAGES["pieces"] = stockage_des_pieces(MEDIA_ROOT)  # noqa: F405
# A queue of its own: a demo worker running on the same Redis never takes the tests' tasks.
CELERY_TASK_DEFAULT_QUEUE = "tests"
# Name of the test database: two suites can share one server (CASA_TEST_DB=test_autre make pytest).
DATABASES["default"]["TEST"] = {"NAME": env_str("CASA_TEST_DB", "test_casa_logement")}  # noqa: F405
# The suite calls the API far faster than any partner: the rate limits are raised out of its way
# (tests/territoire/test_securite_api.py lowers them again to exercise them).
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = dict.fromkeys(API_DEBITS, "100000/min")  # noqa: F405
