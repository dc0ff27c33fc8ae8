"""Who may do what on demands (docs/roles.md), as `rules` predicates built on the acting context
(`Contexte.agent_casa`, `Contexte.a_role`). What a user may *see* is the scopes of demandes.selectors; these say what
a user may *do*. Services and views call them directly (``peut_qualifier(user)``), never through ``user.has_perm``:
territoire.backends grants CASA's administrators every model permission of the app, which is not the question here.
"""

from __future__ import annotations

import rules

from territoire.contexte import contexte_de
from territoire.roles import Role

from .selectors import ROLES_DEMANDES, ROLES_EPCI, demandes_modifiables


@rules.predicate
def lit_les_demandes(user) -> bool:
    """Whether the person's current role reads demands (the « Demandes » menu and the header's search box):
    CASA's instructors, secretariat and administrators, the counters' agents and instructors."""
    ctx = contexte_de(user)
    return bool(ctx.agent_casa(*ROLES_EPCI) or ctx.a_role(*ROLES_DEMANDES))


@rules.predicate
def peut_creer_une_demande(user) -> bool:
    """A counter's agent or an instructor opens a draft (for their own counter: `peut_enregistrer_pour`)."""
    return contexte_de(user).a_role(*ROLES_DEMANDES)


@rules.predicate
def peut_enregistrer_pour(user, guichet) -> bool:
    """Registers a demand at `guichet`: an agent or instructor acting for that very counter, or CASA's administrator
    for any counter."""
    ctx = contexte_de(user)
    return peut_creer_une_demande(user) and (guichet.pk == ctx.organisation_id or ctx.administrateur_epci)


@rules.predicate
def modifie_la_demande(user, demande) -> bool:
    """The demand is within what the user may change (demandes.selectors.demandes_modifiables: CASA's instructors
    every demand, a counter's agents those of their counter): fill it, add a criterion or a piece, renew, warn,
    strike off. One query."""
    return demandes_modifiables(user).filter(pk=demande.pk).exists()


# Who changes the demand strikes it off (the reasons that follow a timing are the beat jobs', demandes.services).
peut_radier = modifie_la_demande


@rules.predicate
def voit_les_pieces_sensibles(user, piece) -> bool:
    """A piece that reveals health, violence or legal proceedings (demandes.qualification.PIECES_SENSIBLES) is
    opened by the agents who may change its demand only. One query."""
    return demandes_modifiables(user).filter(pk=piece.demande_id).exists()


@rules.predicate
def peut_qualifier(user) -> bool:
    """Active → qualified (pieces complete): an instructor, of CASA or of a counter."""
    return contexte_de(user).a_role(Role.INSTRUCTEUR)


@rules.predicate
def peut_corriger_date_depot(user) -> bool:
    """Only an instructor of the EPCI (CASA) corrects a filing date (issue 14: it drives seniority and cotation);
    CASA's administrator without the instructor role does not (superusers do)."""
    ctx = contexte_de(user)
    return ctx.agent_casa(Role.INSTRUCTEUR) and ctx.a_role(Role.INSTRUCTEUR)
