"""Object permissions ("may this user do X on this object?"), with the `rules` library.

Each predicate reads the acting context (current organisation and roles) set by the middleware. What a user may
*see* is the job of the scopes in territoire.selectors; these say what a user may *do*. docs/roles.md is the matrix.
"""

import rules

from .contexte import contexte_de
from .roles import Role


@rules.predicate
def est_administrateur_epci(user) -> bool:
    return contexte_de(user).administrateur_epci


@rules.predicate
def est_administrateur(user) -> bool:
    return contexte_de(user).a_role(Role.ADMINISTRATEUR)


@rules.predicate
def administre_l_organisation(user, organisation) -> bool:
    """Administrator of this very organisation, in the current context (or CASA's administrator)."""
    ctx = contexte_de(user)
    if ctx.administrateur_epci:
        return True
    return organisation is not None and ctx.a_role(Role.ADMINISTRATEUR) and organisation.pk == ctx.organisation_id


@rules.predicate
def administre_l_utilisateur(user, cible) -> bool:
    """Administrator of an organisation where the target holds a habilitation in force (or CASA's administrator)."""
    ctx = contexte_de(user)
    if ctx.administrateur_epci:
        return True
    if cible is None or not ctx.a_role(Role.ADMINISTRATEUR):
        return False
    return cible.habilitations.actives().filter(organisation_id=ctx.organisation_id).exists()


@rules.predicate
def administre_tout_le_compte(user, cible) -> bool:
    """What acts on the whole account (its second factor, its login lock, its reactivation) needs to administer every
    organisation it acts for: CASA's administrator, or the administrator of the only organisation where the target
    holds habilitations in force (an account shared with CASA or another organisation is CASA's business)."""
    ctx = contexte_de(user)
    if ctx.administrateur_epci:
        return True
    if cible is None or not ctx.a_role(Role.ADMINISTRATEUR):
        return False
    organisations = set(cible.habilitations.actives().values_list("organisation_id", flat=True))
    return organisations == {ctx.organisation_id}


@rules.predicate
def est_soi_meme(user, cible) -> bool:
    return cible is not None and cible.pk == user.pk


rules.add_perm("territoire.consulter_annuaire", rules.is_authenticated)
rules.add_perm("territoire.gerer_utilisateurs", est_administrateur)
rules.add_perm("territoire.voir_utilisateur", est_soi_meme | administre_l_utilisateur)
rules.add_perm("territoire.modifier_utilisateur", administre_l_utilisateur)
rules.add_perm("territoire.gerer_compte", administre_tout_le_compte)
rules.add_perm("territoire.gerer_habilitations", administre_l_organisation)
rules.add_perm("territoire.gerer_cles_api", administre_l_organisation)
rules.add_perm("territoire.parametrer", est_administrateur_epci)

# Access governance (territoire.services_acces): the review of an organisation's habilitations by its administrator
# (CASA's for any), the state of every review and the log of sensitive reads for CASA's administrators only, the
# « qui voit quoi » list for any administrator (of its own organisation).
rules.add_perm("territoire.revoir_habilitations", administre_l_organisation)
rules.add_perm("territoire.suivre_revues", est_administrateur_epci)
rules.add_perm("territoire.voir_qui_voit_quoi", est_administrateur)
rules.add_perm("territoire.voir_lectures_sensibles", est_administrateur_epci)
# The journal of changes: journal.voir_journal (journal/rules.py).
