"""Authentication and HTTP protections (issue 15, docs/securite.md): login throttling (django-axes), second factor
(django-otp), idle timeout, password rules, Content-Security-Policy (django-csp)."""

import datetime as dt

from csp.constants import NONE, SELF

from .env import env_int, env_list

# -- Login throttling (django-axes): a lock by account AND a lock by address, each after AXES_FAILURE_LIMIT failures,
# lifted after AXES_COOLOFF_TIME or by an administrator (user's page « Débloquer la connexion », or
# `python manage.py axes_reset_username <identifiant>`).
AXES_FAILURE_LIMIT = env_int("CASA_CONNEXION_ECHECS_MAX", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("CASA_CONNEXION_BLOCAGE_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "territoire.connexion.connexion_bloquee"
AXES_CLIENT_IP_CALLABLE = "territoire.connexion.adresse_du_client"
AXES_USERNAME_CALLABLE = "territoire.connexion.identifiant_tente"
# How many reverse proxies stand in front of the application (production: 1, the proxy that ends HTTPS).
CASA_PROXIES_DE_CONFIANCE = env_int("CASA_PROXIES_DE_CONFIANCE", 0)
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False  # no identifier in the logs (docs/securite.md, « Journaux »)
AXES_SENSITIVE_PARAMETERS = ["username", "password"]

# -- Second factor (django-otp, TOTP of RFC 6238 and single-use recovery codes): required for the roles that read
# sensitive data or administer accounts; a person holding one of them in any organisation enrols at first login.
CASA_ROLES_DEUXIEME_FACTEUR = env_list(
    "CASA_ROLES_DEUXIEME_FACTEUR",
    [
        "ADMINISTRATEUR",
        "INSTRUCTEUR",
        "SECRETARIAT_COMMISSION",
        "AGENT_GUICHET",
        "GESTIONNAIRE_BAILLEUR",
        "RESERVATAIRE",
    ],
)
CASA_CODES_DE_SECOURS = 10
OTP_TOTP_ISSUER = "CASA logement social"
OTP_TOTP_THROTTLE_FACTOR = 1  # 1 s, 2 s, 4 s… of wait after each wrong code (django-otp)
OTP_STATIC_THROTTLE_FACTOR = 1

# -- Idle timeout: the session ends after CASA_INACTIVITE_MINUTES without a request (its expiry moves at each one).
CASA_INACTIVITE_MINUTES = env_int("CASA_INACTIVITE_MINUTES", 30)
SESSION_COOKIE_AGE = CASA_INACTIVITE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"

# -- Passwords: the CNIL's recommendation (délibération n° 2022-100 du 21 juillet 2022, cas n° 1) and Django's checks.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "territoire.mots_de_passe.RecommandationCnilValidator"},
]

# -- Content-Security-Policy (django-csp): no inline script anywhere (static/js only), no plugin, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # Bootstrap's components and a few width bars set style attributes; no script can run from a style.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
CSRF_FAILURE_VIEW = "casa_logement.views.erreur_csrf"  # in French, with the way back
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# -- Access governance (territoire/acces.py): each organisation reviews its habilitations every N months; late (and
# escalated to CASA's administrators) N days after the opening; its administrators reminded every N days; a personal
# account without login for N days is switched off.
CASA_REVUE_HABILITATIONS_MOIS = env_int("CASA_REVUE_HABILITATIONS_MOIS", 6)
CASA_REVUE_HABILITATIONS_RETARD_JOURS = env_int("CASA_REVUE_HABILITATIONS_RETARD_JOURS", 30)
CASA_REVUE_HABILITATIONS_RAPPEL_JOURS = env_int("CASA_REVUE_HABILITATIONS_RAPPEL_JOURS", 7)
CASA_COMPTE_INACTIF_JOURS = env_int("CASA_COMPTE_INACTIF_JOURS", 90)

# -- Retention (docs/conservation.md): CASA_CONSERVATION_APRES_RADIATION_MOIS, settings/domaine.py.
