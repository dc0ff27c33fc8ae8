"""Who sees which positionnements: CASA all of them; a landlord those on its dwellings; a réservataire those on its
contingent; a commune those on its territory. The candidate lists (personal data of every applicant) are for the CASA
agents who position, and its commission secretariat. Commission members and readers see none: a positionnement names
a demand (issue 15: members never see a demand number; a reader reads the tracking tables only)."""

from __future__ import annotations

import datetime as dt

from django.db.models import DateField, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast, Coalesce

from territoire.contexte import contexte_de
from territoire.roles import Role, TypeOrganisation

from .etats import EtatPositionnement
from .models import Positionnement, TransitionPositionnement


def voit_les_candidats(user) -> bool:
    ctx = contexte_de(user)
    return ctx.administrateur_epci or (ctx.est_epci and ctx.a_role(Role.INSTRUCTEUR, Role.SECRETARIAT_COMMISSION))


# The roles whose job needs the positionnements of their perimeter (each names a demand).
ROLES_POSITIONNEMENTS = (
    Role.ADMINISTRATEUR,
    Role.INSTRUCTEUR,
    Role.SECRETARIAT_COMMISSION,
    Role.GESTIONNAIRE_BAILLEUR,
    Role.AGENT_GUICHET,
    Role.RESERVATAIRE,
)


def positionnements_visibles(user) -> QuerySet[Positionnement]:
    ctx = contexte_de(user)
    qs = Positionnement.objects.select_related(
        "demande", "disponibilite__logement__residence__commune", "disponibilite__reservataire", "propose_par"
    )
    if ctx.superutilisateur:
        return qs
    if not ctx.organisation_id or not ctx.a_role(*ROLES_POSITIONNEMENTS):
        return qs.none()
    if ctx.est_epci:
        return qs
    if ctx.organisation_type == TypeOrganisation.BAILLEUR:
        return qs.filter(disponibilite__logement__residence__bailleur_id=ctx.organisation_id)
    filtre = Q(disponibilite__reservataire_id=ctx.organisation_id)
    if ctx.organisation_type == TypeOrganisation.COMMUNE:
        filtre |= Q(disponibilite__logement__residence__commune__organisations=ctx.organisation_id)
    return qs.filter(filtre).distinct()


def _valide_le():
    """The day the commission validated the positionnement (its last move to « validé »)."""
    return Subquery(
        TransitionPositionnement.objects.filter(positionnement=OuterRef("pk"), vers=EtatPositionnement.VALIDE)
        .values("positionnement")
        .annotate(jour=Max(Coalesce("date_effet", Cast("le", DateField()))))
        .values("jour")[:1]
    )


def decisions_attendues(user, jour: dt.date, delai_jours: int) -> QuerySet[Positionnement]:
    """Positionnements validated by the commission more than `delai_jours` ago, with no CAL decision yet."""
    return (
        positionnements_visibles(user)
        .filter(etat=EtatPositionnement.VALIDE)
        .annotate(valide_le=_valide_le())
        .filter(valide_le__lte=jour - dt.timedelta(days=delai_jours))
        .order_by("valide_le", "pk")
    )
