"""Object permissions of the parc and the programmation ("may this user do X?"), with the `rules` library.

Each predicate reads the acting context (territoire.contexte); what a user may *see* is in programmation.selectors.
Services check them before writing (PermissionDenied), views before showing a form or an action (403). The
matrix is docs/roles.md. The perms below name them for `user.has_perm(...)`; the code calls the predicates."""

from __future__ import annotations

import rules

from territoire.contexte import contexte_de
from territoire.roles import Role, TypeOrganisation


def _gestionnaire_du_bailleur(user, bailleur_id: int | None) -> bool:
    """The acting organisation is this landlord and the user manages its parc there."""
    ctx = contexte_de(user)
    return ctx.organisation_id == bailleur_id and ctx.a_role(Role.GESTIONNAIRE_BAILLEUR)


@rules.predicate
def organise_la_programmation(user) -> bool:
    """CASA's instructors (and administrators) create programmes and run the réunions réservataires."""
    return contexte_de(user).agent_casa(Role.INSTRUCTEUR)


@rules.predicate
def fait_avancer_le_programme(user, programme) -> bool:
    """CASA's staff who organise the programmation, and the programme's own landlord."""
    return organise_la_programmation(user) or _gestionnaire_du_bailleur(user, programme.bailleur_id)


@rules.predicate
def fixe_les_objectifs(user, bailleur) -> bool:
    """The flow objectives with a landlord: CASA's staff who organise the programmation, and that landlord."""
    return organise_la_programmation(user) or _gestionnaire_du_bailleur(user, bailleur.pk)


@rules.predicate
def gere_le_parc(user, bailleur) -> bool:
    """A landlord's stock (its import): its managers; CASA's administrator may too."""
    return contexte_de(user).administrateur_epci or _gestionnaire_du_bailleur(user, bailleur.pk)


@rules.predicate
def declare_le_logement(user, logement) -> bool:
    """The dwelling's landlord (its manager) declares it free; CASA's administrator may too."""
    return contexte_de(user).administrateur_epci or _gestionnaire_du_bailleur(user, logement.residence.bailleur_id)


@rules.predicate
def gere_un_parc(user) -> bool:
    """The user acts for a landlord and manages its parc there (the stock import, the parc's buttons)."""
    ctx = contexte_de(user)
    return ctx.organisation_type == TypeOrganisation.BAILLEUR and ctx.a_role(Role.GESTIONNAIRE_BAILLEUR)


rules.add_perm("programmation.organiser", organise_la_programmation)
rules.add_perm("programmation.faire_avancer_programme", fait_avancer_le_programme)
rules.add_perm("programmation.fixer_objectifs", fixe_les_objectifs)
rules.add_perm("programmation.gerer_parc", gere_le_parc)
rules.add_perm("programmation.declarer_logement", declare_le_logement)
rules.add_perm("programmation.importer_parc", gere_un_parc)
