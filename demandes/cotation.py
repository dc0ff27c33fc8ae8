"""Cotation of a demand: points per objective criterion, from a versioned grid defined by the EPCI (REGLES §9).

A PURE module: standard library only, no Django import. The Django side turns a demand into a `SituationCotation`
(plain facts), loads the grid in force (stored as versioned rows/JSON, see `grille_depuis_dict`), calls `calculer`, and
stores `ResultatCotation.score` and `ResultatCotation.as_dict()["detail"]` on the demand.

Rules encoded (REGLES §9): points per objective criterion and weight set by the EPCI; DALO and every priority public
of article L441-1 CCH must be scored (a grid that leaves one out is refused); local criteria may be added (CASA's 2021
grid: victims of natural disasters, "Logement d'abord"); the score may be lowered after the refusal of an adapted
offer. The score is an aid to decision: the CAL stays sovereign. Where REGLES is silent, the choice made is stated in a
comment starting with "REGLES is silent".

Identifiers are French domain nouns; every sentence meant for a user is in French (the applicant is told his score and
how it was reached: `ResultatCotation.explication()`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

ESPACE_INSECABLE = "\u00a0"
MOINS = "\u2212"  # the typographic minus sign of French texts: "−30"
FOIS = "\u00d7"

# --------------------------------------------------------------------------------------------------------------------
# Code lists (copies of demandes/codes.py, which imports Django; tests/demandes/test_cotation.py checks they stay equal)
# --------------------------------------------------------------------------------------------------------------------

# REGLES §6: DALO first, then the categories of article L441-1 CCH, encoded by meaning.
PRIORITES_LEGALES: tuple[str, ...] = (
    "DALO",
    "HANDICAP",
    "SORTIE_ACT",
    "MAL_LOGE_DEFAVORISE",
    "HEBERGE_TRANSITION",
    "REPRISE_ACTIVITE",
    "HABITAT_INDIGNE",
    "VIOLENCES_COUPLE",
    "MARIAGE_FORCE",
    "VIOL_AGRESSION_DOMICILE",
    "SORTIE_PROSTITUTION",
    "TRAITE_PROXENETISME",
    "ENFANT_SUROCCUPE_INDECENT",
    "SANS_LOGEMENT",
    "MENACE_EXPULSION",
    "JEUNE_SORTANT_ASE",
)

# REGLES §8: current housing (SNE codes).
LOGEMENTS_ACTUELS: frozenset[str] = frozenset(
    {
        "HLM", "LP", "RS", "RHVS", "RE", "SLHT", "SH", "CDEFCM", "CPE",
        "CP", "LTG", "FONC", "POCC", "CAMCAR", "HOT", "SD", "SQUAT",
    }
)  # fmt: skip
LOGEMENTS_SANS_LOGEMENT: frozenset[str] = frozenset({"SD", "SQUAT", "CAMCAR", "HOT"})
LOGEMENTS_HEBERGE: frozenset[str] = frozenset({"CP", "CPE", "SH", "RS", "SLHT", "CDEFCM", "RHVS", "LTG"})

# REGLES §8: reasons for the request "01" to "23".
MOTIFS: frozenset[str] = frozenset(f"{n:02d}" for n in range(1, 24))
MOTIF_DEMOLITION = "02"
MOTIF_NON_DECENT = "03"
MOTIF_EXPULSION = "05"
MOTIF_VIOLENCES = "06"
MOTIFS_TRAVAIL: frozenset[str] = frozenset({"18", "19"})  # mutation professionnelle, rapprochement du travail

# REGLES §6: local criteria of CASA (its 2021 grid).
CRITERES_LOCAUX: frozenset[str] = frozenset({"CATASTROPHE_NATURELLE", "LOGEMENT_D_ABORD"})

# REGLES is silent on the effort-rate threshold: 40 % of resources (rent + charges − APL), as the brief asks; a
# constant of the module rather than of the grid because the grid only weighs criteria.
SEUIL_TAUX_EFFORT = Decimal("0.40")

# --------------------------------------------------------------------------------------------------------------------
# The facts the score reads
# --------------------------------------------------------------------------------------------------------------------


def _ensemble(valeur, nom: str) -> frozenset[str]:
    if isinstance(valeur, str):
        raise ValueError(f"« {nom} » doit être un ensemble de codes, pas une chaîne.")
    return frozenset(valeur)


def _entier_positif(valeur, nom: str) -> int:
    if isinstance(valeur, bool) or not isinstance(valeur, int):
        raise ValueError(f"« {nom} » doit être un nombre entier.")
    if valeur < 0:
        raise ValueError(f"« {nom} » ne peut pas être négatif.")
    return valeur


@dataclass(frozen=True)
class SituationCotation:
    """The plain facts of a demand that the grid reads. Sets accept any iterable (an ArrayField's list) and are
    stored as frozensets; unknown codes are refused so that a typo never silently scores 0.

    `priorites`: CodePriorite codes present and active (DALO included). `logement_actuel`: LogementActuel code, or "".
    `motifs`: MotifDemande codes "01".."23". `mois_anciennete`: full months since filing (see `mois_ecoules`).
    `taux_effort`: a share (Decimal("0.42") for 42 %), None when unknown. `mutation`: already a social tenant.
    `refus_offre_adaptee`: number of refusals of an adapted offer. `criteres_locaux`: codes of CRITERES_LOCAUX.
    """

    priorites: frozenset[str] = frozenset()
    logement_actuel: str = ""
    motifs: frozenset[str] = frozenset()
    mois_anciennete: int = 0
    famille_monoparentale: bool = False
    enfant_attendu: bool = False
    handicap_dans_menage: bool = False
    taux_effort: Decimal | None = None
    suroccupation: bool = False
    mutation: bool = False
    refus_offre_adaptee: int = 0
    criteres_locaux: frozenset[str] = frozenset()

    def __post_init__(self):
        priorites = _ensemble(self.priorites, "priorites")
        inconnues = sorted(priorites - set(PRIORITES_LEGALES))
        if inconnues:
            raise ValueError(f"Code de priorité inconnu : {', '.join(inconnues)}.")
        object.__setattr__(self, "priorites", priorites)

        if self.logement_actuel and self.logement_actuel not in LOGEMENTS_ACTUELS:
            raise ValueError(f"Code de logement actuel inconnu : {self.logement_actuel}.")

        motifs = _ensemble(self.motifs, "motifs")
        inconnus = sorted(motifs - MOTIFS)
        if inconnus:
            raise ValueError(f"Motif de demande inconnu : {', '.join(inconnus)} (attendu : 01 à 23).")
        object.__setattr__(self, "motifs", motifs)

        locaux = _ensemble(self.criteres_locaux, "criteres_locaux")
        inconnus = sorted(locaux - CRITERES_LOCAUX)
        if inconnus:
            raise ValueError(f"Critère local inconnu : {', '.join(inconnus)}.")
        object.__setattr__(self, "criteres_locaux", locaux)

        _entier_positif(self.mois_anciennete, "mois_anciennete")
        _entier_positif(self.refus_offre_adaptee, "refus_offre_adaptee")

        if self.taux_effort is not None:
            try:
                taux = self.taux_effort if isinstance(self.taux_effort, Decimal) else Decimal(str(self.taux_effort))
            except InvalidOperation:
                raise ValueError("Le taux d'effort doit être un nombre (une part : 0.42 pour 42 %).") from None
            if not taux.is_finite() or taux < 0:
                raise ValueError("Le taux d'effort doit être un nombre positif (une part : 0.42 pour 42 %).")
            object.__setattr__(self, "taux_effort", taux)


def mois_ecoules(depuis: date, jour: date) -> int:
    """Full months from `depuis` to `jour` (0 if `jour` is earlier): 15/01 -> 14/02 = 0, 15/01 -> 15/02 = 1.

    REGLES is silent on counting months. Choice: a month is complete on the same day of a later month, or on the last
    day of that month when it is shorter (31/01 -> 28/02 = 1 month), so that no filing day loses a month.
    """
    if jour <= depuis:
        return 0
    mois = (jour.year - depuis.year) * 12 + (jour.month - depuis.month)
    dernier_jour = jour.day == _dernier_jour_du_mois(jour)
    if jour.day < depuis.day and not dernier_jour:
        mois -= 1
    return max(mois, 0)


def _dernier_jour_du_mois(jour: date) -> int:
    suivant = date(jour.year + (jour.month == 12), jour.month % 12 + 1, 1)
    return (suivant - date(jour.year, jour.month, 1)).days


# --------------------------------------------------------------------------------------------------------------------
# Conditions: criterion code -> how many units apply (0 = not met, 1 = met, n = units of a per-unit criterion)
# --------------------------------------------------------------------------------------------------------------------


def _priorite(code: str) -> Callable[[SituationCotation], int]:
    def condition(situation: SituationCotation) -> int:
        return int(code in situation.priorites)

    condition.__name__ = f"priorite_{code.lower()}"
    return condition


def _taux_effort_eleve(situation: SituationCotation) -> int:
    return int(situation.taux_effort is not None and situation.taux_effort >= SEUIL_TAUX_EFFORT)


CONDITIONS: dict[str, Callable[[SituationCotation], int]] = {
    # DALO and each priority public of article L441-1 CCH (REGLES §6, §9): the criterion code is the priority code.
    **{code: _priorite(code) for code in PRIORITES_LEGALES},
    # current housing (REGLES §9: without, hosted, overcrowded, indecent, eviction)
    "SANS_LOGEMENT_ACTUEL": lambda s: int(s.logement_actuel in LOGEMENTS_SANS_LOGEMENT),
    "HEBERGE": lambda s: int(s.logement_actuel in LOGEMENTS_HEBERGE),
    "EXPULSION": lambda s: int(MOTIF_EXPULSION in s.motifs),
    "LOGEMENT_INDECENT": lambda s: int(MOTIF_NON_DECENT in s.motifs),
    "DEMOLITION": lambda s: int(MOTIF_DEMOLITION in s.motifs),
    "SUROCCUPATION": lambda s: int(s.suroccupation),
    "MUTATION": lambda s: int(s.mutation),
    # family, disability, work, effort rate
    "VIOLENCES_FAMILIALES": lambda s: int(MOTIF_VIOLENCES in s.motifs),
    "FAMILLE_MONOPARENTALE": lambda s: int(s.famille_monoparentale),
    "NAISSANCE_ATTENDUE": lambda s: int(s.enfant_attendu),
    "HANDICAP_MENAGE": lambda s: int(s.handicap_dans_menage),
    "RAPPROCHEMENT_TRAVAIL": lambda s: int(bool(s.motifs & MOTIFS_TRAVAIL)),
    "TAUX_EFFORT_ELEVE": _taux_effort_eleve,
    # seniority: one unit per full month since filing
    "ANCIENNETE": lambda s: s.mois_anciennete,
    # local criteria of CASA
    "CATASTROPHE_NATURELLE": lambda s: int("CATASTROPHE_NATURELLE" in s.criteres_locaux),
    "LOGEMENT_D_ABORD": lambda s: int("LOGEMENT_D_ABORD" in s.criteres_locaux),
    # malus: one unit per refusal of an adapted offer
    "REFUS_OFFRE_ADAPTEE": lambda s: s.refus_offre_adaptee,
}

# --------------------------------------------------------------------------------------------------------------------
# The grid
# --------------------------------------------------------------------------------------------------------------------


def _texte(valeur, nom: str, code: str = "") -> str:
    if not isinstance(valeur, str) or not valeur.strip():
        origine = f" du critère {code}" if code else ""
        raise ValueError(f"Le champ « {nom} »{origine} doit être un texte non vide.")
    return valeur


def _entier(valeur, nom: str, code: str) -> int:
    if isinstance(valeur, bool) or not isinstance(valeur, int):
        raise ValueError(f"Le champ « {nom} » du critère {code} doit être un nombre entier.")
    return valeur


@dataclass(frozen=True)
class CritereGrille:
    """One criterion of a grid. `points`: per occurrence, or per unit when `par_unite` (negative for a malus).
    `plafond`: cap of the line's total, only for a per-unit criterion, of the same sign as `points` (60 for
    seniority, −90 for the refusal malus). `unite`: word shown after the number of units ("mois"), may be empty."""

    code: str
    libelle: str
    famille: str
    points: int
    plafond: int | None = None
    par_unite: bool = False
    unite: str = ""

    def __post_init__(self):
        _texte(self.code, "code")
        _texte(self.libelle, "libellé", self.code)
        _texte(self.famille, "famille", self.code)
        _entier(self.points, "points", self.code)
        if not isinstance(self.par_unite, bool):
            raise ValueError(f"Le champ « par unité » du critère {self.code} doit valoir vrai ou faux.")
        if not isinstance(self.unite, str):
            raise ValueError(f"Le champ « unité » du critère {self.code} doit être un texte.")
        if self.plafond is not None:
            _entier(self.plafond, "plafond", self.code)
            if not self.par_unite:
                raise ValueError(f"Le critère {self.code} a un plafond mais ne compte pas de points par unité.")
            if (self.points > 0 and self.plafond <= 0) or (self.points < 0 and self.plafond >= 0):
                raise ValueError(f"Le plafond du critère {self.code} doit être du même signe que ses points.")


@dataclass(frozen=True)
class Grille:
    """A version of the EPCI's grid, in force from `date_debut` until the next version (see `grille_en_vigueur`)."""

    version: str
    date_debut: date
    criteres: tuple[CritereGrille, ...]

    def __post_init__(self):
        _texte(self.version, "version")
        if not isinstance(self.date_debut, date) or isinstance(self.date_debut, datetime):
            raise ValueError(f"La date de début de la grille {self.version} doit être une date.")
        criteres = tuple(self.criteres)
        if not all(isinstance(critere, CritereGrille) for critere in criteres):
            raise ValueError(f"Les critères de la grille {self.version} doivent être des CritereGrille.")
        object.__setattr__(self, "criteres", criteres)

        vus: set[str] = set()
        doublons: set[str] = set()
        for critere in criteres:
            (doublons if critere.code in vus else vus).add(critere.code)
        doublons = sorted(doublons)
        if doublons:
            raise ValueError(f"La grille {self.version} contient plusieurs fois le critère {', '.join(doublons)}.")
        inconnus = [c.code for c in criteres if c.code not in CONDITIONS]
        if inconnus:
            raise ValueError(
                f"La grille {self.version} contient un critère inconnu : {', '.join(inconnus)} "
                "(aucune condition ne le calcule)."
            )
        # REGLES §9: the grid must implement DALO and the L441-1 priorities, hence score each of them.
        manquants = [code for code in PRIORITES_LEGALES if code not in vus]
        if manquants:
            raise ValueError(
                f"La grille {self.version} doit coter le DALO et chaque public prioritaire de l'article L441-1 CCH ; "
                f"il manque : {', '.join(manquants)}."
            )
        sans_points = [c.code for c in criteres if c.code in PRIORITES_LEGALES and c.points <= 0]
        if sans_points:
            raise ValueError(
                f"Dans la grille {self.version}, le DALO et les publics prioritaires doivent rapporter des points : "
                f"{', '.join(sans_points)}."
            )

    def critere(self, code: str) -> CritereGrille:
        for critere in self.criteres:
            if critere.code == code:
                return critere
        raise KeyError(code)


def grille_en_vigueur(grilles: Iterable[Grille], jour: date) -> Grille:
    """The grid in force on `jour`: the one with the latest `date_debut` on or before it."""
    candidates = sorted((g for g in grilles if g.date_debut <= jour), key=lambda g: g.date_debut)
    if not candidates:
        raise ValueError(f"Aucune grille de cotation n'est en vigueur le {jour:%d/%m/%Y}.")
    if len(candidates) > 1 and candidates[-1].date_debut == candidates[-2].date_debut:
        raise ValueError(f"Deux grilles de cotation commencent le {candidates[-1].date_debut:%d/%m/%Y}.")
    return candidates[-1]


# --------------------------------------------------------------------------------------------------------------------
# Default grid of the project
# --------------------------------------------------------------------------------------------------------------------

# These weights are the project's default, not CASA's: the grid is the EPCI's, set by its PPGD, public and explained
# to the applicant (REGLES §9). They make the legal priorities dominate: DALO (300) above every L441-1 public
# (100-150, the most at risk highest: violence, exploitation, leaving child welfare, without housing), each of them
# above the capped seniority (60) and any single situation criterion (30-80). Criteria cumulate: a household without
# housing recognised DALO gets DALO + SANS_LOGEMENT + SANS_LOGEMENT_ACTUEL, which is how grids usually rank the most
# urgent first. A mutation is recognised but weighs 0 (shown in the detail, as the grid is explained).
GRILLE_CASA_DEFAUT = Grille(
    version="CASA-2026-1",
    date_debut=date(2026, 1, 1),
    criteres=(
        CritereGrille("DALO", "Reconnu prioritaire DALO", "PRIORITE", 300),
        CritereGrille("VIOLENCES_COUPLE", "Victime de violences au sein du couple", "PRIORITE", 150),
        CritereGrille("MARIAGE_FORCE", "Menacé de mariage forcé", "PRIORITE", 150),
        CritereGrille(
            "VIOL_AGRESSION_DOMICILE", "Victime de viol ou d'agression sexuelle à son domicile", "PRIORITE", 150
        ),
        CritereGrille("TRAITE_PROXENETISME", "Victime de traite des êtres humains ou de proxénétisme", "PRIORITE", 150),
        CritereGrille("SORTIE_PROSTITUTION", "Engagé dans un parcours de sortie de la prostitution", "PRIORITE", 150),
        CritereGrille(
            "JEUNE_SORTANT_ASE", "Jeune de moins de 21 ans sortant de l'aide sociale à l'enfance", "PRIORITE", 150
        ),
        CritereGrille("SANS_LOGEMENT", "Dépourvu de logement, y compris hébergé par des tiers", "PRIORITE", 150),
        CritereGrille("MENACE_EXPULSION", "Menacé d'expulsion sans relogement", "PRIORITE", 130),
        CritereGrille(
            "HEBERGE_TRANSITION", "Hébergé ou logé temporairement (structure, logement de transition)", "PRIORITE", 130
        ),
        CritereGrille("HABITAT_INDIGNE", "Exposé à des situations d'habitat indigne", "PRIORITE", 130),
        CritereGrille(
            "ENFANT_SUROCCUPE_INDECENT", "Avec enfant mineur, en logement suroccupé ou indécent", "PRIORITE", 130
        ),
        CritereGrille(
            "HANDICAP", "Personne handicapée, ou ménage avec une personne handicapée à charge", "PRIORITE", 120
        ),
        CritereGrille("SORTIE_ACT", "Sortant d'un appartement de coordination thérapeutique", "PRIORITE", 120),
        CritereGrille(
            "MAL_LOGE_DEFAVORISE", "Mal logé ou défavorisé, difficultés financières ou d'existence", "PRIORITE", 110
        ),
        CritereGrille("REPRISE_ACTIVITE", "Reprise d'activité après un chômage de longue durée", "PRIORITE", 100),
        CritereGrille(
            "SANS_LOGEMENT_ACTUEL", "Sans logement (rue, abri de fortune, squat, camping, hôtel)", "LOGEMENT", 80
        ),
        CritereGrille("EXPULSION", "Procédure d'expulsion en cours", "LOGEMENT", 70),
        CritereGrille("LOGEMENT_INDECENT", "Logement non décent, insalubre ou dangereux", "LOGEMENT", 60),
        CritereGrille("HEBERGE", "Hébergé (chez un tiers, en structure ou à titre gratuit)", "LOGEMENT", 50),
        CritereGrille("DEMOLITION", "Logement destiné à la démolition", "LOGEMENT", 50),
        CritereGrille("SUROCCUPATION", "Logement suroccupé", "LOGEMENT", 40),
        CritereGrille("MUTATION", "Déjà locataire du parc social (mutation)", "LOGEMENT", 0),
        CritereGrille("TAUX_EFFORT_ELEVE", "Taux d'effort d'au moins 40 %", "EFFORT", 30),
        # Declared family violence (the reason of the demand); violence attested by a judge is VIOLENCES_COUPLE.
        CritereGrille("VIOLENCES_FAMILIALES", "Violences familiales déclarées", "FAMILLE", 60),
        CritereGrille("FAMILLE_MONOPARENTALE", "Famille monoparentale", "FAMILLE", 30),
        CritereGrille("NAISSANCE_ATTENDUE", "Naissance attendue", "FAMILLE", 10),
        CritereGrille("HANDICAP_MENAGE", "Handicap ou perte d'autonomie dans le ménage", "HANDICAP", 30),
        CritereGrille("RAPPROCHEMENT_TRAVAIL", "Rapprochement du lieu de travail", "TRAVAIL", 20),
        CritereGrille("ANCIENNETE", "Ancienneté", "ANCIENNETE", 1, plafond=60, par_unite=True, unite="mois"),
        CritereGrille("CATASTROPHE_NATURELLE", "Victime d'une catastrophe naturelle", "LOCAL", 50),
        CritereGrille("LOGEMENT_D_ABORD", "Priorité « Logement d'abord »", "LOCAL", 50),
        CritereGrille("REFUS_OFFRE_ADAPTEE", "Refus d'une offre adaptée", "MALUS", -30, plafond=-90, par_unite=True),
    ),
)

# --------------------------------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------------------------------


def _nombre(n: int) -> str:
    """1234 -> '1 234', -30 -> '−30' (no-break space between thousands, typographic minus)."""
    texte = f"{abs(n):,}".replace(",", ESPACE_INSECABLE)
    return f"{MOINS}{texte}" if n < 0 else texte


def _signe(n: int) -> str:
    """+300, −30, 0."""
    return f"+{_nombre(n)}" if n > 0 else _nombre(n)


def _points(n: int) -> str:
    return f"{_nombre(n)} point" if abs(n) < 2 else f"{_nombre(n)} points"


@dataclass(frozen=True)
class LigneCotation:
    """A criterion that applies: `unites` (1, or the number of units), `points` (the line's contribution, after the
    cap). The other fields repeat what the grid said, so that a stored line explains itself."""

    code: str
    libelle: str
    unites: int
    points: int
    famille: str = ""
    points_unitaires: int = 0
    par_unite: bool = False
    plafond: int | None = None
    unite: str = ""

    @property
    def plafonnee(self) -> bool:
        return self.par_unite and self.points != self.unites * self.points_unitaires

    def explication(self) -> str:
        if not self.par_unite:
            return f"{self.libelle} : {_signe(self.points)}"
        quantite = f"{self.unites} {self.unite}" if self.unite else str(self.unites)
        brut = self.unites * self.points_unitaires
        texte = f"{self.libelle} : {quantite} {FOIS} {_nombre(self.points_unitaires)}"
        if self.plafonnee:
            return f"{texte} = {_nombre(brut)}, plafonné à {_signe(self.points)}"
        texte = f"{texte} = {_signe(brut)}"
        if self.plafond is not None:
            texte += f" (plafond {_nombre(self.plafond)})"
        return texte

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "libelle": self.libelle,
            "famille": self.famille,
            "unites": self.unites,
            "points_unitaires": self.points_unitaires,
            "plafond": self.plafond,
            "points": self.points,
            "explication": self.explication(),
        }


@dataclass(frozen=True)
class ResultatCotation:
    """`score`: the sum of the lines, never below 0. `total_brut`: the sum before that floor. `detail`: the lines of
    the criteria that apply, in grid order."""

    grille_version: str
    score: int
    total_brut: int
    detail: tuple[LigneCotation, ...] = field(default_factory=tuple)

    def explication(self) -> list[str]:
        """One French line per criterion that applies, then the total."""
        lignes = [ligne.explication() for ligne in self.detail]
        if not lignes:
            lignes.append("Aucun critère de la grille ne s'applique.")
        if self.total_brut < 0:
            lignes.append(
                f"Total : {_points(self.score)} (grille {self.grille_version}) : la somme de "
                f"{_points(self.total_brut)} est ramenée à 0, la cotation n'est jamais négative"
            )
        else:
            lignes.append(f"Total : {_points(self.score)} (grille {self.grille_version})")
        return lignes

    def as_dict(self) -> dict:
        """JSON-friendly: what the demand stores (score_cotation, detail_cotation) and shows."""
        return {
            "grille_version": self.grille_version,
            "score": self.score,
            "total_brut": self.total_brut,
            "detail": [ligne.as_dict() for ligne in self.detail],
            "explication": self.explication(),
        }


def calculer(grille: Grille, situation: SituationCotation) -> ResultatCotation:
    """Score `situation` with `grille`. Per-unit criteria give units × points, then the cap applies (min for positive
    points, max for negative ones). A criterion applies when its condition gives at least one unit, even if the grid
    weighs it 0 (the line is shown, the grid being explained). REGLES is silent on a negative total (a malus larger
    than the points): choice, the score is floored at 0, the raw total is kept in `total_brut`."""
    detail = []
    for critere in grille.criteres:
        unites = CONDITIONS[critere.code](situation)
        if unites <= 0:
            continue
        if not critere.par_unite:
            unites = 1
        points = unites * critere.points
        if critere.plafond is not None:
            points = min(points, critere.plafond) if critere.points > 0 else max(points, critere.plafond)
        detail.append(
            LigneCotation(
                code=critere.code,
                libelle=critere.libelle,
                unites=unites,
                points=points,
                famille=critere.famille,
                points_unitaires=critere.points,
                par_unite=critere.par_unite,
                plafond=critere.plafond,
                unite=critere.unite,
            )
        )
    total = sum(ligne.points for ligne in detail)
    return ResultatCotation(grille_version=grille.version, score=max(total, 0), total_brut=total, detail=tuple(detail))


# --------------------------------------------------------------------------------------------------------------------
# JSON round-trip (the Django side stores grids as versioned rows/JSON and loads a fixture from the default)
# --------------------------------------------------------------------------------------------------------------------

_CLES_GRILLE = {"version", "date_debut", "criteres"}
_CLES_CRITERE_OBLIGATOIRES = {"code", "libelle", "famille", "points"}
_CLES_CRITERE = _CLES_CRITERE_OBLIGATOIRES | {"plafond", "par_unite", "unite"}


def grille_vers_dict(grille: Grille) -> dict:
    """A JSON-serialisable dict (date as ISO text); `grille_depuis_dict` reads it back to an equal grid."""
    return {
        "version": grille.version,
        "date_debut": grille.date_debut.isoformat(),
        "criteres": [
            {
                "code": c.code,
                "libelle": c.libelle,
                "famille": c.famille,
                "points": c.points,
                "plafond": c.plafond,
                "par_unite": c.par_unite,
                "unite": c.unite,
            }
            for c in grille.criteres
        ],
    }


def grille_depuis_dict(d: Mapping) -> Grille:
    """Read a grid written by `grille_vers_dict` (or by hand). Unknown keys are refused (a typo would otherwise be
    ignored); `plafond`, `par_unite` and `unite` may be left out. Raises ValueError with a French message."""
    if not isinstance(d, Mapping):
        raise ValueError("Une grille de cotation doit être un objet (version, date_debut, criteres).")
    _cles(d, _CLES_GRILLE, _CLES_GRILLE, "la grille")
    date_debut = d["date_debut"]
    if isinstance(date_debut, str):
        try:
            date_debut = date.fromisoformat(date_debut)
        except ValueError:
            raise ValueError(f"Date de début de grille invalide : {date_debut!r} (attendu : AAAA-MM-JJ).") from None
    criteres = d["criteres"]
    if isinstance(criteres, (str, Mapping)) or not isinstance(criteres, Iterable):
        raise ValueError("Les critères de la grille doivent être une liste.")
    lus = []
    for rang, brut in enumerate(criteres, start=1):
        if not isinstance(brut, Mapping):
            raise ValueError(f"Le critère n° {rang} de la grille doit être un objet.")
        _cles(brut, _CLES_CRITERE_OBLIGATOIRES, _CLES_CRITERE, f"le critère n° {rang}")
        lus.append(
            CritereGrille(
                code=brut["code"],
                libelle=brut["libelle"],
                famille=brut["famille"],
                points=brut["points"],
                plafond=brut.get("plafond"),
                par_unite=brut.get("par_unite", False),
                unite=brut.get("unite", ""),
            )
        )
    return Grille(version=d["version"], date_debut=date_debut, criteres=tuple(lus))


def _cles(d: Mapping, obligatoires: set[str], permises: set[str], objet: str) -> None:
    manquantes = sorted(obligatoires - d.keys())
    if manquantes:
        raise ValueError(f"Dans {objet}, il manque : {', '.join(manquantes)}.")
    inconnues = sorted(set(d.keys()) - permises, key=str)
    if inconnues:
        raise ValueError(f"Dans {objet}, clé inconnue : {', '.join(map(str, inconnues))}.")
