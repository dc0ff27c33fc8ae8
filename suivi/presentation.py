"""How the table is laid out, the same in the page, the XLSX and the PDF: groups of indicators, the targets that apply
to each view, and the rates against them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .cibles import Cible, cibles
from .indicateurs import FINANCEMENTS, INDICATEURS, PRIORITES, RADIATIONS, TYPOLOGIES

if TYPE_CHECKING:
    from .sources import Periode

GROUPES: list[tuple[str, list[str]]] = [
    (
        "Attributions",
        [
            "attributions",
            *(f"typologie_{t}" for t in TYPOLOGIES),
            *(f"financement_{f}" for f in FINANCEMENTS),
            "qpv",
            "hors_qpv",
            "contingent_etat",
            "mutations",
            "corrigees",
        ],
    ),
    ("Publics prioritaires", ["dalo", "prioritaires", *(f"priorite_{p}" for p in PRIORITES if p != "DALO")]),
    ("Quartiles de ressources et QPV", ["hors_qpv_q1", "qpv_q234"]),
    (
        "Positionnements",
        ["proposes", "valides", "attribues_cal", "non_attribues", "irrecevables", "refus_candidat", "echecs"],
    ),
    ("Demandes", ["enregistrees", "renouvelees", "radiees", *(f"radiees_{m}" for m in RADIATIONS)]),
]
VUES_LIBELLES = {
    "territoire": "Territoire",
    "bailleur": "Bailleurs",
    "reservataire": "Réservataires",
    "commune": "Communes",
}
CIBLES_PAR_VUE = {
    "territoire": ("q1_hors_qpv", "qpv_q234", "prioritaires", "contingent_etat"),
    "bailleur": ("q1_hors_qpv", "qpv_q234", "contingent_etat"),
    "reservataire": ("prioritaires",),
    "commune": ("q1_hors_qpv", "qpv_q234", "prioritaires"),
}
PERIODES = {"mois": "Mois", "cumul": "Cumul de l'année", "regularisations": "Régularisations"}

MOIS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def nom_du_mois(p: Periode) -> str:
    """« mars 2026 »."""
    return f"{MOIS[p.mois - 1]} {p.annee}"


def libelle(code: str) -> str:
    if code == "delai_moyen":
        return "Délai moyen de la vacance au bail (jours)"
    i = INDICATEURS[code]
    if code.startswith("priorite_"):
        from demandes.codes import CodePriorite

        return f"dont {CodePriorite(code.removeprefix('priorite_')).label}"
    if code.startswith("radiees_"):
        from demandes.codes import MotifRadiation

        return f"dont {MotifRadiation(code.removeprefix('radiees_')).label.lower()}"
    return i.libelle


def titre_de_liste(code: str) -> str:
    """The title of the list behind a figure: its label after its parent's for a line of the table that continues
    another (« Demandes radiées, dont abandon de la demande », « Attributions (baux signés) en QPV »)."""
    titre = libelle(code)
    if code.startswith("radiees_"):
        return f"{libelle('radiees')}, {titre}"
    if code in INDICATEURS and INDICATEURS[code].famille == "attribution" and code != "attributions":
        return f"{libelle('attributions')}{',' if titre.startswith('dont') else ''} {titre}"
    return titre


def motif_de_radiation(code: str) -> str:
    """A radiation's reason said in words (its SNE code when unknown, "" for none)."""
    from demandes.codes import MotifRadiation

    return MotifRadiation(code).label if code in MotifRadiation.values else code or ""


def groupes(vue: str) -> list[tuple[str, list[str]]]:
    """The demands are counted for the territory and each commune (where they were registered) only."""
    return [(titre, codes) for titre, codes in GROUPES if titre != "Demandes" or vue in ("territoire", "commune")]


@dataclass(frozen=True)
class Taux:
    cible: Cible
    numerateur: int
    denominateur: int

    @property
    def valeur(self) -> float | None:
        return self.numerateur / self.denominateur if self.denominateur else None

    @property
    def atteinte(self) -> bool | None:
        return self.cible.atteinte(self.valeur)


def taux(vue: str, bloc: dict) -> list[Taux]:
    tout = cibles()
    return [
        Taux(tout[code], bloc.get(tout[code].numerateur, 0), bloc.get(tout[code].denominateur, 0))
        for code in CIBLES_PAR_VUE[vue]
    ]
