"""What the retention purge (demandes/retention/) erases in the positionnements of a demand whose data is erased:
the free texts typed about the household (the reason of a second positionnement, the reasons in the positionnement's
log, the CAL's condition and reason) and the landlord's CAL file once applied (it may name the candidates). Kept:
states, dates, ranks, the dwelling, and the household and dwelling frozen on the CAL decision at the lease
(`DecisionCAL.menage`, `logement_au_bail`: sizes, quartile, priority codes, DALO, mutation; no name), which the
monthly tracking counts: no past table changes. Corrections of an attribution (CorrectionDecision) are kept whole:
their reason is printed in the tracking table of their month (docs/conservation.md)."""

from __future__ import annotations

from django.db.models import Q

from demandes.retention import effaceur, evenements, evenements_modifiables

from .models import DecisionCAL, DepotDecisionsCAL, EtatDepot, Positionnement, TransitionPositionnement


@effaceur("positionnements")
def effacer(ids: list[int], simulation: bool) -> dict[str, int]:
    """Counts, and unless `simulation` erases, what the positionnements of the demands `ids` copied of them."""
    positionnements = list(Positionnement.objects.filter(demande_id__in=ids).values_list("pk", flat=True))
    derogations = Positionnement.objects.filter(pk__in=positionnements).exclude(derogation="")
    transitions = TransitionPositionnement.objects.filter(positionnement_id__in=positionnements).exclude(motif="")
    decisions = list(DecisionCAL.objects.filter(positionnement_id__in=positionnements).values_list("pk", flat=True))
    textes = ~Q(condition="") | ~Q(motif="")
    # the applied files that held one of these candidates: their decisions are in the rows, the file has served
    depots = list(
        DepotDecisionsCAL.objects.filter(etat=EtatDepot.APPLIQUE)
        .filter(Q(decisions__pk__in=decisions) | Q(transitions__positionnement_id__in=positionnements))
        .exclude(contenu=b"")
        .values_list("pk", flat=True)
        .distinct()
    )
    ev_positionnements = evenements(Positionnement, pgh_obj_id__in=positionnements).exclude(derogation="")
    ev_decisions = evenements(DecisionCAL, pgh_obj_id__in=decisions).filter(textes)
    compteurs = {
        "positionnements": len(positionnements),
        "decisions_cal": len(decisions),
        "depots_cal": len(depots),
        "evenements": ev_positionnements.count() + ev_decisions.count(),
    }
    if simulation:
        return compteurs
    derogations.update(derogation="")
    transitions.update(motif="")
    DecisionCAL.objects.filter(pk__in=decisions).filter(textes).update(condition="", motif="")
    DepotDecisionsCAL.objects.filter(pk__in=depots).update(contenu=b"")
    with evenements_modifiables(Positionnement, DecisionCAL):
        ev_positionnements.update(derogation="")
        ev_decisions.update(condition="", motif="")
    return compteurs
