"""Who sees which positionnements: CASA all of them; a landlord those on its dwellings; a réservataire those on its
contingent; a commune those on its territory. The candidate lists (personal data of every applicant) are for the CASA
agents who position, and its commission secretariat."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from territoire.contexte import contexte_de
from territoire.roles import Role, TypeOrganisation

from .models import Positionnement


def voit_les_candidats(user) -> bool:
    ctx = contexte_de(user)
    return ctx.administrateur_epci or (ctx.est_epci and ctx.a_role(Role.INSTRUCTEUR, Role.SECRETARIAT_COMMISSION))


def positionnements_visibles(user) -> QuerySet[Positionnement]:
    ctx = contexte_de(user)
    qs = Positionnement.objects.select_related(
        "demande", "disponibilite__logement__residence__commune", "disponibilite__reservataire", "propose_par"
    )
    if ctx.superutilisateur or ctx.est_epci:
        return qs
    if not ctx.organisation_id:
        return qs.none()
    if ctx.organisation_type == TypeOrganisation.BAILLEUR:
        return qs.filter(disponibilite__logement__residence__bailleur_id=ctx.organisation_id)
    filtre = Q(disponibilite__reservataire_id=ctx.organisation_id)
    if ctx.organisation_type == TypeOrganisation.COMMUNE:
        filtre |= Q(disponibilite__logement__residence__commune__organisations=ctx.organisation_id)
    return qs.filter(filtre).distinct()
