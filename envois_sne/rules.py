"""Who may read and act on the outbox to the SNE (`rules` predicates, docs/roles.md): CASA's administrators only, the
roles that administer CASA (territoire.contexte.Contexte.agent_casa without further roles). Every other person gets
403 on its pages; its services check the same predicate (PermissionDenied)."""

from __future__ import annotations

import rules

from territoire.contexte import contexte_de


@rules.predicate
def administre_les_envois_sne(user) -> bool:
    """CASA's administrators (and superusers): the outbox, its daily files, the SNE's acknowledgements."""
    return contexte_de(user).agent_casa()
