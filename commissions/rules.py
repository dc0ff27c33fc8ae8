"""Permissions of the CCPC ("may this user do X?"), with the `rules` library.

Each predicate reads the acting context (territoire.contexte): who sees the candidates by name, who manages the
sessions, who reads them at all. What a user may *see* is in commissions.selectors (which builds on these). The
matrix is docs/roles.md. The perms below name them for `user.has_perm(...)`; the code calls the predicates."""

from __future__ import annotations

import rules

from territoire.contexte import contexte_de
from territoire.roles import Role


@rules.predicate
def voit_les_demandeurs(user) -> bool:
    """CASA's agents of the commission (administrator, instructor, secretariat) see who the candidates are: demand
    numbers, names, the avis' reasons. Members see a candidate code (A1, A2…) and no free text about a household;
    a reader sees no session (issue 15, CNIL: minimisation)."""
    return contexte_de(user).agent_casa(Role.INSTRUCTEUR, Role.SECRETARIAT_COMMISSION, Role.ADMINISTRATEUR)


@rules.predicate
def gere_les_seances(user) -> bool:
    """CASA's commission secretariat (and administrators) create, prepare, convene, hold and close the sessions."""
    return contexte_de(user).agent_casa(Role.SECRETARIAT_COMMISSION)


@rules.predicate
def consulte_les_seances(user) -> bool:
    """Who has the sessions' pages at all: CASA's commission agents, and the commission's members (theirs)."""
    return voit_les_demandeurs(user) or contexte_de(user).a_role(Role.MEMBRE_COMMISSION)


rules.add_perm("commissions.voir_les_demandeurs", voit_les_demandeurs)
rules.add_perm("commissions.gerer_seances", gere_les_seances)
rules.add_perm("commissions.consulter_seances", consulte_les_seances)
