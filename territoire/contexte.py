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

    def a_role(self, *roles: Role) -> bool:
        return self.superutilisateur or bool(self.roles.intersection(roles))

    def agent_casa(self, *roles: Role) -> bool:
        """The one « CASA's agent » check: CASA's administrators (and superusers), or a person acting for CASA (the
        EPCI) who holds one of `roles` there. The apps' rules build on it (docs/roles.md)."""
        return self.administrateur_epci or (self.est_epci and self.a_role(*roles))


VIDE = Contexte()


def contexte_de(user) -> Contexte:
    """The context set by the middleware, or computed from the user's first organisation (commands, tests)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return VIDE
    ctx = getattr(user, "contexte", None)
    if ctx is None:
        ctx = contexte_calculer(utilisateur=user, organisation_id=None)
        user.contexte = ctx
    return ctx


def contexte_calculer(*, utilisateur, organisation_id: int | None) -> Contexte:
    """The acting context of `utilisateur` (a territoire.Utilisateur): the chosen organisation if the user holds an
    active habilitation there, else the preferred one, else the first. One query."""
    # Imported here: this module is imported by modules loaded before the models (casa_logement.admin's AppConfig).
    from .models import Habilitation

    habilitations = list(Habilitation.objects.actives().filter(utilisateur=utilisateur).select_related("organisation"))
    par_org: dict[int, list[Habilitation]] = {}
    for h in habilitations:
        par_org.setdefault(h.organisation_id, []).append(h)
    choix = next(
        (oid for oid in (organisation_id, utilisateur.organisation_preferee_id) if oid in par_org),
        min(par_org, key=lambda oid: par_org[oid][0].organisation.nom, default=None),
    )
    if choix is None:
        return Contexte(superutilisateur=utilisateur.is_superuser)
    org = par_org[choix][0].organisation
    return Contexte(
        organisation_id=org.pk,
        organisation_type=org.type,
        organisation_nom=org.nom,
        commune_id=org.commune_id,
        roles=frozenset(h.role for h in par_org[choix]),
        superutilisateur=utilisateur.is_superuser,
    )
