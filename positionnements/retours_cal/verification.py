"""Checking a CAL file (docs/cal.md): every row alone (retours_cal.lecture), then against the database (the demands
CASA positioned on this landlord's dwellings, the steps already recorded, the state machine of positionnements.etats)
and against the other rows (one lease per dwelling and per demand, one unranked attribution alive per dwelling).
Reads only: `valider` returns a `Rapport` whose `Plan`s say the steps each valid row still brings (none when it is
already known: sending the same row twice, or a cumulative file every week, changes nothing the second time).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from commun import format_fr
from commun.fichiers import cle, valeurs
from demandes.codes import EtatDemande, MotifRadiation
from demandes.models import Demande
from demandes.selectors import numero_normalise, par_numeros
from programmation.models import EtatDisponibilite, Logement
from territoire.models import Organisation

from ..etats import (
    ATTRIBUTIONS,
    CLOS,
    EN_COURS,
    ETAT_DE_DECISION,
    MACHINE_POSITIONNEMENT,
    EtatPositionnement,
    MotifRefus,
    TypeDecisionCAL,
)
from ..models import AccordCollectif, DecisionCAL, Positionnement, TransitionPositionnement
from . import offres
from .lecture import Etape, Faits, lire_ligne, normaliser_colonnes

E = EtatPositionnement
PAS_PROGRESSION = 250  # rows between two notes of progress to the page
LIGNES_SANS_DECISION_MONTREES = 30  # the report names the first rows without a decision, counts them all
ACCORD_PRECISE = "Accord collectif précisé (décision déjà enregistrée)"  # a row that only completes its decision


@dataclass
class Plan:
    """A valid row: the positionnement it concerns, the steps still to record (none when already known), and the
    collective agreement it adds to a decision already recorded without one (AccordCollectif code, "" otherwise)."""

    faits: Faits
    positionnement: Positionnement
    etat_avant: str
    etapes: list[Etape]
    accord: str = ""

    @property
    def etat_apres(self) -> str:
        return self.etapes[-1].vers if self.etapes else self.etat_avant

    @property
    def a_appliquer(self) -> bool:
        return bool(self.etapes or self.accord)


@dataclass
class Rapport:
    """The check of a whole file: its errors by row, the plans of its valid rows, the rows without a decision."""

    lignes: int = 0
    erreurs: list[tuple[int, str]] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    sans_decision: list[int] = field(default_factory=list)  # rows recognised with nothing decided yet

    @property
    def valide(self) -> bool:
        return not self.erreurs

    def resume(self) -> dict:
        """What the file changes, for the deposit's page and its confirmation: counts by state reached, the leases
        by name (BAUX_MONTRES), the rows left without a decision."""
        a_appliquer = [p for p in self.plans if p.a_appliquer]
        par_etat = Counter(E(p.etat_apres).label if p.etapes else ACCORD_PRECISE for p in a_appliquer)
        resume = {
            "a_appliquer": len(a_appliquer),
            "deja_connues": len(self.plans) - len(a_appliquer),
            "baux": sum(1 for p in a_appliquer if p.etapes and p.etat_apres == E.BAIL_SIGNE),
            "par_etat": dict(sorted(par_etat.items())),
        }
        if resume["baux"]:  # said by name on the confirmation page: who is housed, where
            resume["baux_detail"] = [
                _bail_en_clair(p.positionnement) for p in a_appliquer if p.etapes and p.etat_apres == E.BAIL_SIGNE
            ][:BAUX_MONTRES]
        if self.sans_decision:  # rows of a pre-filled template left as they were
            resume["sans_decision"] = len(self.sans_decision)
            resume["lignes_sans_decision"] = self.sans_decision[:LIGNES_SANS_DECISION_MONTREES]
        return resume


BAUX_MONTRES = 20


def _bail_en_clair(p: Positionnement) -> str:
    """« demande n° 006… — Le Clos des Micocouliers, logement A21 (Antibes) » for the confirmation page (the NUR, else
    the local number)."""
    lg = p.disponibilite.logement
    return f"demande n° {p.demande.reference} — {lg.residence.nom}, logement {lg.numero} ({lg.residence.commune.nom})"


def _message_transition(de: str, vers: str) -> str:
    """Why a row's step cannot be recorded from where the positionnement stands, in the landlord's words."""
    if de in (E.PROPOSE, E.AJOURNE) and vers in ETAT_DE_DECISION.values():
        return (
            f"la commission (CCPC) n'a pas validé ce positionnement (état « {E(de).label} ») : la CAL ne peut pas "
            "encore statuer sur lui"
        )
    if de in CLOS:
        return f"le positionnement est clos (« {E(de).label} ») : il ne peut plus passer à « {E(vers).label} »"
    return f"le positionnement est « {E(de).label} » : il ne peut pas passer à « {E(vers).label} »"


def valider(
    lignes: list[dict],
    *,
    bailleur: Organisation,
    jour: dt.date | None = None,
    progression: Callable[[int, int], None] | None = None,
) -> Rapport:
    """Checks every row (alone, against the database, against the other rows) and plans the steps of the valid
    ones. Reads only: nothing is written."""
    jour = jour or timezone.localdate()
    lignes = normaliser_colonnes(lignes)
    rapport = Rapport(lignes=len(lignes))
    lues = [lire_ligne(brut, jour=jour) for brut in lignes]
    base = _lire_la_base({f.numero for f, _ in lues if f.numero}, bailleur)
    vus: dict[tuple[int, int], int] = {}
    for position, (f, erreurs) in enumerate(lues, start=1):
        if progression and position % PAS_PROGRESSION == 0:
            progression(position, len(lues))
        p, demande = _positionnement_de_la_ligne(f, erreurs, base, vus, bailleur)
        if erreurs or p is None:
            rapport.erreurs.append((f.ligne, " ; ".join(erreurs)))
        elif f.en_attente:
            rapport.sans_decision.append(f.ligne)
        elif isinstance(plan := _planifier(f, p, demande, base), str):
            rapport.erreurs.append((f.ligne, plan))
        else:
            rapport.plans.append(plan)
    _verifier_entre_lignes(rapport)
    _silences_avant_le_tour(rapport)
    if progression:
        progression(len(lues), len(lues))
    rapport.erreurs.sort()
    return rapport


@dataclass
class _Base:
    """What the database knows of a file's demands at its landlord, read once for all the rows."""

    demandes: dict[str, dict]  # under its NUR and its local number: pk, numero, nur, etat, motif_radiation
    logements: dict[tuple[str, str], int]  # (résidence, dwelling) keys (commun.fichiers.cle) → dwelling's pk
    positionnements: dict[tuple[int, int], list[Positionnement]]  # (demand, dwelling) → the latest first
    connues: dict[int, set[tuple[str, dt.date]]]  # positionnement → (state reached, day) already recorded
    validation: dict[int, dt.date]  # positionnement → the day the commission validated it (the last time)
    decisions: dict[int, tuple[str, str]]  # positionnement → its DecisionCAL's (decision, collective agreement)


def _lire_la_base(numeros: set[str], bailleur: Organisation) -> _Base:
    """The demands, dwellings, positionnements and recorded steps the rows may name, at this landlord only. A demand
    is named by its NUR or by its local number (read as `numero_normalise` does): it is indexed under both."""
    # Only the demands CASA positioned on this landlord's dwellings: a number outside them gets the same answer
    # whether it exists or not (a landlord does not learn that a demand exists elsewhere).
    demandes = {}
    for d in Demande.objects.filter(
        par_numeros(numeros),
        pk__in=Positionnement.objects.filter(disponibilite__logement__residence__bailleur=bailleur).values(
            "demande_id"
        ),
    ).values("pk", "numero", "nur", "etat", "motif_radiation"):
        demandes |= {n: d for n in (d["nur"], d["numero"]) if n}
    logements = {
        (cle(r), cle(n)): pk
        for pk, r, n in Logement.objects.filter(residence__bailleur=bailleur).values_list(
            "pk", "residence__reference", "numero"
        )
    }
    positionnements: dict[tuple[int, int], list[Positionnement]] = defaultdict(list)
    for p in (
        Positionnement.objects.filter(
            demande_id__in={d["pk"] for d in demandes.values()}, disponibilite__logement__residence__bailleur=bailleur
        )
        .select_related("disponibilite__logement__residence__commune", "demande")
        .order_by("-disponibilite_id", "-pk")
    ):
        positionnements[(p.demande_id, p.disponibilite.logement_id)].append(p)
    ids = [p.pk for liste in positionnements.values() for p in liste]
    connues, validation = _etapes_connues(ids)
    decisions = {
        pid: (decision, accord)
        for pid, decision, accord in DecisionCAL.objects.filter(positionnement_id__in=ids).values_list(
            "positionnement_id", "decision", "accord_collectif"
        )
    }
    return _Base(demandes, logements, positionnements, connues, validation, decisions)


def _etapes_connues(ids: list[int]) -> tuple[dict[int, set[tuple[str, dt.date]]], dict[int, dt.date]]:
    """The steps already recorded for these positionnements (state, day it happened), and their validation day."""
    connues: dict[int, set[tuple[str, dt.date]]] = defaultdict(set)
    validation: dict[int, dt.date] = {}
    for pid, vers, date_effet, le in (
        TransitionPositionnement.objects.filter(positionnement_id__in=ids)
        .order_by("le", "pk")
        .values_list("positionnement_id", "vers", "date_effet", "le")
    ):
        quand = date_effet or timezone.localdate(le)
        connues[pid].add((vers, quand))
        if vers == E.VALIDE:
            validation[pid] = quand
    return connues, validation


def _positionnement_de_la_ligne(
    f: Faits, erreurs: list[str], base: _Base, vus: dict[tuple[int, int], int], bailleur: Organisation
) -> tuple[Positionnement | None, dict | None]:
    """(the positionnement the row is about — the one under way, else the latest —, its demand); what the row names
    that this landlord does not have, or a pair already on another row, goes into `erreurs`."""
    demande = base.demandes.get(numero_normalise(f.numero))
    logement_id = base.logements.get((cle(f.residence), cle(f.logement)))
    if f.numero and demande is None:
        erreurs.append(valeurs.demande_inconnue(f.numero, chez=bailleur.nom))
    if f.residence and f.logement and logement_id is None:
        erreurs.append(
            f"le logement « {f.logement} » de la résidence « {f.residence} » n'est pas dans le parc "
            f"{format_fr.de(bailleur.nom)}"
        )
    if not (demande and logement_id):
        return None, demande
    cle_paire = (demande["pk"], logement_id)
    if cle_paire in vus:
        erreurs.append(f"même candidat et même logement que la ligne {vus[cle_paire]}")
    vus.setdefault(cle_paire, f.ligne)
    candidats = base.positionnements.get(cle_paire, [])
    p = next((c for c in candidats if c.etat in EN_COURS), candidats[0] if candidats else None)
    if p is None:
        erreurs.append(f"la demande {f.numero} n'a pas été proposée par la CASA sur ce logement")
    return p, demande


def _planifier(f: Faits, p: Positionnement, demande: dict, base: _Base) -> Plan | str:
    """The plan of a row read without error: the steps not yet recorded, each allowed from the state the previous
    one reaches; or why the row cannot be recorded."""
    valide_le = base.validation.get(p.pk)
    if valide_le and f.date_cal < valide_le:
        return f"la CAL du {f.date_cal:%d/%m/%Y} précède la validation par la commission du {valide_le:%d/%m/%Y}"
    connues = base.connues[p.pk]
    etapes = f.etapes()
    faites = 0
    while faites < len(etapes) and (etapes[faites].vers, etapes[faites].date) in connues:
        faites += 1
    restantes = etapes[faites:]
    decision, enregistre = base.decisions.get(p.pk, ("", ""))
    probleme = (
        _etape_refusee(p.etat, restantes, connues)
        or _bail_refuse(p, demande, restantes, f.numero)
        or _accord_refuse(f, enregistre, decision_connue=faites > 0)
    )
    if probleme:
        return probleme
    # an attribution already recorded without its collective agreement: the row completes it
    accord = f.accord_collectif if faites > 0 and decision in ATTRIBUTIONS and not enregistre else ""
    return Plan(faits=f, positionnement=p, etat_avant=p.etat, etapes=restantes, accord=accord)


def _accord_refuse(f: Faits, enregistre: str, *, decision_connue: bool) -> str:
    """Why a row's collective agreement cannot be recorded: its decision is already recorded with another one (a
    correction goes through CASA, as for a decision's date); "" otherwise. A row that does not say it keeps the
    recorded one; a new decision (a condition lifted) brings its own."""
    if not (decision_connue and enregistre and f.accord_collectif) or f.accord_collectif == enregistre:
        return ""
    return (
        f"l'accord collectif de cette décision est déjà enregistré (« {AccordCollectif(enregistre).label} », ici "
        f"« {AccordCollectif(f.accord_collectif).label} ») : pour le corriger, écrivez à la CASA"
    )


def _etape_refusee(de: str, restantes: list[Etape], connues: set[tuple[str, dt.date]]) -> str:
    """Why the first step the state machine does not allow is refused (a decision already recorded at another date
    is said as such: a correction goes through CASA); "" when every step is allowed."""
    for etape in restantes:
        if not MACHINE_POSITIONNEMENT.permise(de, etape.vers):
            deja = next((d for v, d in connues if v == etape.vers), None)
            if deja:
                return (
                    f"« {E(etape.vers).label} » est déjà enregistré pour ce candidat à la date du {deja:%d/%m/%Y} "
                    f"(ici le {etape.date:%d/%m/%Y}) : pour corriger une décision, écrivez à la CASA"
                )
            return _message_transition(de, etape.vers)
        de = etape.vers
    return ""


def _bail_refuse(p: Positionnement, demande: dict, restantes: list[Etape], numero: str) -> str:
    """Why a lease cannot be recorded (the dwelling no longer to let, the demand already housed); "" otherwise."""
    if not restantes or restantes[-1].vers != E.BAIL_SIGNE:
        return ""
    if p.disponibilite.etat != EtatDisponibilite.A_POURVOIR:
        return "le logement n'est plus à pourvoir (déjà pourvu ou retiré) : le bail ne peut pas être enregistré"
    if demande["etat"] == EtatDemande.RADIEE and demande["motif_radiation"] == MotifRadiation.RADATT:
        return f"la demande {numero} est déjà radiée pour une autre attribution"
    return ""


def _verifier_entre_lignes(rapport: Rapport) -> None:
    """One lease per dwelling and per demand, and one unranked attribution alive per dwelling, once the file and
    what the database already holds are put together."""
    baux_logement: dict[int, int] = {}
    baux_demande: dict[int, int] = {}
    refuses: set[int] = set()
    for plan in rapport.plans:
        if plan.etat_apres != E.BAIL_SIGNE or not plan.etapes:
            continue
        p = plan.positionnement
        for cle_bail, registre, texte in (
            (p.disponibilite_id, baux_logement, "un autre bail est signé pour ce logement"),
            (p.demande_id, baux_demande, "un autre bail est signé pour cette demande"),
        ):
            if cle_bail in registre:
                rapport.erreurs.append((plan.faits.ligne, f"{texte} à la ligne {registre[cle_bail]}"))
                refuses.add(id(plan))
            else:
                registre[cle_bail] = plan.faits.ligne
    # unranked attributions still alive on a dwelling after the file (the database's ones, unless the file moves them)
    vivantes = (E.ATTRIBUE, E.ACCEPTE, E.BAIL_SIGNE)
    dans_le_fichier = {plan.positionnement.pk: plan for plan in rapport.plans if id(plan) not in refuses}
    dispos = {plan.positionnement.disponibilite_id for plan in rapport.plans}
    etats = {
        pk: (dispo_id, etat)
        for pk, dispo_id, etat in Positionnement.objects.filter(disponibilite_id__in=dispos).values_list(
            "pk", "disponibilite_id", "etat"
        )
    }
    par_dispo: dict[int, list[tuple[int, int | None]]] = defaultdict(list)
    for pk, (dispo_id, etat) in etats.items():
        plan = dans_le_fichier.get(pk)
        if (plan.etat_apres if plan else etat) in vivantes:
            par_dispo[dispo_id].append((pk, plan.faits.ligne if plan else None))
    for vivants in par_dispo.values():
        if len(vivants) < 2:
            continue
        lignes = sorted(ligne for _, ligne in vivants if ligne is not None)
        for pk, ligne in vivants:
            if ligne is not None and id(dans_le_fichier[pk]) not in refuses:
                autres = [str(x) for x in lignes if x != ligne]
                rapport.erreurs.append(
                    (
                        ligne,
                        "ce logement serait attribué à deux candidats à la fois"
                        + (f" (voir la ligne {', '.join(autres)})" if autres else " (un autre candidat l'a déjà)")
                        + " : une CAL qui retient plusieurs candidats les classe (attribution par classement)",
                    )
                )
                refuses.add(id(dans_le_fichier[pk]))
    rapport.plans = [plan for plan in rapport.plans if id(plan) not in refuses]


def _silences_avant_le_tour(rapport: Rapport) -> None:
    """A ranked candidate's silence counts as a refusal only DELAI_REPONSE_JOURS days after its turn came, not after
    the CAL (offres.silence_avant_le_tour), the file's rows counted with what the database holds."""
    silences = [
        plan
        for plan in rapport.plans
        if plan.faits.motif_refus == MotifRefus.SANS_REPONSE
        and plan.faits.decision == TypeDecisionCAL.ATTRIBUTION_RANG
        and any(e.vers == E.REFUS_CANDIDAT for e in plan.etapes)
    ]
    if not silences:
        return
    candidats = offres.candidats_des_logements({plan.positionnement.disponibilite_id for plan in silences})
    for plan in rapport.plans:  # each candidate as the file leaves it
        f, p, logement = plan.faits, plan.positionnement, candidats.get(plan.positionnement.disponibilite_id)
        if logement is not None and f.decision in ATTRIBUTIONS:
            fin = plan.etapes[-1].date if plan.etapes else getattr(logement.get(p.pk), "fini_le", None)
            logement[p.pk] = offres.Candidat(p.pk, f.decision, f.rang, plan.etat_apres, fin)
    refuses = set()
    for plan in silences:
        f, p = plan.faits, plan.positionnement
        message = offres.silence_avant_le_tour(p.pk, f.rang, f.date_cal, f.date_reponse, candidats[p.disponibilite_id])
        if message:
            rapport.erreurs.append((f.ligne, message))
            refuses.add(id(plan))
    rapport.plans = [plan for plan in rapport.plans if id(plan) not in refuses]
