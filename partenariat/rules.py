"""Who may write which note on a demand (`rules` predicates, docs/partenaires.md and docs/roles.md). Who *reads* which
note is partenariat.selectors.notes_visibles, the single place that decides it.

- Writing: whoever reads the demand's thread (selectors.demandes_du_fil: the demands the person sees, or has a
  positionnement under way on in her perimeter) and acts in a role that works on demands
  (positionnements.rules.ROLES_POSITIONNEMENTS: administrator, instructor, commission secretariat, landlord's
  manager, counter's agent, réservataire). Members of the commission and readers never read a thread.
- Sensitive notes (health, violence): written and read by those who may open the demand's sensitive pieces, the very
  predicate demandes.rules.voit_les_pieces_sensibles (the agents who may change the demand: CASA's instructors and
  administrators, the agents and instructors of the counter that registered it).
- Correcting: a note of one's own organisation (the one the person acts for now).
"""

from __future__ import annotations

import rules

from positionnements.rules import ROLES_POSITIONNEMENTS
from territoire.contexte import contexte_de

from .selectors import demandes_du_fil, lit_le_sensible


@rules.predicate
def lit_les_notes_sensibles(user, demande) -> bool:
    """Reads and writes the notes marked sensitive of `demande`: selectors.lit_le_sensible (the predicate of the
    demand's sensitive pieces). One query."""
    return lit_le_sensible(user, demande)


@rules.predicate
def a_un_role_qui_ecrit(user) -> bool:
    """A role that works on demands (ROLES_POSITIONNEMENTS), acting for an organisation. No query."""
    ctx = contexte_de(user)
    return ctx.organisation_id is not None and ctx.a_role(*ROLES_POSITIONNEMENTS)


@rules.predicate
def peut_ecrire_une_note(user, demande) -> bool:
    """A role that works on demands, acting for an organisation, and the demand's thread within reach. One query."""
    return a_un_role_qui_ecrit(user) and demandes_du_fil(user).filter(pk=demande.pk).exists()


@rules.predicate
def peut_corriger(user, note) -> bool:
    """A note is corrected (by a new note) by a writer of its thread acting for the author's organisation."""
    return contexte_de(user).organisation_id == note.organisation_id and peut_ecrire_une_note(user, note.demande)


rules.add_perm("partenariat.ecrire_note", peut_ecrire_une_note)
rules.add_perm("partenariat.corriger_note", peut_corriger)
