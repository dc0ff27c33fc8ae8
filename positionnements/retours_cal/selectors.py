"""Who reads which CAL deposits and decisions (docs/roles.md): CASA's agents who follow positionnements read every
deposit (each line names a demand), a landlord its own, a reader or a member none; the decisions follow the
positionnements a person sees (positionnements.selectors). Then the positionnements a landlord's CAL is awaited on
(the tabs of the page, the pre-filled template)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import DateField, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Cast, Coalesce

from demandes.codes import EtatDemande
from territoire.contexte import contexte_de
from territoire.models import Organisation

from ..etats import EtatPositionnement, TypeDecisionCAL
from ..models import DecisionCAL, DepotDecisionsCAL, Positionnement, TransitionPositionnement
from ..rules import envoie_les_retours_cal, suit_tous_les_positionnements
from ..selectors import positionnements_visibles
from .offres import Offre, offres

E = EtatPositionnement
# The tabs of the CAL page, in their order.
VUES = {
    "attendues": "Décisions attendues",
    "reponses": "Réponses attendues",
    "recues": "Décisions reçues",
    "attributions": "Attributions",
    "irrecevables": "Irrecevabilités",
    "depots": "Dépôts",
}


def delai_decision() -> int:
    """Days after the commission's validation beyond which a CAL decision is awaited: CASA's setting
    CASA_DELAI_DECISION_CAL_JOURS (casa_logement/settings/domaine.py), not a legal figure."""
    return int(settings.CASA_DELAI_DECISION_CAL_JOURS)


def bailleur_des_retours_cal(user) -> Organisation | None:
    """The landlord whose CAL decisions this user sends (rules.envoie_les_retours_cal: its managers and its
    administrator, acting for it), or None."""
    if not envoie_les_retours_cal(user):
        return None
    return Organisation.objects.get(pk=contexte_de(user).organisation_id)


def depots_visibles(user) -> QuerySet[DepotDecisionsCAL]:
    """CASA's agents who follow positionnements read every deposit (each line names a demand); a landlord its own;
    a reader or a member none. Without the file's content."""
    qs = DepotDecisionsCAL.objects.select_related("bailleur", "par").defer("contenu")
    if suit_tous_les_positionnements(user):
        return qs
    bailleur = bailleur_des_retours_cal(user)
    return qs.filter(bailleur=bailleur) if bailleur else qs.none()


def decisions_visibles(user) -> QuerySet[DecisionCAL]:
    """The CAL decisions of the positionnements `user` sees, with their demand and dwelling, each annotated with
    `source_reponse`: the source (SourceDepot code) of the deposit that brought the candidate's answer, None
    without one (the candidate in its space, the task of the delay, the landlord's file or API)."""
    return (
        DecisionCAL.objects.filter(positionnement__in=positionnements_visibles(user).values("pk"))
        .select_related("positionnement__demande", "positionnement__disponibilite__logement__residence__bailleur")
        .annotate(
            source_reponse=Subquery(
                TransitionPositionnement.objects.filter(
                    positionnement=OuterRef("positionnement"), vers__in=[E.ACCEPTE, E.REFUS_CANDIDAT]
                )
                .order_by("-le", "-pk")
                .values("depot__source")[:1]
            )
        )
    )


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


def lignes_de_l_onglet(
    user, vue: str, jour: dt.date, *, bailleur_id: int | None = None, decision: str = ""
) -> QuerySet | list[Offre]:
    """The rows of a tab of the CAL page (VUES) that `user` may read, narrowed to one landlord (`bailleur_id`) and,
    on « Décisions reçues », to one kind of decision: positionnements awaiting their decision, the offers awaiting
    the candidate's answer (offres.Offre, the first to answer first: its last day past until the night's task
    records the silence), leases, irrecevabilities of demands not struck off, deposits, or every decision received,
    in the tab's order."""
    if vue == "attendues":
        qs = decisions_attendues(user, jour, delai_decision())
        return qs.filter(disponibilite__logement__residence__bailleur_id=bailleur_id) if bailleur_id else qs
    if vue == "depots":
        qs = depots_visibles(user)
        return qs.filter(bailleur_id=bailleur_id) if bailleur_id else qs
    if vue == "reponses":
        qs = positionnements_visibles(user)
        return offres(qs.filter(disponibilite__logement__residence__bailleur_id=bailleur_id) if bailleur_id else qs)
    decisions = decisions_visibles(user)
    if bailleur_id:
        decisions = decisions.filter(positionnement__disponibilite__logement__residence__bailleur_id=bailleur_id)
    if vue == "attributions":
        return decisions.filter(date_bail__isnull=False).order_by("-date_bail", "-pk")
    if vue == "irrecevables":
        return decisions.filter(
            decision=TypeDecisionCAL.REJET_IRRECEVABILITE,
            positionnement__etat=E.IRRECEVABLE,
        ).exclude(positionnement__demande__etat=EtatDemande.RADIEE)
    if decision:
        decisions = decisions.filter(decision=decision)
    return decisions.order_by("-date_cal", "-pk")


def attributions_corrigeables() -> QuerySet[DecisionCAL]:
    """The decisions whose lease is signed (CASA corrects them: services.attribution_corriger), with their demand and
    dwelling."""
    return DecisionCAL.objects.filter(date_bail__isnull=False).select_related(
        "positionnement__demande", "positionnement__disponibilite__logement__residence"
    )


def changements_du_depot(depot: DepotDecisionsCAL) -> QuerySet[TransitionPositionnement]:
    """The moves a deposit brought (a deposit the person may read: depots_visibles), by dwelling and rank."""
    return depot.transitions.select_related(
        "positionnement__demande", "positionnement__disponibilite__logement__residence"
    ).order_by("positionnement__disponibilite_id", "positionnement__rang", "pk")
