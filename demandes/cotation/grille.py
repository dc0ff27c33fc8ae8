"""A cotation grid: its criteria (points, caps, per-unit counting), the checks that make it lawful (REGLES §9: DALO and
every L441-1 public scored), the grid in force on a day, and its JSON round-trip (the Django side stores grids as
versioned rows/JSON, demandes.models.GrilleCotation)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from .conditions import CONDITIONS
from .listes import PRIORITES_LEGALES


def _texte(valeur, nom: str, code: str = "") -> str:
    """A non-empty text, or ValueError naming the field (and the criterion)."""
    if not isinstance(valeur, str) or not valeur.strip():
        origine = f" du critère {code}" if code else ""
        raise ValueError(f"Le champ « {nom} »{origine} doit être un texte non vide.")
    return valeur


def _entier(valeur, nom: str, code: str) -> int:
    """A whole number (a bool is refused), or ValueError naming the field and the criterion."""
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
    """ValueError (French) when a key is missing or unknown: a typo in a stored grid is never silently ignored."""
    manquantes = sorted(obligatoires - d.keys())
    if manquantes:
        raise ValueError(f"Dans {objet}, il manque : {', '.join(manquantes)}.")
    inconnues = sorted(set(d.keys()) - permises, key=str)
    if inconnues:
        raise ValueError(f"Dans {objet}, clé inconnue : {', '.join(map(str, inconnues))}.")
