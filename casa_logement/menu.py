"""The header's sections a person is shown: the same rules as the pages they open, so that no menu entry leads to a
refusal (« Commission » was shown to CASA's reader, who gets 403) or to a list that can only be empty."""

from __future__ import annotations

from django.urls import reverse

from territoire.roles import Role, TypeOrganisation

# Roles that see no positionnement nor CAL return of their own: a reader reads the tracking tables, a member the
# sessions it is convened to.
ROLES_SANS_POSITIONNEMENTS = {Role.LECTEUR, Role.MEMBRE_COMMISSION}


def menu(request) -> dict:
    """``menu``: {"demandes", "positionnements", "cal", "commission", "sne", "envois_sne"} booleans for the current
    organisation and roles (templates/base.html; "envois_sne", the outbox's tab: sne/templates/sne/_onglets.html),
    and "regles": the address of the positioning rules' page its administrators set ("" for the others)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": {}}
    from commissions.rules import voit_les_demandeurs
    from demandes.rules import lit_les_demandes
    from envois_sne.rules import administre_les_envois_sne
    from positionnements.rules import administre_des_regles
    from sne.rules import suit_le_sne

    ctx = request.contexte
    travaille = bool(set(ctx.roles) - ROLES_SANS_POSITIONNEMENTS) or ctx.administrateur_epci
    regles = ""
    if ctx.administrateur_epci:
        regles = reverse("positionnements:regles")
    elif administre_des_regles(user):
        regles = reverse("positionnements:regles_bailleur", args=[ctx.organisation_id])
    return {
        "menu": {
            "demandes": lit_les_demandes(user),
            "positionnements": travaille,
            "cal": travaille and (ctx.est_epci or ctx.organisation_type == TypeOrganisation.BAILLEUR),
            "commission": voit_les_demandeurs(user) or ctx.a_role(Role.MEMBRE_COMMISSION),
            "sne": suit_le_sne(user),
            "envois_sne": administre_les_envois_sne(user),
            "regles": regles,
        }
    }
