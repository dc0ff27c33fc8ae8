"""Applying a checked CAL file (docs/cal.md), in the caller's transaction: the positionnements move through
positionnements.transitions (the same checked path as every other move), the CAL's facts are kept on DecisionCAL,
each demand's log says what was decided, a refusal lowers the cotation when it counts; a signed lease strikes the
demand off for attribution, fills the dwelling (its household moves in) and ends the dwelling's other candidates
and the demand's other positionnements in failure. The household and the dwelling are frozen on the decision as the
monthly tracking counts them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from commun.erreurs import ErreurMetier
from demandes import eligibilite, reference
from demandes import services as demandes_services
from demandes.codes import CodePriorite
from demandes.models import Demande
from programmation import services as programmation_services
from territoire.models import Utilisateur

from .. import transitions
from ..etats import EN_COURS, EtatPositionnement
from ..models import DecisionCAL, DepotDecisionsCAL, Positionnement
from ..transitions import Pas
from .verification import PAS_PROGRESSION, Plan, Rapport

E = EtatPositionnement
CHAMPS_DE_LA_CAL = [
    "date_cal",
    "decision",
    "rang",
    "condition",
    "motif",
    "accord_collectif",
    "reponse",
    "date_reponse",
    "motif_refus",
]


def refus_non_decomptes() -> tuple[str, ...]:
    """The refusal reasons (MotifRefus codes) that do not lower the cotation: the offer was not suited to the household,
    or the dwelling not fit to let (REGLES §9 allows a malus for refusing an *adapted* offer). CASA's setting
    CASA_REFUS_NON_DECOMPTES (casa_logement/settings/domaine.py)."""
    return tuple(settings.CASA_REFUS_NON_DECOMPTES)


@dataclass
class _Suites:
    """What the rows entail besides the moves, gathered row by row and written at once."""

    journal: list[tuple[int, str]] = field(default_factory=list)  # (demand, sentence) for each demand's log
    refus: list[int] = field(default_factory=list)  # demands whose refusal lowers the cotation
    baux: list[Plan] = field(default_factory=list)
    menages: dict[int, dict] = field(default_factory=dict)  # positionnement → its household at the lease
    seuils: dict = field(default_factory=dict)  # the quartile thresholds already looked up, by day
    nouvelles: list[DecisionCAL] = field(default_factory=list)
    modifiees: list[DecisionCAL] = field(default_factory=list)


@transaction.atomic
def appliquer(
    rapport: Rapport,
    *,
    par: Utilisateur | None,
    depot: DepotDecisionsCAL,
    jour: dt.date | None = None,
    progression: Callable[[int, int], None] | None = None,
) -> dict:
    """Records a valid report: the positionnements move, the CAL's facts are kept, each demand's log says what was
    decided; a signed lease strikes the demand off for attribution, fills the dwelling and its household moves in, and
    the other candidates of the dwelling (and the demand's other positionnements) end in failure. All or nothing: a
    positionnement changed since the check makes it refuse the whole file. `par` None: no staff member acts (the
    candidate's answer in its space, silence past the delay: the deposit's source says who). Returns counts for the
    page."""
    if not rapport.valide:
        raise ErreurMetier("Le fichier contient des erreurs : rien n'est appliqué.")
    jour = jour or timezone.localdate()
    plans = [plan for plan in rapport.plans if plan.a_appliquer]
    verrouilles = _verrouiller(plans)
    suites = _Suites()
    mouvements = _suivre_les_plans(plans, verrouilles, depot=depot, suites=suites, progression=progression)
    transitions.faire_passer(mouvements, par=par, depot=depot)
    DecisionCAL.objects.bulk_create(suites.nouvelles, batch_size=500)
    DecisionCAL.objects.bulk_update(
        suites.modifiees, [*CHAMPS_DE_LA_CAL, "date_bail", "menage", "logement_au_bail", "depot"], batch_size=500
    )
    echecs = _conclure_les_baux(verrouilles, par=par, depot=depot, jour=jour, suites=suites) if suites.baux else 0
    demandes_services.journal_noter(par=par, entrees=suites.journal)
    if suites.refus:
        demandes_services.refus_offre_compter(demande_ids=suites.refus, jour=jour)
    if progression:
        progression(len(plans), len(plans))
    return {
        "appliquees": len(plans),
        "deja_connues": len(rapport.plans) - len(plans),
        "baux": len(suites.baux),
        "echecs": echecs,
        "refus_decomptes": len(suites.refus),
    }


def _verrouiller(plans: list[Plan]) -> dict[int, Positionnement]:
    """The plans' positionnements locked (in pk order), each still where the check left it (ErreurMetier
    otherwise: the file is to be checked again)."""
    verrouilles = {
        p.pk: p
        for p in Positionnement.objects.select_for_update(of=("self",))
        .filter(pk__in=sorted(plan.positionnement.pk for plan in plans))
        .select_related(
            "demande", "disponibilite__logement__residence__bailleur", "disponibilite__logement__residence__commune"
        )
        .order_by("pk")
    }
    for plan in plans:
        if verrouilles[plan.positionnement.pk].etat != plan.etat_avant:
            raise ErreurMetier(
                f"Ligne {plan.faits.ligne} : le positionnement a changé depuis la vérification. Vérifiez le fichier à "
                "nouveau."
            )
    return verrouilles


def _suivre_les_plans(
    plans: list[Plan],
    verrouilles: dict[int, Positionnement],
    *,
    depot: DepotDecisionsCAL,
    suites: _Suites,
    progression: Callable[[int, int], None] | None,
) -> list[tuple[Positionnement, list[Pas]]]:
    """Each plan's steps as the moves of its locked positionnement, and what they entail: the demand's log, a refusal
    counted, a lease, the CAL's facts to keep."""
    existantes = {d.positionnement_id: d for d in DecisionCAL.objects.filter(positionnement_id__in=list(verrouilles))}
    mouvements = []
    for n, plan in enumerate(plans, start=1):
        if progression and n % PAS_PROGRESSION == 0:
            progression(n, len(plans))
        p = verrouilles[plan.positionnement.pk]
        _noter_la_decision(plan, p, existantes.get(p.pk), depot=depot, suites=suites)
        if not plan.etapes:  # a row that only completes a decision with its collective agreement moves nothing
            continue
        mouvements.append((p, [Pas(etape.vers, etape.texte, etape.date) for etape in plan.etapes]))
        # the radiation for attribution says the lease in the demand's log
        suites.journal += [(p.demande_id, f"{e.texte} — {_lieu(p)}") for e in plan.etapes if e.vers != E.BAIL_SIGNE]
        if plan.etat_apres == E.REFUS_CANDIDAT and plan.faits.motif_refus not in refus_non_decomptes():
            suites.refus.append(p.demande_id)
        if plan.etat_apres == E.BAIL_SIGNE:
            suites.baux.append(plan)
    return mouvements


def _noter_la_decision(
    plan: Plan, p: Positionnement, d: DecisionCAL | None, *, depot: DepotDecisionsCAL, suites: _Suites
) -> None:
    """The row's facts on the positionnement's DecisionCAL (new or updated; a collective agreement the row does not
    say keeps the recorded one); at a lease, the household and the dwelling frozen as the monthly tracking counts
    them. A row that only completes a recorded decision with its collective agreement changes nothing else."""
    f = plan.faits
    if d is not None and not plan.etapes:
        d.accord_collectif = plan.accord
        suites.modifiees.append(d)
        return
    d = d or DecisionCAL(positionnement=p)
    d.date_cal, d.decision, d.rang, d.condition, d.motif = f.date_cal, f.decision, f.rang, f.condition, f.motif
    d.accord_collectif = f.accord_collectif or d.accord_collectif
    d.reponse, d.date_reponse, d.motif_refus, d.date_bail = f.reponse, f.date_reponse, f.motif_refus, f.date_bail
    d.depot = depot
    if plan.etapes and plan.etat_apres == E.BAIL_SIGNE:
        d.menage = suites.menages[p.pk] = _menage(p.demande, f.date_bail, suites.seuils)
        d.logement_au_bail = logement_au_bail(p)
    (suites.modifiees if d.pk else suites.nouvelles).append(d)


def _conclure_les_baux(
    verrouilles: dict[int, Positionnement],
    *,
    par: Utilisateur,
    depot: DepotDecisionsCAL,
    jour: dt.date,
    suites: _Suites,
) -> int:
    """After the signed leases: the other candidates released, the dwellings filled (their households move in), the
    demands struck off for attribution. Returns how many other candidates were released."""
    echecs = _liberer_les_autres(suites.baux, par=par, depot=depot, jour=jour, journal=suites.journal)
    programmation_services.attributions_enregistrer(
        [
            programmation_services.Attribution(
                disponibilite_id=plan.positionnement.disponibilite_id,
                date_bail=plan.faits.date_bail,
                personnes=suites.menages[plan.positionnement.pk]["personnes"],
                quartile=suites.menages[plan.positionnement.pk]["quartile"],
                prioritaire=bool(suites.menages[plan.positionnement.pk]["priorites"]),
            )
            for plan in suites.baux
        ],
        par=par,
    )
    demandes_services.radier_pour_attribution(
        par=par,
        radiations=[
            (plan.positionnement.demande_id, plan.faits.date_bail, _lieu(verrouilles[plan.positionnement.pk]))
            for plan in suites.baux
        ],
    )
    return echecs


def _liberer_les_autres(
    baux: list[Plan], *, par: Utilisateur, depot: DepotDecisionsCAL, jour: dt.date, journal: list[tuple[int, str]]
) -> int:
    """The dwelling's other candidates, and the demand's other positionnements, under way end in failure (today),
    each said in its demand's log. Returns how many."""
    dispos = {plan.positionnement.disponibilite_id: plan for plan in baux}
    demandes_baux = {plan.positionnement.demande_id: plan for plan in baux}
    autres = list(
        Positionnement.objects.select_for_update(of=("self",))
        .filter(Q(disponibilite_id__in=dispos) | Q(demande_id__in=demandes_baux), etat__in=EN_COURS)
        .exclude(pk__in=[plan.positionnement.pk for plan in baux])
        .select_related("disponibilite__logement__residence__bailleur")
        .order_by("pk")
    )
    mouvements = []
    for autre in autres:
        if autre.disponibilite_id in dispos:
            date_bail = dispos[autre.disponibilite_id].faits.date_bail
            texte = f"Logement attribué à un autre candidat (bail signé le {date_bail:%d/%m/%Y})"
        else:
            texte = "Demande attribuée sur un autre logement (bail signé)"
        mouvements.append((autre, [Pas(E.ECHEC, texte, jour)]))
        journal.append((autre.demande_id, f"{texte} — {_lieu(autre)}"))
    transitions.faire_passer(mouvements, par=par, depot=depot)
    return len(autres)


def _menage(demande: Demande, jour: dt.date, seuils: dict) -> dict:
    """The household as the monthly tracking counts it, at the lease (no name). `seuils`: the quartile thresholds
    already looked up, by day."""
    q = None
    if demande.ressources_par_uc is not None:
        if jour not in seuils:
            try:
                seuils[jour] = reference.seuil_quartile(jour)
            except reference.RegleManquante:
                seuils[jour] = None
        if seuils[jour] is not None:
            s = seuils[jour]
            q = eligibilite.quartile(demande.ressources_par_uc, s.q1, s.q2, s.q3)
        else:
            q = 1 if demande.premier_quartile else None
    return {
        "personnes": demande.nombre_personnes or 1,
        "quartile": q,
        "premier_quartile": q == 1 if q else bool(demande.premier_quartile),
        "priorites": list(demande.priorites),
        "dalo": CodePriorite.DALO in demande.priorites,
        "mutation": demande.mutation,
        # rehoused by an urban renewal operation (NPNRU/ORCOD): the SNE reason « 02 démolition » of the demand
        "renouvellement_urbain": "02" in (demande.motifs or []),
        "categorie": demande.categorie_menage,
    }


def logement_au_bail(p: Positionnement) -> dict:
    """The dwelling as the monthly tracking counts it, at the lease: a later edit of the stock (a typology corrected,
    a new QPV map) does not move a past month."""
    dispo = p.disponibilite
    logement = dispo.logement
    residence = logement.residence
    return {
        "bailleur": residence.bailleur_id,
        "reservataire": dispo.reservataire_id,
        "commune": residence.commune.code_insee,
        "residence": residence.pk,
        "typologie": logement.typologie,
        "financement": logement.financement,
        "qpv": residence.en_qpv,
        "hors_flux": dispo.hors_flux,
        "origine": dispo.origine,
        "libre_le": dispo.date_liberation.isoformat(),
    }


def _lieu(p: Positionnement) -> str:
    """« Erilia, Les Oliviers logement A12 »: where, in a demand's log."""
    logement = p.disponibilite.logement
    return f"{logement.residence.bailleur.nom}, {logement.residence.nom} logement {logement.numero}"
