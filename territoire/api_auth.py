"""API keys of partner organisations: ``Authorization: Bearer casa_…``, their expiry and their scope.

- ``CleApiAuthentication``: a key unknown, revoked or past its expiry day is refused (401, in French); an accepted
  key's last use is noted (once a minute at most).
- ``PorteeCleApi`` (a default permission of the API): a call made with a key must be in the key's scope (403 naming
  the missing scope). A read needs ``lecture``, or one of the scopes the view lists in ``portees_cle_lecture`` (a
  landlord's CAL system reads its deposits); a write needs the view's ``portee_cle_ecriture``; a write in a view
  that declares none is closed to keys. Calls of signed-in people (session) are not concerned: their role decides.
"""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from .contexte import contexte_calculer
from .models import CleApi, PorteeCle
from .services import cle_api_authentifier, cle_api_utilisation_noter

LECTURE_SEULE = frozenset({PorteeCle.LECTURE})
TOUTES = frozenset(PorteeCle.values)


class CleApiAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() != self.keyword.lower():  # « bearer » as RFC 6750's scheme allows
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("En-tête d'autorisation mal formé : « Bearer <clé> » attendu.")
        cle = cle_api_authentifier(header[1])
        if cle is None:
            raise exceptions.AuthenticationFailed("Clé d'API inconnue ou révoquée.")
        if cle.expiree:
            raise exceptions.AuthenticationFailed(
                f"Clé d'API expirée le {cle.expire_le:%d/%m/%Y} : demandez-en une nouvelle à l'administrateur de "
                "votre organisation."
            )
        cle_api_utilisation_noter(cle=cle)
        user = cle.utilisateur
        user.contexte = contexte_calculer(utilisateur=user, organisation_id=cle.organisation_id)
        return user, cle

    def authenticate_header(self, request):
        return self.keyword


def portee_cle(*, lecture=LECTURE_SEULE, ecriture: str | None = None):
    """Declares the scopes a key needs on a view: ``lecture`` (any one of them) for its reads, ``ecriture`` for its
    writes. On an ``@api_view`` function, put it above ``@api_view``; on a class, attributes do the same."""

    def declarer(vue):
        cible = getattr(vue, "cls", vue)
        cible.portees_cle_lecture = frozenset(lecture)
        cible.portee_cle_ecriture = ecriture
        return vue

    return declarer


class PorteeCleApi(permissions.BasePermission):
    """A call made with an API key stays within the key's scope."""

    def has_permission(self, request, view):
        cle = request.auth
        if not isinstance(cle, CleApi):
            return True
        if request.method in permissions.SAFE_METHODS:
            requises = getattr(view, "portees_cle_lecture", LECTURE_SEULE)
        else:
            ecriture = getattr(view, "portee_cle_ecriture", None)
            if ecriture is None:
                self.message = "Cette opération n'est pas ouverte aux clés d'API."
                return False
            requises = {ecriture}
        if requises & set(cle.portee):
            return True
        manquante = PorteeCle.LECTURE if PorteeCle.LECTURE in requises else sorted(requises)[0]
        self.message = (
            f"Cette clé d'API n'a pas la portée « {PorteeCle(manquante).label} » ({manquante}) nécessaire à cette "
            "requête : demandez à l'administrateur de votre organisation une clé qui l'a."
        )
        return False


class CleApiScheme(OpenApiAuthenticationExtension):
    target_class = "territoire.api_auth.CleApiAuthentication"
    name = "cleApi"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "Clé d'API de l'organisation, créée par son administrateur (page « Clés d'API ») et affichée une "
                "seule fois. Elle expire au jour choisi à sa création (401 ensuite) et n'agit que dans sa portée "
                "(403 nommant la portée manquante)."
            ),
        }
