"""CAL returns: the decisions of a landlord's attribution commission (CAL), then each candidate's answer and the
lease, sent as a file (CSV or XLSX) or through the API, checked row by row, then applied in one transaction.

A row says, for one candidate examined on one dwelling, everything known so far: the CAL's decision (REGLES §11),
then possibly the candidate's answer, then possibly the date of the lease. It becomes the steps of the positionnement
through the state machine (etats.TRANSITIONS): the steps already recorded (same state, same date) are skipped, so
sending the same row twice, or a cumulative file every week, changes nothing the second time; a step the state machine
does not allow from where the positionnement is now is refused with its reason.

Our own service rather than django-import-export's resources, for the same reasons as the stock import: one French
message per bad row, checks across rows (two leases for one dwelling) and against the state of each positionnement, a
check that is kept and shown before anything is applied, and an application that follows through on other tables
(docs/cal.md).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from commun import format_fr, tableurs
from commun.erreurs import ErreurMetier
from commun.fichiers import Colonne, ValeurIllisible, Vocabulaire, cle, cle_entete, modeles, valeurs
from commun.fichiers.lecture import index_colonnes
from demandes import eligibilite, reference
from demandes import services as demandes_services
from demandes.codes import CodePriorite, EtatDemande, MotifRadiation
from demandes.models import Demande
from programmation import services as programmation_services
from programmation.models import EtatDisponibilite, Logement
from territoire.models import Organisation, Utilisateur

from .etats import (
    ATTRIBUTIONS,
    CLOS,
    DELAI_REPONSE_JOURS,
    EN_COURS,
    ETAT_DE_DECISION,
    DecisionCal,
    EtatPositionnement,
    MotifRefus,
    ReponseCandidat,
    transition_permise,
)
from .models import DecisionCAL, DepotDecisionsCAL, Positionnement, TransitionPositionnement

E = EtatPositionnement
COLONNES = [
    Colonne(
        "numero_demande",
        True,
        (
            "numéro",
            "numéro unique",
            "numéro de la demande",
            "numéro de demande",
            "demande",
            "NUR",
            "numéro unique régional",
            "numéro unique départemental",
            "n° demandeur",
        ),
    ),
    Colonne(
        "residence",
        True,
        (
            "référence de la résidence",
            "code résidence",
            "réf résidence",
            "code programme",
            "code groupe",
            "résidence du logement",
        ),
    ),
    Colonne(
        "logement",
        True,
        (
            "numéro du logement",
            "référence du logement",
            "réf logement",
            "code logement",
            "logement proposé",
            "identifiant logement",
        ),
    ),
    Colonne(
        "date_cal",
        True,
        (
            "date de la CAL",
            "date CAL",
            "date de la commission",
            "date commission",
            "date CALEOL",
            "date de la CALEOL",
            "date de décision",
        ),
    ),
    Colonne("decision", True, ("décision de la CAL", "décision CAL", "décision de la commission", "avis CAL")),
    Colonne("rang", False, ("rang de classement", "classement", "ordre")),
    Colonne("condition", False, ("condition suspensive", "condition de l'attribution")),
    Colonne(
        "motif_decision",
        False,
        ("motif", "motif de la décision", "motif de non-attribution", "motif de l'irrecevabilité"),
    ),
    Colonne("reponse", False, ("réponse du candidat", "réponse candidat", "réponse du demandeur")),
    Colonne("date_reponse", False, ("date de réponse", "date de la réponse", "date réponse du candidat")),
    Colonne("motif_refus", False, ("motif du refus", "motif de refus du candidat", "motif refus candidat")),
    Colonne(
        "date_bail",
        False,
        ("date de signature du bail", "date signature bail", "date du bail", "bail signé le", "date d'effet du bail"),
    ),
]
NOMS = [c.nom for c in COLONNES]
# What a CAL and its aftermath write on a row. A row where all of them are empty is about a candidate the CAL has not
# decided on yet (a line of the pre-filled template left as it was): recognised, then set aside, not an error.
COLONNES_DE_LA_CAL = (
    "date_cal",
    "decision",
    "rang",
    "condition",
    "motif_decision",
    "reponse",
    "date_reponse",
    "motif_refus",
    "date_bail",
)
OBLIGATOIRES = [c.nom for c in COLONNES if c.obligatoire]
INDEX_COLONNES = index_colonnes(COLONNES)
VOCABULAIRES = Path(__file__).resolve().parent / "vocabulaires"
DECISIONS = Vocabulaire("décision", VOCABULAIRES / "decision_cal.csv", DecisionCal.choices, inconnu="inconnue")
REPONSES = Vocabulaire("réponse", VOCABULAIRES / "reponse_candidat.csv", ReponseCandidat.choices, inconnu="inconnue")
MOTIFS_REFUS = Vocabulaire("motif du refus", VOCABULAIRES / "motif_refus.csv", MotifRefus.choices)
# « attribution en rang 2 », « attribution rang n°2 »: the rank written in the decision (R441-3 b).
RANG_DANS_LA_DECISION = re.compile(r"^(?P<decision>.*?)[\s_]*(?:n°|no|n)?[\s_]*(?P<rang>\d{1,2})$", re.IGNORECASE)
PAS_PROGRESSION = 250
LIGNES_SANS_DECISION_MONTREES = 30  # the report names the first rows without a decision, counts them all


def refus_non_decomptes() -> tuple[str, ...]:
    """The refusal reasons (MotifRefus codes) that do not lower the cotation: the offer was not suited to the household,
    or the dwelling not fit to let (REGLES §9 allows a malus for refusing an *adapted* offer). CASA's setting
    CASA_REFUS_NON_DECOMPTES (casa_logement/settings/domaine.py)."""
    return tuple(settings.CASA_REFUS_NON_DECOMPTES)


def delai_decision() -> int:
    """Days after the commission's validation beyond which a CAL decision is awaited: CASA's setting
    CASA_DELAI_DECISION_CAL_JOURS (casa_logement/settings/domaine.py), not a legal figure."""
    return int(settings.CASA_DELAI_DECISION_CAL_JOURS)


def normaliser_colonnes(lignes: list[dict]) -> list[dict]:
    """Rows sent through the API keyed by any of the columns' names or aliases, keyed by our names."""
    return [{k if k == "_ligne" else INDEX_COLONNES.get(cle_entete(k), k): v for k, v in li.items()} for li in lignes]


# ---------------------------------------------------------------------------------------------------- one row, alone


@dataclass(frozen=True)
class Etape:
    vers: str
    date: dt.date
    texte: str


@dataclass
class Faits:
    """A row read and checked on its own (no database)."""

    ligne: int
    numero: str = ""
    residence: str = ""
    logement: str = ""
    date_cal: dt.date | None = None
    decision: str = ""
    rang: int | None = None
    condition: str = ""
    motif: str = ""
    reponse: str = ""
    date_reponse: dt.date | None = None
    motif_refus: str = ""
    date_bail: dt.date | None = None
    en_attente: bool = False  # identifies a candidate and says nothing yet (COLONNES_DE_LA_CAL all empty)

    def etapes(self) -> list[Etape]:
        decision = DecisionCal(self.decision)
        precision = {
            DecisionCal.ATTRIBUTION_RANG: f" (rang {self.rang})",
            DecisionCal.ATTRIBUTION_CS: f" ({self.condition})",
            DecisionCal.NON_ATTRIBUTION: f" : {self.motif}",
            DecisionCal.REJET_IRRECEVABILITE: f" : {self.motif}",
        }.get(decision, "")
        etapes = [
            Etape(
                ETAT_DE_DECISION[decision],
                self.date_cal,
                f"CAL du {self.date_cal:%d/%m/%Y} : {decision.label}"[:200] + precision,
            )
        ]
        if self.reponse == ReponseCandidat.ACCEPTATION:
            etapes.append(Etape(E.ACCEPTE, self.date_reponse, f"Offre acceptée le {self.date_reponse:%d/%m/%Y}"))
        elif self.reponse == ReponseCandidat.REFUS:
            etapes.append(
                Etape(
                    E.REFUS_CANDIDAT,
                    self.date_reponse,
                    f"Offre refusée le {self.date_reponse:%d/%m/%Y} : {MotifRefus(self.motif_refus).label}",
                )
            )
        if self.date_bail:
            etapes.append(Etape(E.BAIL_SIGNE, self.date_bail, f"Bail signé le {self.date_bail:%d/%m/%Y}"))
        return etapes


def _date(brut: dict, colonne: str, nom: str, erreurs: list[str], jour: dt.date) -> dt.date | None:
    if valeurs.texte(brut.get(colonne, "")) == "":
        return None
    try:
        date = valeurs.date(brut[colonne], nom=nom)
    except ValeurIllisible as err:
        erreurs.append(err.message)
        return None
    if date > jour:
        erreurs.append(f"{nom} {date:%d/%m/%Y} est dans le futur")
        return None
    return date


def _identifiant(brut: dict, colonne: str, nom: str, erreurs: list[str]) -> str:
    try:
        return valeurs.identifiant(brut.get(colonne, ""), nom=nom)
    except ValeurIllisible as err:
        erreurs.append(err.message)
        return ""


def lire_decision(valeur: object) -> tuple[str | None, int | None]:
    """(DecisionCal code, rank written in it) of a decision as written: our codes, R441-3's wording, usual variants
    (positionnements/vocabulaires/decision_cal.csv); « attribution en rang 2 » gives the rank 2."""
    code = DECISIONS.trouver(valeur)
    if code is not None:
        return code, None
    m = RANG_DANS_LA_DECISION.match(valeurs.texte(valeur))
    if m and DECISIONS.trouver(m["decision"]) == DecisionCal.ATTRIBUTION_RANG:
        return DecisionCal.ATTRIBUTION_RANG, int(m["rang"])
    return None, None


def lire_ligne(brut: dict, *, jour: dt.date) -> tuple[Faits, list[str]]:
    """The facts of one row and what is wrong with them taken alone (French, one reason per problem). Cells may be
    text or a spreadsheet's typed cells (commun.fichiers.valeurs)."""
    texte = {k: valeurs.texte(v) for k, v in brut.items() if k != "_ligne"}
    erreurs: list[str] = []
    f = Faits(
        ligne=brut.get("_ligne", 0),
        numero=_identifiant(brut, "numero_demande", "le numéro de la demande", erreurs),
        residence=_identifiant(brut, "residence", "la référence de la résidence", erreurs),
        logement=_identifiant(brut, "logement", "le numéro du logement", erreurs),
        condition=texte.get("condition", "")[:300],
        motif=texte.get("motif_decision", "")[:300],
    )
    if not f.numero and not texte.get("numero_demande"):
        erreurs.append("numéro de la demande manquant")
    if (not f.residence and not texte.get("residence")) or (not f.logement and not texte.get("logement")):
        erreurs.append("résidence ou logement manquant (référence de la résidence et numéro du logement)")
    if not any(texte.get(c) for c in COLONNES_DE_LA_CAL):
        f.en_attente = True
        return f, erreurs
    f.date_cal = _date(brut, "date_cal", "la date de la CAL", erreurs, jour)
    if f.date_cal is None and not texte.get("date_cal"):
        erreurs.append("date de la CAL manquante")
    decision, rang_ecrit = lire_decision(texte.get("decision", ""))
    if decision is None and not texte.get("decision"):
        erreurs.append("décision manquante (une cellule vide, ou une formule sans valeur calculée)")
    elif decision is None:
        erreurs.append(
            f"décision « {texte.get('decision', '')} » inconnue (attribution, attribution par classement ou « en "
            "rang 2 », attribution sous condition suspensive, non-attribution, rejet pour irrecevabilité)"
        )
    else:
        f.decision = decision
    if decision == DecisionCal.ATTRIBUTION_RANG:
        try:
            rang = valeurs.entier(texte["rang"], nom="le rang") if texte.get("rang") else rang_ecrit
            if rang is None or rang < 1:
                raise ValueError
            if rang_ecrit is not None and rang != rang_ecrit:
                erreurs.append(f"la décision dit le rang {rang_ecrit} et la colonne rang dit {rang}")
            f.rang = rang
        except ValueError:
            erreurs.append("une attribution par classement donne le rang du candidat (1, 2, 3…)")
    if decision == DecisionCal.ATTRIBUTION_CS and not f.condition:
        erreurs.append("une attribution sous condition suspensive dit la condition (pièce manquante, échéance)")
    if decision == DecisionCal.NON_ATTRIBUTION and not f.motif:
        erreurs.append("le motif de la non-attribution manque (il est notifié par écrit au demandeur)")
    if decision == DecisionCal.REJET_IRRECEVABILITE and not f.motif:
        erreurs.append("le motif de l'irrecevabilité manque (IRRSEJ séjour irrégulier, IRRRES ressources…)")

    reponse_texte = texte.get("reponse", "")
    f.date_reponse = _date(brut, "date_reponse", "la date de la réponse", erreurs, jour)
    f.date_bail = _date(brut, "date_bail", "la date du bail", erreurs, jour)
    if reponse_texte:
        f.reponse = REPONSES.trouver(reponse_texte) or ""
        if not f.reponse:
            erreurs.append(f"réponse « {reponse_texte} » inconnue (acceptation ou refus)")
        elif decision and decision not in ATTRIBUTIONS:
            erreurs.append(f"le candidat ne répond pas à une « {DecisionCal(decision).label.lower()} »")
        if f.reponse and not f.date_reponse and not texte.get("date_reponse"):
            erreurs.append("la date de la réponse du candidat manque")
    elif texte.get("date_reponse"):
        erreurs.append("une date de réponse sans la réponse (acceptation ou refus)")
    if f.date_cal and f.date_reponse and f.date_reponse < f.date_cal:
        erreurs.append(f"la réponse du {f.date_reponse:%d/%m/%Y} précède la CAL du {f.date_cal:%d/%m/%Y}")
    motif_refus_texte = texte.get("motif_refus", "")
    if f.reponse == ReponseCandidat.REFUS:
        f.motif_refus = MOTIFS_REFUS.trouver(motif_refus_texte) or ""
        if not f.motif_refus:
            erreurs.append(
                f"motif du refus « {motif_refus_texte} » inconnu ({', '.join(m.value for m in MotifRefus)})"
                if motif_refus_texte
                else "le motif du refus du candidat manque"
            )
        elif (
            f.motif_refus == MotifRefus.SANS_REPONSE
            and f.date_cal
            and f.date_reponse
            and f.date_reponse < f.date_cal + dt.timedelta(days=DELAI_REPONSE_JOURS)
        ):
            erreurs.append(
                f"le candidat a au moins {DELAI_REPONSE_JOURS} jours pour répondre : son silence ne vaut refus "
                f"qu'à partir du {f.date_cal + dt.timedelta(days=DELAI_REPONSE_JOURS):%d/%m/%Y}"
            )
    elif motif_refus_texte:
        erreurs.append("un motif de refus sans refus du candidat")
    if f.date_bail or texte.get("date_bail"):
        if f.reponse != ReponseCandidat.ACCEPTATION:
            erreurs.append(
                "un bail ne se signe qu'après l'acceptation du candidat (réponse « acceptation » et sa date)"
            )
        elif f.date_bail and f.date_reponse and f.date_bail < f.date_reponse:
            erreurs.append(f"le bail du {f.date_bail:%d/%m/%Y} précède l'acceptation du {f.date_reponse:%d/%m/%Y}")
    return f, erreurs


# ---------------------------------------------------------------------------------------------------- the whole file


@dataclass
class Plan:
    """A valid row: the positionnement it concerns and the steps still to record (none when already known)."""

    faits: Faits
    positionnement: Positionnement
    etat_avant: str
    etapes: list[Etape]

    @property
    def etat_apres(self) -> str:
        return self.etapes[-1].vers if self.etapes else self.etat_avant


@dataclass
class Rapport:
    lignes: int = 0
    erreurs: list[tuple[int, str]] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    sans_decision: list[int] = field(default_factory=list)  # rows recognised with nothing decided yet

    @property
    def valide(self) -> bool:
        return not self.erreurs

    def resume(self) -> dict:
        a_appliquer = [p for p in self.plans if p.etapes]
        par_etat = Counter(E(p.etat_apres).label for p in a_appliquer)
        resume = {
            "a_appliquer": len(a_appliquer),
            "deja_connues": len(self.plans) - len(a_appliquer),
            "baux": sum(1 for p in a_appliquer if p.etat_apres == E.BAIL_SIGNE),
            "par_etat": dict(sorted(par_etat.items())),
        }
        if resume["baux"]:  # said by name on the confirmation page: who is housed, where
            resume["baux_detail"] = [
                _bail_en_clair(p.positionnement) for p in a_appliquer if p.etat_apres == E.BAIL_SIGNE
            ][:BAUX_MONTRES]
        if self.sans_decision:  # rows of a pre-filled template left as they were
            resume["sans_decision"] = len(self.sans_decision)
            resume["lignes_sans_decision"] = self.sans_decision[:LIGNES_SANS_DECISION_MONTREES]
        return resume


BAUX_MONTRES = 20


def _bail_en_clair(p: Positionnement) -> str:
    """« demande n° 006… — Le Clos des Micocouliers, logement A21 (Antibes) » for the confirmation page."""
    lg = p.disponibilite.logement
    return f"demande n° {p.demande.numero} — {lg.residence.nom}, logement {lg.numero} ({lg.residence.commune.nom})"


def _message_transition(de: str, vers: str) -> str:
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

    numeros = {f.numero for f, _ in lues if f.numero}
    # Only the demands CASA positioned on this landlord's dwellings: a number outside them gets the same answer
    # whether it exists or not (a landlord does not learn that a demand exists elsewhere).
    demandes = {
        d["numero"]: d
        for d in Demande.objects.filter(
            numero__in=numeros,
            pk__in=Positionnement.objects.filter(disponibilite__logement__residence__bailleur=bailleur).values(
                "demande_id"
            ),
        ).values("pk", "numero", "etat", "motif_radiation")
    }
    logements = {
        (cle(r), cle(n)): pk
        for pk, r, n in Logement.objects.filter(residence__bailleur=bailleur).values_list(
            "pk", "residence__reference", "numero"
        )
    }
    demande_ids = {d["pk"] for d in demandes.values()}
    positionnements: dict[tuple[int, int], list[Positionnement]] = defaultdict(list)
    for p in (
        Positionnement.objects.filter(demande_id__in=demande_ids, disponibilite__logement__residence__bailleur=bailleur)
        .select_related("disponibilite__logement__residence__commune", "demande")
        .order_by("-disponibilite_id", "-pk")
    ):
        positionnements[(p.demande_id, p.disponibilite.logement_id)].append(p)
    ids = [p.pk for liste in positionnements.values() for p in liste]
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

    vus: dict[tuple[int, int], int] = {}
    for position, (f, erreurs) in enumerate(lues, start=1):
        if progression and position % PAS_PROGRESSION == 0:
            progression(position, len(lues))
        demande = demandes.get(f.numero)
        logement_id = logements.get((cle(f.residence), cle(f.logement)))
        if f.numero and demande is None:
            erreurs.append(valeurs.demande_inconnue(f.numero, chez=bailleur.nom))
        if f.residence and f.logement and logement_id is None:
            erreurs.append(
                f"le logement « {f.logement} » de la résidence « {f.residence} » n'est pas dans le parc "
                f"{format_fr.de(bailleur.nom)}"
            )
        p = None
        if demande and logement_id:
            cle_paire = (demande["pk"], logement_id)
            if cle_paire in vus:
                erreurs.append(f"même candidat et même logement que la ligne {vus[cle_paire]}")
            vus.setdefault(cle_paire, f.ligne)
            candidats = positionnements.get(cle_paire, [])
            p = next((c for c in candidats if c.etat in EN_COURS), candidats[0] if candidats else None)
            if p is None:
                erreurs.append(f"la demande {f.numero} n'a pas été proposée par la CASA sur ce logement")
        if erreurs or p is None:
            rapport.erreurs.append((f.ligne, " ; ".join(erreurs)))
            continue
        if f.en_attente:
            rapport.sans_decision.append(f.ligne)
            continue
        valide_le = validation.get(p.pk)
        if valide_le and f.date_cal < valide_le:
            rapport.erreurs.append(
                (
                    f.ligne,
                    f"la CAL du {f.date_cal:%d/%m/%Y} précède la validation par la commission du {valide_le:%d/%m/%Y}",
                )
            )
            continue
        etapes = f.etapes()
        faites = 0
        while faites < len(etapes) and (etapes[faites].vers, etapes[faites].date) in connues[p.pk]:
            faites += 1
        restantes = etapes[faites:]
        probleme = ""
        de = p.etat
        for etape in restantes:
            if not transition_permise(de, etape.vers):
                probleme = _message_transition(de, etape.vers)
                deja = next((d for v, d in connues[p.pk] if v == etape.vers), None)
                if deja:
                    probleme = (
                        f"« {E(etape.vers).label} » est déjà enregistré pour ce candidat à la date du {deja:%d/%m/%Y} "
                        f"(ici le {etape.date:%d/%m/%Y}) : pour corriger une décision, écrivez à la CASA"
                    )
                break
            de = etape.vers
        if not probleme and restantes and restantes[-1].vers == E.BAIL_SIGNE:
            if p.disponibilite.etat != EtatDisponibilite.A_POURVOIR:
                probleme = (
                    "le logement n'est plus à pourvoir (déjà pourvu ou retiré) : le bail ne peut pas être enregistré"
                )
            elif demande["etat"] == EtatDemande.RADIEE and demande["motif_radiation"] == MotifRadiation.RADATT:
                probleme = f"la demande {f.numero} est déjà radiée pour une autre attribution"
        if probleme:
            rapport.erreurs.append((f.ligne, probleme))
            continue
        rapport.plans.append(Plan(faits=f, positionnement=p, etat_avant=p.etat, etapes=restantes))

    _verifier_entre_lignes(rapport)
    if progression:
        progression(len(lues), len(lues))
    rapport.erreurs.sort()
    return rapport


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


# ---------------------------------------------------------------------------------------------------- application


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
    logement = p.disponibilite.logement
    return f"{logement.residence.bailleur.nom}, {logement.residence.nom} logement {logement.numero}"


def _changer_etats(positionnements: list[Positionnement]) -> None:
    """One UPDATE per target state (a bulk_update's CASE over thousands of rows is ten times slower)."""
    par_etat = defaultdict(list)
    for p in positionnements:
        par_etat[p.etat].append(p.pk)
    for etat, pks in par_etat.items():
        Positionnement.objects.filter(pk__in=pks).update(etat=etat)


@transaction.atomic
def appliquer(
    rapport: Rapport,
    *,
    par: Utilisateur,
    depot: DepotDecisionsCAL,
    jour: dt.date | None = None,
    progression: Callable[[int, int], None] | None = None,
) -> dict:
    """Records a valid report: the positionnements move, the CAL's facts are kept, each demand's log says what was
    decided; a signed lease strikes the demand off for attribution, fills the dwelling and its household moves in, and
    the other candidates of the dwelling (and the demand's other positionnements) end in failure. All or nothing: a
    positionnement changed since the check makes it refuse the whole file. Returns counts for the page."""
    if not rapport.valide:
        raise ErreurMetier("Le fichier contient des erreurs : rien n'est appliqué.")
    jour = jour or timezone.localdate()
    plans = [plan for plan in rapport.plans if plan.etapes]
    ids = sorted(plan.positionnement.pk for plan in plans)
    verrouilles = {
        p.pk: p
        for p in Positionnement.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
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
    transitions, journal, refus, modifies = [], [], [], []
    baux: list[Plan] = []
    menages: dict[int, dict] = {}
    seuils: dict = {}
    existantes = {d.positionnement_id: d for d in DecisionCAL.objects.filter(positionnement_id__in=ids)}
    decisions_nouvelles, decisions_modifiees = [], []
    for n, plan in enumerate(plans, start=1):
        if progression and n % PAS_PROGRESSION == 0:
            progression(n, len(plans))
        p = verrouilles[plan.positionnement.pk]
        f = plan.faits
        de = p.etat
        for etape in plan.etapes:
            transitions.append(
                TransitionPositionnement(
                    positionnement=p,
                    de=de,
                    vers=etape.vers,
                    par=par,
                    motif=etape.texte[:300],
                    date_effet=etape.date,
                    depot=depot,
                )
            )
            if etape.vers != E.BAIL_SIGNE:  # the radiation for attribution says it in the demand's log
                journal.append((p.demande_id, f"{etape.texte} — {_lieu(p)}"))
            de = etape.vers
        p.etat = de
        modifies.append(p)
        if de == E.REFUS_CANDIDAT and f.motif_refus not in refus_non_decomptes():
            refus.append(p.demande_id)
        if de == E.BAIL_SIGNE:
            baux.append(plan)
        d = existantes.get(p.pk) or DecisionCAL(positionnement=p)
        d.date_cal, d.decision, d.rang, d.condition, d.motif = f.date_cal, f.decision, f.rang, f.condition, f.motif
        d.reponse, d.date_reponse, d.motif_refus, d.date_bail = f.reponse, f.date_reponse, f.motif_refus, f.date_bail
        d.depot = depot
        if de == E.BAIL_SIGNE:
            d.menage = menages[p.pk] = _menage(p.demande, f.date_bail, seuils)
            d.logement_au_bail = logement_au_bail(p)
        (decisions_modifiees if d.pk else decisions_nouvelles).append(d)

    _changer_etats(modifies)
    champs = ["date_cal", "decision", "rang", "condition", "motif", "reponse", "date_reponse", "motif_refus"]
    DecisionCAL.objects.bulk_create(decisions_nouvelles, batch_size=500)
    DecisionCAL.objects.bulk_update(
        decisions_modifiees, [*champs, "date_bail", "menage", "logement_au_bail", "depot"], batch_size=500
    )

    # a signed lease: the other candidates of the dwelling, and the demand's other positionnements, end in failure
    echecs = 0
    if baux:
        dispos = {plan.positionnement.disponibilite_id: plan for plan in baux}
        demandes_baux = {plan.positionnement.demande_id: plan for plan in baux}
        autres = list(
            Positionnement.objects.select_for_update(of=("self",))
            .filter(Q(disponibilite_id__in=dispos) | Q(demande_id__in=demandes_baux), etat__in=EN_COURS)
            .exclude(pk__in=[plan.positionnement.pk for plan in baux])
            .select_related("disponibilite__logement__residence__bailleur")
            .order_by("pk")
        )
        for autre in autres:
            if autre.disponibilite_id in dispos:
                date_bail = dispos[autre.disponibilite_id].faits.date_bail
                texte = f"Logement attribué à un autre candidat (bail signé le {date_bail:%d/%m/%Y})"
            else:
                texte = "Demande attribuée sur un autre logement (bail signé)"
            transitions.append(
                TransitionPositionnement(
                    positionnement=autre,
                    de=autre.etat,
                    vers=E.ECHEC,
                    par=par,
                    motif=texte,
                    date_effet=jour,
                    depot=depot,
                )
            )
            journal.append((autre.demande_id, f"{texte} — {_lieu(autre)}"))
            autre.etat = E.ECHEC
        _changer_etats(autres)
        echecs = len(autres)
        programmation_services.attributions_enregistrer(
            [
                programmation_services.Attribution(
                    disponibilite_id=plan.positionnement.disponibilite_id,
                    date_bail=plan.faits.date_bail,
                    personnes=menages[plan.positionnement.pk]["personnes"],
                    quartile=menages[plan.positionnement.pk]["quartile"],
                    prioritaire=bool(menages[plan.positionnement.pk]["priorites"]),
                )
                for plan in baux
            ]
        )
        demandes_services.radier_pour_attribution(
            par=par,
            radiations=[
                (plan.positionnement.demande_id, plan.faits.date_bail, _lieu(verrouilles[plan.positionnement.pk]))
                for plan in baux
            ],
        )
    TransitionPositionnement.objects.bulk_create(transitions, batch_size=1000)
    demandes_services.journal_noter(par=par, entrees=journal)
    if refus:
        demandes_services.refus_offre_compter(demande_ids=refus, jour=jour)
    if progression:
        progression(len(plans), len(plans))
    return {
        "appliquees": len(plans),
        "deja_connues": len(rapport.plans) - len(plans),
        "baux": len(baux),
        "echecs": echecs,
        "refus_decomptes": len(refus),
    }


# ---------------------------------------------------------------------------------------------------- template


EXEMPLE = [
    [
        "006102600000106004",
        "ERI-OLIVIERS",
        "A12",
        "12/11/2026",
        "attribution par classement",
        "1",
        "",
        "",
        "acceptation",
        "16/11/2026",
        "",
        "25/11/2026",
    ],
    [
        "006102600000207011",
        "ERI-OLIVIERS",
        "A12",
        "12/11/2026",
        "attribution par classement",
        "2",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
    [
        "006102600000308022",
        "ERI-OLIVIERS",
        "A12",
        "12/11/2026",
        "non-attribution",
        "",
        "",
        "ressources insuffisantes pour ce loyer",
        "",
        "",
        "",
        "",
    ],
]


def modele_csv() -> bytes:
    """The template as Excel writes a French CSV: `;` and Windows-1252."""
    return modeles.modele_csv(NOMS)


def modele_xlsx() -> bytes:
    """The XLSX template: identifiers (demand, résidence, dwelling) typed as text so Excel keeps every digit."""
    return modeles.modele_xlsx(
        titre="Décisions CAL",
        colonnes=NOMS,
        exemples=EXEMPLE,
        identifiants=("numero_demande", "residence", "logement"),
        aide=[
            ("decision", DECISIONS.acceptes() + " ; ou « attribution en rang 2 »"),
            ("reponse", REPONSES.acceptes()),
            ("motif_refus", MOTIFS_REFUS.acceptes()),
            ("dates", "JJ/MM/AAAA (12/11/2026), ou une cellule date"),
            ("identifiants", "colonnes au format Texte : ne les changez pas en nombre (zéros et chiffres perdus)"),
        ],
    )


# ---------------------------------------------------------------------------------------------- pre-filled template

# Columns that help the landlord find its way in the pre-filled template; the intake never reads them (their names are
# no alias of a column of COLONNES). `bailleur` only when the file spans several landlords (a CASA agent's).
INFORMATIONS = {
    "bailleur": "le bailleur du logement (fichier de la CASA couvrant plusieurs bailleurs)",
    "nom_residence": "le nom de la résidence",
    "commune": "la commune du logement",
    "typologie": "la typologie du logement (T1, T2…)",
    "rang_casa": "le rang du candidat dans la proposition de la CASA (1, 2 ou 3) ; le rang de la CAL va dans « rang »",
    "valide_le": "le jour où la commission de la CASA (CCPC) a validé le candidat",
    "etat": "où en est le candidat dans l'application",
}
DATES_PREREMPLIES = ("valide_le", "date_cal", "date_reponse", "date_bail")
FORMAT_DATE = "DD/MM/YYYY"


def colonnes_preremplies(*, avec_bailleur: bool = False) -> list[str]:
    """The pre-filled template's header: our three identifiers, the information columns, then every column of a CAL
    (COLONNES_DE_LA_CAL), in the order of the empty template."""
    infos = [c for c in INFORMATIONS if avec_bailleur or c != "bailleur"]
    return [*NOMS[:3], *infos, *NOMS[3:]]


def lignes_preremplies(positionnements: Iterable[Positionnement]) -> list[dict]:
    """One row per positionnement (from selectors.positionnements_pour_la_cal: `valide_le` annotated, `decision_cal`
    joined): the identifiers the intake needs, the information columns, and what is already known of the CAL (its
    decision, the candidate's answer) so that the row sent back unchanged is « déjà connue »; what is still awaited
    is empty. Dates are `datetime.date`; codes are written as their French labels, which the intake reads."""
    lignes = []
    for p in positionnements:
        logement = p.disponibilite.logement
        residence = logement.residence
        ligne = {
            "numero_demande": p.demande.numero,
            "residence": residence.reference,
            "logement": logement.numero,
            "bailleur": residence.bailleur.nom,
            "nom_residence": residence.nom,
            "commune": residence.commune.nom,
            "typologie": logement.typologie,
            "rang_casa": p.rang,
            "valide_le": p.valide_le,
            "etat": E(p.etat).label,
        }
        d = getattr(p, "decision_cal", None) if p.etat != E.VALIDE else None
        if d is not None:
            ligne.update(
                date_cal=d.date_cal,
                decision=DecisionCal(d.decision).label.lower(),
                rang=d.rang,
                condition=d.condition,
                motif_decision=d.motif,
            )
            if d.reponse:
                ligne.update(reponse=ReponseCandidat(d.reponse).label.lower(), date_reponse=d.date_reponse)
        lignes.append(ligne)
    return lignes


def _cellule(valeur: object, *, csv: bool) -> object:
    if valeur is None or valeur == "":
        return None
    if csv and isinstance(valeur, dt.date):
        return f"{valeur:%d/%m/%Y}"
    return valeur


def modele_prerempli_csv(lignes: list[dict], *, avec_bailleur: bool = False) -> bytes:
    """The pre-filled template as a French CSV (`;`, Windows-1252, like the empty one), dates JJ/MM/AAAA, every cell
    through commun.tableurs (formula-safe)."""
    colonnes = colonnes_preremplies(avec_bailleur=avec_bailleur)
    return tableurs.csv_ecrire(
        ([_cellule(li.get(c), csv=True) for c in colonnes] for li in lignes), entete=colonnes, encodage="cp1252"
    )


def _liste(valeurs_admises: list[str]) -> str | None:
    """A data-validation list written in the formula (Excel's limit: 255 characters, no comma in a value)."""
    if any("," in v for v in valeurs_admises):
        return None
    formule = '"' + ",".join(valeurs_admises) + '"'
    return formule if len(formule) <= 255 else None


def modele_prerempli_xlsx(lignes: list[dict], *, avec_bailleur: bool = False) -> bytes:
    """The pre-filled template as an XLSX: sheet « Décisions CAL » (identifiers typed as text, dates as dates, a
    drop-down list on `decision`, `reponse` and `motif_refus` that warns on another value without refusing it —
    « attribution en rang 2 » stays possible), then « Valeurs admises » explaining each column. Cells through
    commun.tableurs (text cells typed as strings, never formulas)."""
    import openpyxl
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    colonnes = colonnes_preremplies(avec_bailleur=avec_bailleur)
    classeur = openpyxl.Workbook()
    feuille = classeur.active
    feuille.title = "Décisions CAL"
    tableurs.ajouter(feuille, colonnes)
    for li in lignes:
        tableurs.ajouter(feuille, [_cellule(li.get(c), csv=False) for c in colonnes])
    derniere = max(len(lignes) + 1, 2) + 200  # room for a row added by hand
    gris = PatternFill("solid", fgColor="EEEEEE")
    for position, nom in enumerate(colonnes, start=1):
        lettre = get_column_letter(position)
        entete = feuille.cell(row=1, column=position)
        entete.font = Font(bold=True)
        if nom in INFORMATIONS:
            entete.fill = gris
        feuille.column_dimensions[lettre].width = max(14, len(nom) + 4)
        format_ = modeles.TEXTE if nom in NOMS[:3] else FORMAT_DATE if nom in DATES_PREREMPLIES else None
        if format_:
            for rang in range(2, derniere + 1):
                feuille.cell(row=rang, column=position).number_format = format_
    listes = {
        "decision": (
            [c.label.lower() for c in DecisionCal],
            "Décision de la CAL",
            "Laissez vide tant que la CAL n'a pas statué. Classement : « attribution par classement » et le rang "
            "dans la colonne rang.",
        ),
        "reponse": ([c.label.lower() for c in ReponseCandidat], "Réponse du candidat", "Après une attribution."),
        "motif_refus": ([c.label for c in MotifRefus], "Motif du refus", "Avec une réponse « refus »."),
    }
    for nom, (valeurs_admises, titre, aide) in listes.items():
        formule = _liste(valeurs_admises) or _liste([c.value for c in MotifRefus])
        if formule is None or nom not in colonnes:
            continue
        lettre = get_column_letter(colonnes.index(nom) + 1)
        validation = DataValidation(
            type="list",
            formula1=formule,
            allow_blank=True,
            errorStyle="warning",
            errorTitle=titre,
            error="Valeur inhabituelle : voyez la feuille « Valeurs admises ».",
            promptTitle=titre,
            prompt=aide,
        )
        validation.add(f"{lettre}2:{lettre}{derniere}")
        feuille.add_data_validation(validation)
    feuille.freeze_panes = "D2"

    aide = classeur.create_sheet("Valeurs admises")
    tableurs.ajouter(aide, ["colonne", "valeurs"])
    for ligne in [
        ("numero_demande, residence, logement", "ne les changez pas : ils désignent le candidat et le logement"),
        *((nom, f"information, non lue à l'import : {t}") for nom, t in INFORMATIONS.items() if nom in colonnes),
        ("date_cal", "date de la CAL, JJ/MM/AAAA ; laissez la ligne vide tant que la CAL n'a pas statué"),
        ("decision", DECISIONS.acceptes() + " ; ou « attribution en rang 2 »"),
        ("rang", "le rang de la CAL, pour une attribution par classement (1, 2, 3…)"),
        ("condition", "pour une attribution sous condition suspensive : la pièce attendue et son échéance"),
        ("motif_decision", "pour une non-attribution ou une irrecevabilité : le motif notifié au demandeur"),
        ("reponse", REPONSES.acceptes() + " (après une attribution)"),
        ("date_reponse", "date de la réponse du candidat, JJ/MM/AAAA"),
        ("motif_refus", MOTIFS_REFUS.acceptes()),
        ("date_bail", "date de signature du bail, après l'acceptation, JJ/MM/AAAA"),
        ("lignes sans décision", "une ligne dont les colonnes de la CAL sont vides est reconnue et laissée de côté"),
    ]:
        tableurs.ajouter(aide, ligne)
    aide.column_dimensions["A"].width = 36
    aide.column_dimensions["B"].width = 120
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()
