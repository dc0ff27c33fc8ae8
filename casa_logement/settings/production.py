"""Production (docker-compose.yml): everything from the environment, secure cookies, static files by whitenoise."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_str

DEBUG = False
if not SECRET_KEY or SECRET_KEY.startswith("dev-only"):  # noqa: F405
    raise ImproperlyConfigured("DJANGO_SECRET_KEY doit être défini en production.")
CASA_DOMAINE = env_str("CASA_DOMAINE")
if not CASA_DOMAINE:
    raise ImproperlyConfigured(
        "CASA_DOMAINE (nom d'hôte des liens envoyés par courriel) doit être défini en production."
    )
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HTTPS only, on by default; turned off only by an explicit setting (DJANGO_SSL_REDIRECT=0, DJANGO_HSTS_SECONDS=0),
# for a first install behind a proxy not yet serving HTTPS (docs/deploiement.md).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]  # the container's health check speaks plain HTTP inside the network
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_SOUS_DOMAINES", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
# One reverse proxy ends HTTPS in front of gunicorn: the client's address is the one it appends (territoire.connexion).
CASA_PROXIES_DE_CONFIANCE = env_int("CASA_PROXIES_DE_CONFIANCE", 1)
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60)  # noqa: F405
