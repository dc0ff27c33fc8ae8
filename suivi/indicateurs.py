"""The indicators of the monthly priority-criteria tracking table, as pure functions over plain facts (no Django):
each indicator is a code, a French label, the family of facts it counts and the predicate a fact must meet. The table
counts them per view (territory, landlord, réservataire, commune) and period; the list behind a figure applies the
same predicate, so a figure and its list never disagree. Definitions and legal sources: docs/suivi.md."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from statistics import mean

from demandes.cotation import PRIORITES_LEGALES

TYPOLOGIES = ("T1", "T2", "T3", "T4", "T5", "T6")
FINANCEMENTS = ("PLAI", "PLUS", "PLS", "PLI")
# DALO and the priority publics of article L441-1 CCH, by meaning: the pure copy of the cotation module
PRIORITES = PRIORITES_LEGALES
RADIATIONS = ("RADATT", "RADABA", "RADREN", "RADIRR", "RADCON")


@dataclass(frozen=True)
class Attribution:
    """A lease signed, as the tracking counts it: the dwelling and the household at the lease (no name)."""

    decision_id: int
    numero: str  # the demand's number (its NUR, else its local number), for CASA's list behind a figure
    date_bail: dt.date
    bailleur: int
    reservataire: int
    commune: str
    typologie: str
    financement: str
    qpv: bool
    libre_le: dt.date | None = None
    quartile: int | None = None
    dalo: bool = False
    priorites: tuple[str, ...] = ()
    renouvellement_urbain: bool = False
    mutation: bool = False
    contingent_etat: bool = False  # the dwelling was on the State's (préfecture's) contingent
    corrigee: bool = False

    @property
    def prioritaire(self) -> bool:
        return self.dalo or bool(self.priorites)

    @property
    def delai(self) -> int | None:
        """Days from the dwelling's vacancy to the lease (0 when let before it was free)."""
        return None if self.libre_le is None else max((self.date_bail - self.libre_le).days, 0)


@dataclass(frozen=True)
class EvenementPositionnement:
    positionnement_id: int
    numero: str
    vers: str  # the state reached (positionnements.etats)
    date: dt.date
    bailleur: int
    reservataire: int
    commune: str
    poids: int = 1  # the table reads these events grouped (same state, day, landlord...): how many


@dataclass(frozen=True)
class EvenementDemande:
    numero: str
    type: str  # ENREGISTREE, RENOUVELEE, RADIEE
    date: dt.date
    commune: str  # the counter's commune ("" for CASA's reception points)
    motif: str = ""  # radiation reason (SNE code)
    poids: int = 1


@dataclass(frozen=True)
class Indicateur:
    code: str
    libelle: str
    famille: str  # "attribution", "positionnement", "demande"
    predicat: Callable = field(compare=False)


def _a(code, libelle, predicat):
    return Indicateur(code, libelle, "attribution", predicat)


def _p(code, libelle, etats):
    return Indicateur(code, libelle, "positionnement", lambda e: e.vers in etats)


def _d(code, libelle, predicat):
    return Indicateur(code, libelle, "demande", predicat)


INDICATEURS: dict[str, Indicateur] = {
    i.code: i
    for i in (
        _a("attributions", "Attributions (baux signés)", lambda a: True),
        *(_a(f"typologie_{t}", f"dont {t}", lambda a, t=t: a.typologie == t) for t in TYPOLOGIES),
        *(_a(f"financement_{f}", f"dont {f}", lambda a, f=f: a.financement == f) for f in FINANCEMENTS),
        _a("qpv", "en QPV", lambda a: a.qpv),
        _a("hors_qpv", "hors QPV", lambda a: not a.qpv),
        _a("dalo", "à des ménages DALO", lambda a: a.dalo),
        _a("prioritaires", "à des ménages prioritaires (DALO ou L441-1)", lambda a: a.prioritaire),
        *(_a(f"priorite_{p}", p, lambda a, p=p: p in a.priorites) for p in PRIORITES if p != "DALO"),
        _a(
            "hors_qpv_q1",
            "hors QPV, à des ménages du 1er quartile ou relogés d'une opération de renouvellement urbain",
            lambda a: not a.qpv and (a.quartile == 1 or a.renouvellement_urbain),
        ),
        _a("qpv_q234", "en QPV, à des ménages des quartiles 2 à 4", lambda a: a.qpv and a.quartile in (2, 3, 4)),
        _a("mutations", "mutations (ménages déjà locataires du parc social)", lambda a: a.mutation),
        _a("contingent_etat", "sur le contingent de l'État", lambda a: a.contingent_etat),
        _a("corrigees", "attributions corrigées depuis leur enregistrement", lambda a: a.corrigee),
        _p("proposes", "Positionnements proposés", ("PROPOSE",)),
        _p("valides", "validés par la commission (CCPC)", ("VALIDE",)),
        _p("attribues_cal", "attribués par la CAL", ("ATTRIBUE", "ATTRIBUE_RANG", "ATTRIBUE_CS")),
        _p("non_attribues", "non attribués par la CAL", ("NON_ATTRIBUE",)),
        _p("irrecevables", "rejetés pour irrecevabilité", ("IRRECEVABLE",)),
        _p("refus_candidat", "refusés par le candidat", ("REFUS_CANDIDAT",)),
        _p("echecs", "en échec (logement attribué à un autre ou retiré)", ("ECHEC",)),
        _d("enregistrees", "Demandes enregistrées", lambda e: e.type == "ENREGISTREE"),
        _d("renouvelees", "Demandes renouvelées", lambda e: e.type == "RENOUVELEE"),
        _d("radiees", "Demandes radiées", lambda e: e.type == "RADIEE"),
        *(_d(f"radiees_{m}", f"dont {m}", lambda e, m=m: e.type == "RADIEE" and e.motif == m) for m in RADIATIONS),
    )
}


@dataclass
class Faits:
    attributions: list[Attribution] = field(default_factory=list)
    positionnements: list[EvenementPositionnement] = field(default_factory=list)
    demandes: list[EvenementDemande] = field(default_factory=list)

    def de_la_famille(self, famille: str) -> list:
        return {"attribution": self.attributions, "positionnement": self.positionnements, "demande": self.demandes}[
            famille
        ]


# What the predicates of each family read: facts with the same signature meet the same indicators, so each predicate
# is asked once per signature instead of once per fact (tens of thousands of leases, hundreds of thousands of demand
# events at scale 30). tests/suivi/test_suivi_indicateurs.py checks this counts as the plain way does.
SIGNATURES: dict[str, Callable] = {
    "attribution": lambda a: (
        a.typologie,
        a.financement,
        a.qpv,
        a.quartile,
        a.dalo,
        a.priorites,
        a.renouvellement_urbain,
        a.mutation,
        a.contingent_etat,
        a.corrigee,
    ),
    "positionnement": lambda e: e.vers,
    "demande": lambda e: (e.type, e.motif),
}


def compter(faits: Faits) -> dict:
    """Every indicator over these facts, plus the mean delay from vacancy to lease (days, one decimal)."""
    groupes: dict[str, dict] = {}
    for famille, signature in SIGNATURES.items():
        par_signature: dict = {}
        for f in faits.de_la_famille(famille):
            cle = signature(f)
            poids = getattr(f, "poids", 1)
            if cle in par_signature:
                par_signature[cle][1] += poids
            else:
                par_signature[cle] = [f, poids]
        groupes[famille] = par_signature
    bloc = {
        code: sum(n for exemple, n in groupes[i.famille].values() if i.predicat(exemple))
        for code, i in INDICATEURS.items()
    }
    delais = [a.delai for a in faits.attributions if a.delai is not None]
    bloc["delai_moyen"] = round(mean(delais), 1) if delais else None
    return bloc


# ---------------------------------------------------------------------------------------------------- views

VUES = ("territoire", "bailleur", "reservataire", "commune")


def _cles(fait, vue: str) -> Iterable:
    if vue == "territoire":
        return ("",)
    if isinstance(fait, EvenementDemande):
        return (fait.commune,) if vue == "commune" and fait.commune else ()
    return (str(getattr(fait, vue)),)


def repartir(faits: Faits) -> dict[str, dict[str, Faits]]:
    """The facts split by view and key (landlord id, réservataire id, commune INSEE code; "" for the territory)."""
    vues: dict[str, dict[str, Faits]] = {v: {} for v in VUES}
    for famille, liste in (
        ("attributions", faits.attributions),
        ("positionnements", faits.positionnements),
        ("demandes", faits.demandes),
    ):
        for fait in liste:
            for vue in VUES:
                for cle in _cles(fait, vue):
                    getattr(vues[vue].setdefault(cle, Faits()), famille).append(fait)
    return vues


def filtrer(faits: Faits, vue: str, cle: str, code: str) -> list:
    """The facts behind one figure: the view's facts that meet the indicator's predicate."""
    indicateur = INDICATEURS[code]
    return [
        f for f in faits.de_la_famille(indicateur.famille) if cle in tuple(_cles(f, vue)) and indicateur.predicat(f)
    ]


def part(numerateur: int, denominateur: int) -> float | None:
    return numerateur / denominateur if denominateur else None
