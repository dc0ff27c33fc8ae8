"""The scoring: `calculer` reads a situation with a grid and returns the score with one explained line per criterion
that applies (what the demand stores and the applicant is told)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .conditions import CONDITIONS
from .grille import Grille
from .situation import SituationCotation

ESPACE_INSECABLE = "\u00a0"
MOINS = "\u2212"  # the typographic minus sign of French texts: "−30"
FOIS = "\u00d7"


def _nombre(n: int) -> str:
    """1234 -> '1 234', -30 -> '−30' (no-break space between thousands, typographic minus)."""
    texte = f"{abs(n):,}".replace(",", ESPACE_INSECABLE)
    return f"{MOINS}{texte}" if n < 0 else texte


def _signe(n: int) -> str:
    """+300, −30, 0."""
    return f"+{_nombre(n)}" if n > 0 else _nombre(n)


def _points(n: int) -> str:
    """1 point, 0 point, 300 points, −30 points."""
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
