"""Income ceilings (REGLES §4): a financing's amounts by household category, REGLES' figures with their status, and
the comparison of an income with the ceiling of its category.

The application reads the ceilings in force from a dated table (demandes.reference.baremes_en_vigueur, by zone); the
figures below are REGLES' own, the source of that table's fixture (fixtures/generer_regles.py) and of the tests.
"""

from __future__ import annotations

from dataclasses import dataclass

from .categories import CATEGORIE_MAX
from .texte import en_personnes, euros

FINANCEMENTS = ("PLAI", "PLUS", "PLS")


@dataclass(frozen=True)
class BaremePlafonds:
    """Income ceilings of one financing for one year (REGLES §4), euros per year.

    `montants[0]` is category 1, ..., `montants[5]` category 6; `par_personne_supplementaire` is added for each person
    beyond 6. `statut` is the status REGLES gives the figures ("officiel", "dérivé", "à vérifier").
    """

    financement: str
    annee: int
    montants: tuple[int, int, int, int, int, int]
    par_personne_supplementaire: int
    statut: str = ""

    def __post_init__(self):
        object.__setattr__(self, "montants", tuple(self.montants))
        if self.financement not in FINANCEMENTS:
            raise ValueError(f"Financement inconnu : « {self.financement} » (attendu : {', '.join(FINANCEMENTS)}).")
        if len(self.montants) != CATEGORIE_MAX:
            raise ValueError(
                f"Le barème {self.financement} {self.annee} doit compter 6 montants (catégories 1 à 6), "
                f"il en compte {len(self.montants)}."
            )
        if any(m <= 0 for m in self.montants) or self.par_personne_supplementaire <= 0:
            raise ValueError(f"Le barème {self.financement} {self.annee} contient un montant nul ou négatif.")
        if list(self.montants) != sorted(self.montants):
            raise ValueError(
                f"Les montants du barème {self.financement} {self.annee} doivent croître avec la catégorie."
            )


@dataclass(frozen=True)
class ResultatPlafond:
    """Eligibility to one financing: income compared with the ceiling of the household's category."""

    financement: str
    annee: int
    categorie: int
    personnes_supplementaires: int
    revenu: int
    plafond: int
    eligible: bool
    explication: str


# --------------------------------------------------------------------------------------------------------------------
# Figures of REGLES (source of the fixture and of the tests; the application reads them from a table)
# --------------------------------------------------------------------------------------------------------------------

# REGLES §4, zone "autres régions" (all 24 communes of CASA), euros per year. Status as REGLES states it:
# - PLUS: [officiel];
# - PLS: [dérivé] = PLUS × 1.30, rounded, per the arrêté (checked: every figure below equals round(PLUS × 1.3));
# - PLAI 2024-2026: [dérivé] from 2023 by the rent-index uplift, [à vérifier] against the arrêté of 19 December 2025.
_STATUT_PLUS = "officiel"
_STATUT_PLS = "dérivé (PLUS × 1,30 arrondi)"
_STATUT_PLAI = "dérivé de 2023 par l'IRL, à vérifier (arrêté du 19 décembre 2025)"

_FIGURES_REGLES: dict[int, dict[str, tuple[tuple[int, int, int, int, int, int], int, str]]] = {
    2024: {
        "PLAI": ((12452, 18143, 21818, 24276, 28403, 32008), 3569, _STATUT_PLAI),
        "PLUS": ((22642, 30238, 36362, 43899, 51641, 58200), 6492, _STATUT_PLUS),
        "PLS": ((29435, 39309, 47271, 57069, 67133, 75660), 8440, _STATUT_PLS),
    },
    2025: {
        "PLAI": ((12760, 18591, 22357, 24876, 29105, 32799), 3657, _STATUT_PLAI),
        "PLUS": ((23201, 30984, 37259, 44982, 52915, 59636), 6652, _STATUT_PLUS),
        "PLS": ((30161, 40279, 48437, 58477, 68790, 77527), 8648, _STATUT_PLS),
    },
    2026: {
        "PLAI": ((12871, 18753, 22552, 25092, 29358, 33084), 3689, _STATUT_PLAI),
        "PLUS": ((23403, 31254, 37584, 45374, 53376, 60156), 6710, _STATUT_PLUS),
        "PLS": ((30424, 40630, 48859, 58986, 69389, 78203), 8723, _STATUT_PLS),
    },
}

BAREMES_REGLES: dict[int, dict[str, BaremePlafonds]] = {
    annee: {
        financement: BaremePlafonds(
            financement=financement,
            annee=annee,
            montants=montants,
            par_personne_supplementaire=supplement,
            statut=statut,
        )
        for financement, (montants, supplement, statut) in par_financement.items()
    }
    for annee, par_financement in _FIGURES_REGLES.items()
}


# --------------------------------------------------------------------------------------------------------------------
# Comparison (REGLES §4)
# --------------------------------------------------------------------------------------------------------------------


def plafond(bareme: BaremePlafonds, categorie: int, personnes_supplementaires: int = 0) -> int:
    """Ceiling of a category; beyond 6 persons: category-6 amount + per-person amount × persons beyond 6."""
    if not 1 <= categorie <= CATEGORIE_MAX:
        raise ValueError(f"Catégorie de ménage impossible : {categorie} (attendu : 1 à 6).")
    if personnes_supplementaires < 0:
        raise ValueError("Le nombre de personnes supplémentaires ne peut pas être négatif.")
    if personnes_supplementaires and categorie != CATEGORIE_MAX:
        raise ValueError("Des personnes supplémentaires n'existent qu'en catégorie 6 (au-delà de 6 personnes).")
    return bareme.montants[categorie - 1] + bareme.par_personne_supplementaire * personnes_supplementaires


def eligibilite_financements(
    revenu_fiscal_reference: int,
    baremes: dict[str, BaremePlafonds],
    categorie: int,
    personnes_supplementaires: int = 0,
) -> dict[str, ResultatPlafond]:
    """For each financing of `baremes` (keyed "PLAI", "PLUS", "PLS"): eligible when income ≤ ceiling (REGLES §4)."""
    if revenu_fiscal_reference < 0:
        raise ValueError(f"Le revenu fiscal de référence ne peut pas être négatif ({euros(revenu_fiscal_reference)}).")
    resultats: dict[str, ResultatPlafond] = {}
    for financement, bareme in baremes.items():
        if bareme.financement != financement:
            raise ValueError(f"Le barème rangé sous « {financement} » est celui du {bareme.financement}.")
        montant = plafond(bareme, categorie, personnes_supplementaires)
        eligible = revenu_fiscal_reference <= montant
        contexte = f"{financement} {bareme.annee}, catégorie {categorie}"
        if personnes_supplementaires:
            contexte += f" + {en_personnes(personnes_supplementaires)} supplémentaire"
            contexte += "s" if personnes_supplementaires > 1 else ""
        comparaison = "≤" if eligible else ">"
        verdict = "éligible" if eligible else "non éligible"
        resultats[financement] = ResultatPlafond(
            financement=financement,
            annee=bareme.annee,
            categorie=categorie,
            personnes_supplementaires=personnes_supplementaires,
            revenu=revenu_fiscal_reference,
            plafond=montant,
            eligible=eligible,
            explication=(f"{euros(revenu_fiscal_reference)} {comparaison} {euros(montant)} ({contexte}) : {verdict}"),
        )
    return resultats
