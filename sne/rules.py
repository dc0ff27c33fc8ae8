"""Who may do what with the SNE import (docs/roles.md), as `rules` predicates on the acting context, called directly
(never through has_perm). Only CASA's agents deal with the national registry's file: its administrators receive the
files; its administrators and instructors read the reports and settle the conflicts and duplicates."""

from __future__ import annotations

import rules

from territoire.contexte import contexte_de
from territoire.roles import Role


@rules.predicate
def administre_le_sne(user) -> bool:
    """Uploads the SNE's files and runs an import again: CASA's administrators."""
    return contexte_de(user).agent_casa(Role.ADMINISTRATEUR)


@rules.predicate
def suit_le_sne(user) -> bool:
    """Reads the imports and their reports, settles conflicts and probable duplicates: CASA's administrators and
    instructors."""
    return contexte_de(user).agent_casa(Role.ADMINISTRATEUR, Role.INSTRUCTEUR)
