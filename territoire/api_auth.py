"""API keys of partner organisations: ``Authorization: Bearer casa_…``."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .services import cle_api_authentifier, contexte_calculer


class CleApiAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0] != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("En-tête d'autorisation mal formé : « Bearer <clé> » attendu.")
        cle = cle_api_authentifier(header[1])
        if cle is None:
            raise exceptions.AuthenticationFailed("Clé d'API inconnue ou révoquée.")
        user = cle.utilisateur
        user.contexte = contexte_calculer(utilisateur=user, organisation_id=cle.organisation_id)
        return user, cle

    def authenticate_header(self, request):
        return self.keyword


class CleApiScheme(OpenApiAuthenticationExtension):
    target_class = "territoire.api_auth.CleApiAuthentication"
    name = "cleApi"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Clé d'API de l'organisation, créée par son administrateur (page « Clés d'API »).",
        }
