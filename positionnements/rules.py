"""What a person may do with the positionnements and the CAL returns (`rules` predicates, docs/roles.md).

Each predicate reads the acting context (territoire.contexte): CASA's agents through `Contexte.agent_casa`, a
landlord's staff through its organisation and roles. What a person may *see* is in positionnements.selectors and
positionnements.retours_cal.selectors. Services check these before writing (PermissionDenied), views before showing
a form or an action (403). The perms below name them for `user.has_perm(...)`; the code calls the predicates."""

from __future__ import annotations

import rules

from territoire.contexte import contexte_de
from territoire.roles import Role, TypeOrganisation

# The roles whose job needs the positionnements of their perimeter (each names a demand).
ROLES_POSITIONNEMENTS = (
    Role.ADMINISTRATEUR,
    Role.INSTRUCTEUR,
    Role.SECRETARIAT_COMMISSION,
    Role.GESTIONNAIRE_BAILLEUR,
    Role.AGENT_GUICHET,
    Role.RESERVATAIRE,
)


@rules.predicate
def peut_positionner(user) -> bool:
    """CASA's instructors (and administrators) propose candidates, withdraw them, correct a recorded attribution."""
    return contexte_de(user).agent_casa(Role.INSTRUCTEUR)


@rules.predicate
def voit_les_candidats(user) -> bool:
    """The candidate lists (personal data of every applicant): CASA's agents who position, and its commission
    secretariat."""
    return contexte_de(user).agent_casa(Role.INSTRUCTEUR, Role.SECRETARIAT_COMMISSION)


@rules.predicate
def suit_tous_les_positionnements(user) -> bool:
    """CASA's agents whose job reads positionnements (ROLES_POSITIONNEMENTS): every landlord's CAL deposits and
    pre-filled templates."""
    return contexte_de(user).agent_casa(*ROLES_POSITIONNEMENTS)


@rules.predicate
def envoie_les_retours_cal(user) -> bool:
    """A landlord's managers and administrator send its CAL's decisions (file or API), acting for that landlord."""
    ctx = contexte_de(user)
    return ctx.organisation_type == TypeOrganisation.BAILLEUR and ctx.a_role(
        Role.GESTIONNAIRE_BAILLEUR, Role.ADMINISTRATEUR
    )


@rules.predicate
def peut_appliquer(user, depot) -> bool:
    """A CAL deposit is applied by its own landlord's managers and administrator."""
    return envoie_les_retours_cal(user) and contexte_de(user).organisation_id == depot.bailleur_id


@rules.predicate
def peut_relancer(user, depot) -> bool:
    """A file's check is run again by whoever may apply it (a call of the API is not run again: it was checked at
    once)."""
    return peut_appliquer(user, depot) and depot.source == "FICHIER"


@rules.predicate
def peut_deposer_liste(user, reservataire) -> bool:
    """A réservataire's list (croisement des fichiers) is sent by that réservataire's staff, or CASA's
    administrator."""
    ctx = contexte_de(user)
    if ctx.administrateur_epci:
        return True
    return ctx.organisation_id == reservataire.pk and ctx.a_role(
        Role.RESERVATAIRE, Role.ADMINISTRATEUR, Role.GESTIONNAIRE_BAILLEUR
    )


rules.add_perm("positionnements.positionner", peut_positionner)
rules.add_perm("positionnements.voir_candidats", voit_les_candidats)
rules.add_perm("positionnements.suivre_retours_cal", suit_tous_les_positionnements)
rules.add_perm("positionnements.envoyer_retours_cal", envoie_les_retours_cal)
rules.add_perm("positionnements.appliquer_depot_cal", peut_appliquer)
rules.add_perm("positionnements.relancer_depot_cal", peut_relancer)
rules.add_perm("positionnements.deposer_liste", peut_deposer_liste)


@rules.predicate
def administre_des_regles(user) -> bool:
    """Who has a page of positioning rules (docs/positionnements.md « Les règles de chaque bailleur »): CASA's
    administrators (CASA's defaults and every landlord's), a landlord's administrator (its own landlord's)."""
    ctx = contexte_de(user)
    return ctx.administrateur_epci or (
        ctx.organisation_type == TypeOrganisation.BAILLEUR and ctx.a_role(Role.ADMINISTRATEUR)
    )


@rules.predicate
def peut_fixer_les_regles(user, bailleur) -> bool:
    """CASA's positioning rules (`bailleur` None) are set by CASA's administrators; a landlord's by CASA's
    administrators and that landlord's own administrators."""
    ctx = contexte_de(user)
    if ctx.administrateur_epci:
        return True
    return bailleur is not None and administre_des_regles(user) and ctx.organisation_id == bailleur.pk


rules.add_perm("positionnements.fixer_regles", peut_fixer_les_regles)
