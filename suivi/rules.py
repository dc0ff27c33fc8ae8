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


def liste_ouverte(user, code: str, vue: str, tout: bool) -> bool:
    """Whether the list behind the figure ``code`` of the view ``vue`` opens for ``user`` (``tout``: the person sees
    the whole table, suivi.perimetre): ``liste_permise``, and the territory's totals for those who see everything
    only. A landlord sees the territory's totals, but their lists name the demands and the leases of every landlord:
    its lists are those of its own figures (its landlord's and réservataire's views)."""
    return liste_permise(user, code) and (vue != "territoire" or tout)


def listes_ouvertes(user, codes, vue: str, tout: bool) -> frozenset[str]:
    """The codes among ``codes`` whose figure is a link to its list for ``user`` in ``vue`` (``liste_ouverte``); a
    figure whose list would be refused is written as a number, not a link to a refusal."""
    return frozenset(code for code in codes if liste_ouverte(user, code, vue, tout))
