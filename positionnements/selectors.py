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


# The states in which a landlord still has something to tell about a candidate: the CAL's decision (validated by the
# commission), then the candidate's answer (attributed), then the lease (accepted).
ATTENDUS_DE_LA_CAL = (
    EtatPositionnement.VALIDE,
    EtatPositionnement.ATTRIBUE,
    EtatPositionnement.ATTRIBUE_RANG,
    EtatPositionnement.ATTRIBUE_CS,
    EtatPositionnement.ACCEPTE,
)


def positionnements_pour_la_cal(user, bailleur_id: int | None = None) -> QuerySet[Positionnement]:
    """The positionnements a landlord's next CAL file is about (ATTENDUS_DE_LA_CAL), within what `user` sees
    (positionnements_visibles: a landlord its own dwellings, CASA all), narrowed to `bailleur_id` when given; each
    annotated with `valide_le` (the commission's validation day) and ordered by résidence reference, dwelling number
    and the candidate's rank in CASA's proposal. The pre-filled CAL template is written from them (docs/cal.md)."""
    qs = positionnements_visibles(user).filter(etat__in=ATTENDUS_DE_LA_CAL)
    if bailleur_id:
        qs = qs.filter(disponibilite__logement__residence__bailleur_id=bailleur_id)
    return (
        qs.select_related("disponibilite__logement__residence__bailleur", "decision_cal")
        .annotate(valide_le=_valide_le())
        .order_by(
            "disponibilite__logement__residence__bailleur__nom",
            "disponibilite__logement__residence__reference",
            "disponibilite__logement__numero",
            "disponibilite_id",
            "rang",
            "pk",
        )
    )
