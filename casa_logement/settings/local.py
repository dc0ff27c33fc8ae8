"""The local run (make demo): DEBUG off like a real server (French error pages, no URL list on a 404), mails to a
folder, static files from the finders. DJANGO_DEBUG=1 brings Django's debug pages back for development only."""

from .base import *  # noqa: F403
from .env import env_bool

DEBUG = env_bool("DJANGO_DEBUG", False)
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
STATIC_ROOT = None  # static files come from the finders (whitenoise.runserver_nostatic); no collectstatic here
# Without DEBUG, whitenoise serves the files from the finders only when told (runserver serves none).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
CASA_PROTOCOLE = "http"
CASA_DEMONSTRATION = True
# The demo's mail outbox: every e-mail the demo sends is written to .local/courriels/, shown by the page
# /mon-logement/courriels-de-demonstration/ (portail/demo_courriels.py), so that anyone can try the applicant's space.
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = str(BASE_DIR / ".local" / "courriels")  # noqa: F405
