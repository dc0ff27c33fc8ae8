"""Who may read the journal of changes (`rules` predicates, docs/roles.md and docs/audit.md): CASA's administrators
only; every other role gets a 403."""

from __future__ import annotations

import rules

from territoire.contexte import contexte_de
from territoire.roles import Role


@rules.predicate
def lit_le_journal(user) -> bool:
    """CASA's administrators (and Django superusers)."""
    return contexte_de(user).agent_casa(Role.ADMINISTRATEUR)


rules.add_perm("journal.voir_journal", lit_le_journal)
