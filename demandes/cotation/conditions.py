"""Conditions: for each criterion code a grid may weigh, how many units of it a situation meets (0 = not met, 1 = met,
n = units of a per-unit criterion such as the months of seniority). A grid naming a code absent from here is refused."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from .listes import (
    LOGEMENTS_HEBERGE,
    LOGEMENTS_SANS_LOGEMENT,
    MOTIF_DEMOLITION,
    MOTIF_EXPULSION,
    MOTIF_NON_DECENT,
    MOTIF_VIOLENCES,
    MOTIFS_TRAVAIL,
    PRIORITES_LEGALES,
)
from .situation import SituationCotation

# REGLES is silent on the effort-rate threshold: 40 % of resources (rent + charges − APL), as the brief asks; a
# constant of the module rather than of the grid because the grid only weighs criteria.
SEUIL_TAUX_EFFORT = Decimal("0.40")


def _priorite(code: str) -> Callable[[SituationCotation], int]:
    """The condition of a legal priority: met when the demand holds that priority code."""

    def condition(situation: SituationCotation) -> int:
        return int(code in situation.priorites)

    condition.__name__ = f"priorite_{code.lower()}"
    return condition


def _taux_effort_eleve(situation: SituationCotation) -> int:
    """Met when the effort rate is known and at least SEUIL_TAUX_EFFORT."""
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
