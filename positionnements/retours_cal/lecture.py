"""Reading a CAL file's rows: the columns a landlord writes (names and usual aliases), the vocabularies of a decision,
an answer and a refusal's reason (positionnements/vocabulaires/), and one row read and checked on its own, without
the database (`lire_ligne` → `Faits`, the steps it brings → `Etape`).

A row says, for one candidate examined on one dwelling, everything known so far: the CAL's decision (REGLES §11) and,
for an attribution, the collective agreement it falls under if the CAL says it (L441-1-1 and L441-1-2 CCH, reported to
the SNE by R441-2-9), then possibly the candidate's answer, then possibly the date of the lease (docs/cal.md).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from commun.fichiers import Colonne, ValeurIllisible, Vocabulaire, cle, cle_entete, valeurs
from commun.fichiers.entetes import index_colonnes

from ..etats import (
    ATTRIBUTIONS,
    DELAI_REPONSE_JOURS,
    ETAT_DE_DECISION,
    EtatPositionnement,
    MotifRefus,
    ReponseCandidat,
    TypeDecisionCAL,
    premier_jour_du_silence,
)
from ..models import AccordCollectif

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
            "numéro local",
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
    Colonne(
        "accord_collectif",
        False,
        (
            "accord collectif",
            "accord",
            "ACD/ACI",
            "ACD ou ACI",
            "accord collectif départemental ou intercommunal",
            "accord collectif d'attribution",
            "attribution au titre d'un accord collectif",
        ),
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
    "accord_collectif",
)
OBLIGATOIRES = [c.nom for c in COLONNES if c.obligatoire]
INDEX_COLONNES = index_colonnes(COLONNES)
VOCABULAIRES = Path(__file__).resolve().parent.parent / "vocabulaires"  # positionnements/vocabulaires/
DECISIONS = Vocabulaire("décision", VOCABULAIRES / "decision_cal.csv", TypeDecisionCAL.choices, inconnu="inconnue")
REPONSES = Vocabulaire("réponse", VOCABULAIRES / "reponse_candidat.csv", ReponseCandidat.choices, inconnu="inconnue")
MOTIFS_REFUS = Vocabulaire("motif du refus", VOCABULAIRES / "motif_refus.csv", MotifRefus.choices)
ACCORDS = Vocabulaire("accord collectif", VOCABULAIRES / "accord_collectif.csv", AccordCollectif.choices)
# What says that the collective agreement is not known, as a blank cell does (the SNE's NONDOC « non renseigné »).
ACCORD_NON_DIT = {cle(v) for v in ("non renseigné", "NONDOC", "non connu", "inconnu", "ne sait pas")}
# « attribution en rang 2 », « attribution rang n°2 »: the rank written in the decision (R441-3 b).
RANG_DANS_LA_DECISION = re.compile(r"^(?P<decision>.*?)[\s_]*(?:n°|no|n)?[\s_]*(?P<rang>\d{1,2})$", re.IGNORECASE)


def normaliser_colonnes(lignes: list[dict]) -> list[dict]:
    """Rows sent through the API keyed by any of the columns' names or aliases, keyed by our names."""
    return [{k if k == "_ligne" else INDEX_COLONNES.get(cle_entete(k), k): v for k, v in li.items()} for li in lignes]


@dataclass(frozen=True)
class Etape:
    """One step a row brings to its positionnement: the state reached, the day it happened, the log's sentence."""

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
    accord_collectif: str = ""  # AccordCollectif code of an attribution; "" when the row does not say it
    en_attente: bool = False  # identifies a candidate and says nothing yet (COLONNES_DE_LA_CAL all empty)
    precision: str = ""  # a refusal « autre » in the candidate's words (`precision_refus`, its space: reponses.py)

    def etapes(self) -> list[Etape]:
        """The steps the row says, in order: the CAL's decision, then the candidate's answer, then the lease."""
        decision = TypeDecisionCAL(self.decision)
        precision = {
            TypeDecisionCAL.ATTRIBUTION_RANG: f" (rang {self.rang})",
            TypeDecisionCAL.ATTRIBUTION_CS: f" ({self.condition})",
            TypeDecisionCAL.NON_ATTRIBUTION: f" : {self.motif}",
            TypeDecisionCAL.REJET_IRRECEVABILITE: f" : {self.motif}",
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
                    f"Offre refusée le {self.date_reponse:%d/%m/%Y} : {MotifRefus(self.motif_refus).label}"
                    + (f" — {self.precision}" if self.precision else ""),
                )
            )
        if self.date_bail:
            etapes.append(Etape(E.BAIL_SIGNE, self.date_bail, f"Bail signé le {self.date_bail:%d/%m/%Y}"))
        return etapes


def _date(brut: dict, colonne: str, nom: str, erreurs: list[str], jour: dt.date) -> dt.date | None:
    """The date of a cell (None when empty), an error said when unreadable or in the future."""
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
    """An identifier's cell as text (digits kept), an error said when unreadable."""
    try:
        return valeurs.identifiant(brut.get(colonne, ""), nom=nom)
    except ValeurIllisible as err:
        erreurs.append(err.message)
        return ""


def lire_decision(valeur: object) -> tuple[str | None, int | None]:
    """(TypeDecisionCAL code, rank written in it) of a decision as written: our codes, R441-3's wording, usual variants
    (positionnements/vocabulaires/decision_cal.csv); « attribution en rang 2 » gives the rank 2."""
    code = DECISIONS.trouver(valeur)
    if code is not None:
        return code, None
    m = RANG_DANS_LA_DECISION.match(valeurs.texte(valeur))
    if m and DECISIONS.trouver(m["decision"]) == TypeDecisionCAL.ATTRIBUTION_RANG:
        return TypeDecisionCAL.ATTRIBUTION_RANG, int(m["rang"])
    return None, None


def lire_ligne(brut: dict, *, jour: dt.date) -> tuple[Faits, list[str]]:
    """The facts of one row and what is wrong with them taken alone (French, one reason per problem, in the order of
    the columns). Cells may be text or a spreadsheet's typed cells (commun.fichiers.valeurs)."""
    texte = {k: valeurs.texte(v) for k, v in brut.items() if k != "_ligne"}
    erreurs: list[str] = []
    f = _identifier(brut, texte, erreurs)
    if not any(texte.get(c) for c in COLONNES_DE_LA_CAL):
        f.en_attente = True
        return f, erreurs
    _lire_la_decision(f, brut, texte, erreurs, jour)
    _lire_l_accord_collectif(f, texte, erreurs)
    f.date_reponse = _date(brut, "date_reponse", "la date de la réponse", erreurs, jour)
    f.date_bail = _date(brut, "date_bail", "la date du bail", erreurs, jour)
    _lire_la_reponse(f, texte, erreurs)
    _lire_le_motif_du_refus(f, texte, erreurs)
    _verifier_le_bail(f, texte, erreurs)
    return f, erreurs


def _identifier(brut: dict, texte: dict, erreurs: list[str]) -> Faits:
    """The candidate and the dwelling the row is about: the demand's number, the résidence and the dwelling."""
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
    return f


def _lire_la_decision(f: Faits, brut: dict, texte: dict, erreurs: list[str], jour: dt.date) -> None:
    """The CAL's day and decision, with what each kind of decision must say (a rank, a condition, a reason)."""
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
    if decision == TypeDecisionCAL.ATTRIBUTION_RANG:
        f.rang = _lire_le_rang(texte, rang_ecrit, erreurs)
    if decision == TypeDecisionCAL.ATTRIBUTION_CS and not f.condition:
        erreurs.append("une attribution sous condition suspensive dit la condition (pièce manquante, échéance)")
    if decision == TypeDecisionCAL.NON_ATTRIBUTION and not f.motif:
        erreurs.append("le motif de la non-attribution manque (il est notifié par écrit au demandeur)")
    if decision == TypeDecisionCAL.REJET_IRRECEVABILITE and not f.motif:
        erreurs.append("le motif de l'irrecevabilité manque (IRRSEJ séjour irrégulier, IRRRES ressources…)")


def _lire_l_accord_collectif(f: Faits, texte: dict, erreurs: list[str]) -> None:
    """The collective agreement of an attribution (ACD, ACI or AUCUN, as codes, labels or usual words); a blank cell,
    « non renseigné » or NONDOC say nothing. Said of another decision, or unknown, it is an error."""
    ecrit = texte.get("accord_collectif", "")
    if not ecrit or cle(ecrit) in ACCORD_NON_DIT:
        return
    code = ACCORDS.trouver(ecrit)
    if code is None:
        erreurs.append(
            f"accord collectif « {ecrit} » inconnu (ACD accord collectif départemental, ACI accord collectif "
            "intercommunal, AUCUN ; laissez la cellule vide s'il n'est pas connu)"
        )
    elif f.decision and f.decision not in ATTRIBUTIONS:
        erreurs.append(
            "un accord collectif ne se dit que d'une attribution, pas d'une "
            f"« {TypeDecisionCAL(f.decision).label.lower()} » (laissez la cellule vide)"
        )
    else:
        f.accord_collectif = code


def _lire_le_rang(texte: dict, rang_ecrit: int | None, erreurs: list[str]) -> int | None:
    """The rank of an attribution par classement: the `rang` column, or the one written in the decision."""
    try:
        rang = valeurs.entier(texte["rang"], nom="le rang") if texte.get("rang") else rang_ecrit
        if rang is None or rang < 1:
            raise ValueError
        if rang_ecrit is not None and rang != rang_ecrit:
            erreurs.append(f"la décision dit le rang {rang_ecrit} et la colonne rang dit {rang}")
        return rang
    except ValueError:
        erreurs.append("une attribution par classement donne le rang du candidat (1, 2, 3…)")
        return None


def _lire_la_reponse(f: Faits, texte: dict, erreurs: list[str]) -> None:
    """The candidate's answer to an attribution, and its date (not before the CAL)."""
    reponse_texte = texte.get("reponse", "")
    if reponse_texte:
        f.reponse = REPONSES.trouver(reponse_texte) or ""
        if not f.reponse:
            erreurs.append(f"réponse « {reponse_texte} » inconnue (acceptation ou refus)")
        elif f.decision and f.decision not in ATTRIBUTIONS:
            erreurs.append(f"le candidat ne répond pas à une « {TypeDecisionCAL(f.decision).label.lower()} »")
        if f.reponse and not f.date_reponse and not texte.get("date_reponse"):
            erreurs.append("la date de la réponse du candidat manque")
    elif texte.get("date_reponse"):
        erreurs.append("une date de réponse sans la réponse (acceptation ou refus)")
    if f.date_cal and f.date_reponse and f.date_reponse < f.date_cal:
        erreurs.append(f"la réponse du {f.date_reponse:%d/%m/%Y} précède la CAL du {f.date_cal:%d/%m/%Y}")


def _lire_le_motif_du_refus(f: Faits, texte: dict, erreurs: list[str]) -> None:
    """A refusal's reason (only with a refusal); silence counts as a refusal only after the delay to answer."""
    motif_refus_texte = texte.get("motif_refus", "")
    if f.reponse != ReponseCandidat.REFUS:
        if motif_refus_texte:
            erreurs.append("un motif de refus sans refus du candidat")
        return
    f.motif_refus = MOTIFS_REFUS.trouver(motif_refus_texte) or ""
    f.precision = texte.get("precision_refus", "")[:150] if f.motif_refus == MotifRefus.AUTRE else ""
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
        and f.date_reponse < premier_jour_du_silence(f.date_cal)
    ):
        erreurs.append(
            f"le candidat a au moins {DELAI_REPONSE_JOURS} jours pour répondre : son silence ne vaut refus "
            f"qu'à partir du {premier_jour_du_silence(f.date_cal):%d/%m/%Y}"
        )


def _verifier_le_bail(f: Faits, texte: dict, erreurs: list[str]) -> None:
    """A lease follows the candidate's acceptance, never before it."""
    if not (f.date_bail or texte.get("date_bail")):
        return
    if f.reponse != ReponseCandidat.ACCEPTATION:
        erreurs.append("un bail ne se signe qu'après l'acceptation du candidat (réponse « acceptation » et sa date)")
    elif f.date_bail and f.date_reponse and f.date_bail < f.date_reponse:
        erreurs.append(f"le bail du {f.date_bail:%d/%m/%Y} précède l'acceptation du {f.date_reponse:%d/%m/%Y}")
