"""What a person may do with the tracking table (`rules` predicates, docs/roles.md): produce a month's table, open
the list of demands behind a figure. What part of the table a person sees is suivi.perimetre."""

from __future__ import annotations

import rules

from demandes.codes import PRIORITES_SENSIBLES
from positionnements.rules import ROLES_POSITIONNEMENTS, voit_les_candidats
from territoire.contexte import contexte_de
from territoire.roles import Role


@rules.predicate
def peut_produire(user) -> bool:
    """CASA's instructors and commission secretaries (and its administrators) produce a month's table."""
    return contexte_de(user).agent_casa(Role.INSTRUCTEUR, Role.SECRETARIAT_COMMISSION)


@rules.predicate
def liste_permise(user, code: str) -> bool:
    """The list behind a figure names demands (their numbers): for the roles whose job reads demands in their
    perimeter (ROLES_POSITIONNEMENTS), never for a commission member or a reader, who read the figures only
    (issue 15); one of a sensitive priority category is for CASA's agents only (REGLES §6)."""
    ctx = contexte_de(user)
    if not (ctx.superutilisateur or ctx.a_role(*ROLES_POSITIONNEMENTS)):
        return False
    sensible = code.startswith("priorite_") and code.removeprefix("priorite_") in PRIORITES_SENSIBLES
    return not sensible or voit_les_candidats(user)
