"""Django REST framework and its OpenAPI schema (drf-spectacular, assets served locally by the sidecar)."""

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "territoire.api_auth.CleApiAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_RATES": {"cle_api": "600/min"},
    "EXCEPTION_HANDLER": "casa_logement.api_erreurs.gerer",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "API casa_logement",
    "DESCRIPTION": (
        "API des partenaires de la Communauté d'Agglomération Sophia Antipolis pour l'attribution des logements "
        "sociaux. Authentification des systèmes partenaires par clé d'API propre à chaque organisation, "
        "en-tête `Authorization: Bearer <clé>`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
}
