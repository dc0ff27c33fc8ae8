"""Django REST framework and its OpenAPI schema (drf-spectacular, assets served locally by the sidecar), the rate
limits of the API and the life of the API keys (docs/securite.md)."""

from .env import env_int, env_str

# Rate limits (DRF throttles of territoire/api_limites.py, counted in the Django cache, i.e. Redis), "N/s", "N/min",
# "N/h" or "N/day". Every call counts against its API key (cle_api) or its signed-in person (utilisateur); a bulk
# read of personal data (the list of demands, of positionnements, a dwelling's candidates) counts besides against a
# lower limit (donnees_personnelles). Over a limit: 429 with a French message and Retry-After.
API_DEBITS = {
    "cle_api": env_str("CASA_API_DEBIT_CLE", "600/min"),
    "utilisateur": env_str("CASA_API_DEBIT_UTILISATEUR", "300/min"),
    "donnees_personnelles": env_str("CASA_API_DEBIT_DONNEES_PERSONNELLES", "30/min"),
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "territoire.api_auth.CleApiAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "territoire.api_auth.PorteeCleApi",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": [
        "territoire.api_limites.LimiteParCle",
        "territoire.api_limites.LimiteParUtilisateur",
        "territoire.api_limites.LimiteDonneesPersonnelles",
    ],
    "DEFAULT_THROTTLE_RATES": dict(API_DEBITS),
    "EXCEPTION_HANDLER": "casa_logement.api_erreurs.gerer",
}

# API keys: the latest expiry an administrator may give a key (and the one proposed), in days after its creation;
# the « Clés d'API » page warns of the keys that expire within CASA_CLE_API_ALERTE_JOURS days.
CASA_CLE_API_DUREE_MAX_JOURS = env_int("CASA_CLE_API_DUREE_MAX_JOURS", 365)
CASA_CLE_API_ALERTE_JOURS = env_int("CASA_CLE_API_ALERTE_JOURS", 30)


def _debit(valeur: str) -> str:
    nombre, _, periode = valeur.partition("/")
    unite = {"s": "seconde", "m": "minute", "h": "heure", "d": "jour"}.get(periode[:1], periode)
    return f"{nombre} requêtes par {unite}"


SPECTACULAR_SETTINGS = {
    "TITLE": "API casa_logement",
    "DESCRIPTION": (
        "API des partenaires de la Communauté d'Agglomération Sophia Antipolis pour l'attribution des logements "
        "sociaux. Authentification des systèmes partenaires par clé d'API propre à chaque organisation, "
        "en-tête `Authorization: Bearer <clé>`.\n\n"
        "**Clés d'API.** L'administrateur de l'organisation crée la clé sur la page « Clés d'API » ; la clé n'est "
        "affichée qu'une fois, à sa création (seule son empreinte est conservée). Elle agit pour son organisation, "
        "dans le rôle de son type (bailleur : gestionnaire ; réservataire : réservataire ; CASA : instructeur ; "
        "sinon lecteur) et avec le même périmètre qu'une personne, et :\n"
        f"- **expire** au jour choisi à sa création ({CASA_CLE_API_DUREE_MAX_JOURS} jours au plus) : une clé "
        "expirée, révoquée ou inconnue reçoit une réponse 401 qui le dit ;\n"
        "- n'agit que dans sa **portée** : `lecture` (lire les listes et fiches du périmètre), `demandes` "
        "(enregistrer et mettre à jour des demandes), `positionnements` (proposer, retirer des candidats), "
        "`logements_a_pourvoir` (déclarer un logement à pourvoir), `decisions_cal` (envoyer les décisions de CAL, "
        "lire ses dépôts), `listes_reservataires` (envoyer sa liste, lire ses listes). Une requête hors de la portée "
        "reçoit une réponse 403 qui nomme la portée manquante.\n\n"
        f"**Débits.** Chaque clé a droit à {_debit(API_DEBITS['cle_api'])}, chaque personne connectée à "
        f"{_debit(API_DEBITS['utilisateur'])} ; les lectures en masse de données personnelles (liste des demandes, "
        f"des positionnements, candidats d'un logement) sont limitées à {_debit(API_DEBITS['donnees_personnelles'])}. "
        "Au-delà : réponse 429, message en français et en-tête `Retry-After` (secondes à attendre)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No deep links: Swagger UI draws each as a link inside the operation's button (nested controls, axe-core's
    # « nested-interactive »); our page around it is templates/drf_spectacular/swagger_ui.html.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
}
