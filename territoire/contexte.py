"""The acting context of a request: the user's current organisation and the roles held there.

Set by territoire.middleware.OrganisationCouranteMiddleware on ``request.user.contexte`` (for pages and the API),
read by the predicates of territoire.rules and the scopes of territoire.selectors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .roles import Role, TypeOrganisation


@dataclass(frozen=True)
class Contexte:
    organisation_id: int | None = None
    organisation_type: str | None = None
    organisation_nom: str = ""
    commune_id: int | None = None
    roles: frozenset[str] = field(default_factory=frozenset)
    superutilisateur: bool = False

    @property
    def est_epci(self) -> bool:
        return self.organisation_type == TypeOrganisation.EPCI

    @property
    def administrateur_epci(self) -> bool:
        """CASA's administrators (and Django superusers) see and set up everything."""
        return self.superutilisateur or (self.est_epci and Role.ADMINISTRATEUR in self.roles)

    def a_role(self, *roles: str) -> bool:
        return self.superutilisateur or bool(self.roles.intersection(roles))


VIDE = Contexte()


def contexte_de(user) -> Contexte:
    """The context set by the middleware, or computed from the user's first organisation (commands, tests)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return VIDE
    ctx = getattr(user, "contexte", None)
    if ctx is None:
        from .services import contexte_calculer

        ctx = contexte_calculer(utilisateur=user, organisation_id=None)
        user.contexte = ctx
    return ctx
