"""« Ma cotation » and the public grid: the holder's score line by line as the grid gave it, the position it gives
among comparable demands, and the grid in force in plain French (L441-2-6 and L441-2-8 CCH; REGLES §9).

The score and its lines are those the demand stores (Demande.score_cotation, Demande.detail_cotation: the
`ResultatCotation.as_dict()` of demandes/cotation/calcul.py, written at each change of the demand and every night by
demandes.services.cotations_recalculer). The position is counted by one SQL query (`positions`); how it counts is said
in docs/portail.md « Ma cotation »."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from demandes import cotation
from demandes.codes import PRIORITES_SENSIBLES, EtatDemande, Typologie
from demandes.models import Demande
from positionnements.etats import MotifRefus

from .etapes import a_la_commune

# The grid's families (demandes/cotation/grille_defaut.py), as a heading says them.
FAMILLES = {
    "PRIORITE": "Publics prioritaires (DALO et article L441-1 du code de la construction et de l'habitation)",
    "LOGEMENT": "Logement actuel",
    "EFFORT": "Coût du logement",
    "FAMILLE": "Famille",
    "HANDICAP": "Handicap",
    "TRAVAIL": "Travail",
    "ANCIENNETE": "Ancienneté de la demande",
    "LOCAL": "Critères propres au territoire",
    "MALUS": "Refus d'un logement",
}
# Lines the co-applicant does not read one by one (health, violence, exploitation: REGLES §6), as « Ma demande » does
# not show him the applicant's priority criteria: he reads their sum on one line.
CONFIDENTIELS = frozenset({*PRIORITES_SENSIBLES, "VIOLENCES_FAMILIALES", "HANDICAP_MENAGE"})
CONFIDENTIELS_LIBELLE = "Autres critères, que seul le demandeur voit en détail"


def points_en_clair(n: int) -> str:
    """+150 points, 0 point, −30 points (the typographic minus, a no-break space between thousands)."""
    nombre = f"{abs(n):,}".replace(",", cotation.ESPACE_INSECABLE)
    signe = "+" if n > 0 else (cotation.MOINS if n < 0 else "")
    return f"{signe}{nombre}{cotation.ESPACE_INSECABLE}point{'s' if abs(n) > 1 else ''}"


@dataclass(frozen=True)
class Ligne:
    """A line of the score: the criterion in words, its family's heading, how its points were counted ("" for a
    criterion met once), its points."""

    libelle: str
    famille: str
    calcul: str
    points: int

    @property
    def en_clair(self) -> str:
        return points_en_clair(self.points)


@dataclass(frozen=True)
class Cotation:
    """The stored score of a demand: its lines (grid order), their sum, the score (never below 0), the grid."""

    lignes: tuple[Ligne, ...]
    total_brut: int
    score: int
    grille: str

    @property
    def ramenee_a_zero(self) -> bool:
        return self.total_brut < 0


def cotation_de(demande: Demande, *, demandeur_principal: bool) -> Cotation | None:
    """The demand's stored score line by line, None when none is computed. For the co-applicant
    (``demandeur_principal`` False) the confidential lines are summed on one line: the lines still add up."""
    detail = demande.detail_cotation if isinstance(demande.detail_cotation, dict) else {}
    if demande.score_cotation is None or "detail" not in detail:
        return None
    lignes, caches = [], 0
    for brute in detail["detail"]:
        if not demandeur_principal and brute["code"] in CONFIDENTIELS:
            caches += brute["points"]
            continue
        lignes.append(_ligne(brute))
    if caches or (not demandeur_principal and any(b["code"] in CONFIDENTIELS for b in detail["detail"])):
        lignes.append(Ligne(CONFIDENTIELS_LIBELLE, "", "", caches))
    return Cotation(
        tuple(lignes),
        int(detail.get("total_brut", sum(b["points"] for b in detail["detail"]))),
        demande.score_cotation,
        detail.get("grille_version", ""),
    )


def _ligne(brute: dict) -> Ligne:
    """A stored line (calcul.LigneCotation.as_dict): its count said when it is one (units × points, a cap)."""
    libelle = brute["libelle"]
    explication = brute.get("explication", "")
    compte = brute.get("unites", 1) != 1 or brute.get("plafond") is not None
    calcul = explication.removeprefix(f"{libelle} : ") if compte and explication.startswith(libelle) else ""
    return Ligne(libelle, FAMILLES.get(brute.get("famille", ""), brute.get("famille", "")), calcul, brute["points"])


# ------------------------------------------------------------------------------------------------------- the position


@dataclass(frozen=True)
class Position:
    """Where the demand stands among the comparable active demands of a commune (None: the territory) and a typology
    ("": any size): `rang` = 1 + those ranked before it (more points, or as many points and placed before it in the
    candidate search's order: earlier filing date, then the lower local number), `total` the demands counted (the
    holder's included), `egales` those with as many points (the holder's apart), `egales_avant` those of them placed
    before it, `toute_commune` those counted because they accept any commune."""

    commune: str | None
    typologie: str
    rang: int
    total: int
    egales: int
    egales_avant: int
    toute_commune: int

    @property
    def souhait(self) -> str:
        """« un T3 à Antibes », « une chambre », « un logement à Biot » (the commune None: on the territory)."""
        quoi = {"": "un logement", "C": "une chambre"}.get(self.typologie) or f"un {Typologie(self.typologie).label}"
        return f"{quoi} {a_la_commune(self.commune)}" if self.commune else f"{quoi} sur le territoire"

    @property
    def ordinal(self) -> str:
        return "1re" if self.rang == 1 else f"{self.rang}e"


# The one query of the position: the active demands (ACTIVE, QUALIFIEE) wishing each commune asked (by a wish, or
# accepting any commune) — or the whole territory —, counted for each typology asked ('' : any). A demand that names
# no typology accepts any, as one that names no commune but accepts any commune: it is counted for every typology.
# A demand's points are its score (0 when none is computed), and demands of equal points are placed as the candidate
# search places them (positionnements/recherche/requete.py: ORDER BY points DESC, date_depot, numero — numero NULLS
# LAST, PostgreSQL's default), then the lower id among what that order leaves tied.
SQL_POSITIONS = """
WITH d AS MATERIALIZED (
    SELECT id, COALESCE(score_cotation, 0) AS points, date_depot, numero, toute_commune, typologies
    FROM demandes_demande
    WHERE etat IN ('ACTIVE', 'QUALIFIEE')
      AND (%(toutes_tailles)s OR cardinality(typologies) = 0 OR typologies && %(typologies)s::varchar[])
),
lieux AS (
    SELECT s.commune_id, d.* FROM d JOIN demandes_souhaitcommune s ON s.demande_id = d.id
    WHERE s.commune_id = ANY(%(communes)s::int[])
    UNION ALL
    SELECT c.commune_id, d.* FROM d CROSS JOIN unnest(%(communes)s::int[]) AS c(commune_id)
    WHERE d.toute_commune AND NOT EXISTS (
        SELECT 1 FROM demandes_souhaitcommune s WHERE s.demande_id = d.id AND s.commune_id = c.commune_id)
    UNION ALL
    SELECT NULL::int, d.* FROM d WHERE %(territoire)s
)
SELECT l.commune_id, t.typologie,
       count(*),
       count(*) FILTER (WHERE l.points > %(points)s),
       count(*) FILTER (WHERE l.points = %(points)s AND l.id <> %(moi)s),
       count(*) FILTER (WHERE l.points = %(points)s AND (l.date_depot, l.numero IS NULL, COALESCE(l.numero, ''), l.id)
                                                     < (%(depot)s, %(sans_numero)s, %(numero)s, %(moi)s)),
       count(*) FILTER (WHERE l.toute_commune)
FROM lieux l JOIN unnest(%(typologies_ou_toutes)s::varchar[]) AS t(typologie)
     ON t.typologie = '' OR cardinality(l.typologies) = 0 OR t.typologie = ANY(l.typologies)
GROUP BY l.commune_id, t.typologie
"""


def positions(demande: Demande, communes: list[tuple[int, str]]) -> list[Position]:
    """The demand's position for each wished commune (``communes``: (id, name) in the order of the wishes) × each
    wished typology (the demand's order; any size when it names none), or for each typology on the whole territory
    when it names no commune (it accepts any). Empty for a demand that is not active or qualified (it is not ranked).
    One SQL query (SQL_POSITIONS)."""
    if demande.etat not in (EtatDemande.ACTIVE, EtatDemande.QUALIFIEE):
        return []
    typologies = [t for t in Typologie.values if t in demande.typologies]
    parametres = {
        "toutes_tailles": not typologies,
        "typologies": typologies,
        "typologies_ou_toutes": typologies or [""],
        "communes": [pk for pk, _ in communes],
        "territoire": not communes,
        "points": demande.score_cotation or 0,
        "moi": demande.pk,
        "depot": demande.date_depot,
        "sans_numero": not demande.numero,
        "numero": demande.numero or "",
    }
    with connection.cursor() as curseur:
        curseur.execute(SQL_POSITIONS, parametres)
        chiffres = {(c, t): ligne for c, t, *ligne in curseur.fetchall()}
    noms = dict(communes)
    resultat = []
    for commune in [pk for pk, _ in communes] or [None]:
        for typologie in typologies or [""]:
            total, devant, egales, egales_avant, toute = chiffres.get((commune, typologie), (0, 0, 0, 0, 0))
            resultat.append(
                Position(
                    noms.get(commune),
                    typologie,
                    1 + devant + egales_avant,
                    total,
                    egales,
                    egales_avant,
                    toute if commune else 0,
                )
            )
    return resultat


# ----------------------------------------------------------------------------------------------------- the grid


@dataclass(frozen=True)
class Critere:
    """A criterion of the grid as the public page says it: its words and its points in words."""

    libelle: str
    points: str


def grille_en_clair(grille: cotation.Grille) -> list[tuple[str, list[Critere]]]:
    """The grid's criteria by family (headings in words, in the grid's order), each with its points in words:
    « +300 points », « +1 point par mois, 60 points au plus », « 0 point (pris en compte, sans points) »."""
    familles: dict[str, list[Critere]] = {}
    for c in grille.criteres:
        familles.setdefault(FAMILLES.get(c.famille, c.famille), []).append(Critere(c.libelle, _points_du_critere(c)))
    return list(familles.items())


def _points_du_critere(c: cotation.CritereGrille) -> str:
    if not c.par_unite:
        return points_en_clair(c.points) + (" (reconnu, sans points)" if c.points == 0 else "")
    texte = f"{points_en_clair(c.points)} {f'par {c.unite}' if c.unite else 'à chaque fois'}"
    if c.plafond is not None:
        texte += f", {points_en_clair(c.plafond).lstrip('+')} au plus"
    return texte


def refus_non_decomptes() -> list[str]:
    """The refusal reasons that do not lower the score (CASA's setting CASA_REFUS_NON_DECOMPTES), in words."""
    return [MotifRefus(code).label.lower() for code in settings.CASA_REFUS_NON_DECOMPTES if code in MotifRefus.values]
