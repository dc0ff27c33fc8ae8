"""Cotation of a demand: points per objective criterion, from a versioned grid defined by the EPCI (REGLES §9).

A PURE package: standard library only, no Django import (tests/demandes/test_cotation.py reads every module of it).
The Django side turns a demand into a `SituationCotation` (plain facts), loads the grid in force (stored as versioned
rows/JSON, see `grille_depuis_dict`), calls `calculer`, and stores `ResultatCotation.score` and
`ResultatCotation.as_dict()["detail"]` on the demand.

Rules encoded (REGLES §9): points per objective criterion and weight set by the EPCI; DALO and every priority public
of article L441-1 CCH must be scored (a grid that leaves one out is refused); local criteria may be added (CASA's 2021
grid: victims of natural disasters, "Logement d'abord"); the score may be lowered after the refusal of an adapted
offer. The score is an aid to decision: the CAL stays sovereign. Where REGLES is silent, the choice made is stated in a
comment starting with "REGLES is silent".

Identifiers are French domain nouns; every sentence meant for a user is in French (the applicant is told his score and
how it was reached: `ResultatCotation.explication()`).

Modules, by topic:
- `listes`: the code lists the grid reads (copies of demandes/codes.py, which imports Django);
- `situation`: the facts of a demand the score reads (`SituationCotation`) and the months of seniority;
- `conditions`: for each criterion code, how many units of it a situation meets;
- `grille`: a grid and its criteria, the grid in force on a day, its JSON round-trip;
- `grille_defaut`: the project's default grid (CASA-2026-1), its weights and why;
- `calcul`: the scoring (`calculer`) and its explained result.

This module re-exports the public API: callers write `from demandes import cotation` and `cotation.calculer`.
"""

from __future__ import annotations

from .calcul import ESPACE_INSECABLE, FOIS, MOINS, LigneCotation, ResultatCotation, calculer
from .conditions import CONDITIONS, SEUIL_TAUX_EFFORT
from .grille import CritereGrille, Grille, grille_depuis_dict, grille_en_vigueur, grille_vers_dict
from .grille_defaut import GRILLE_CASA_DEFAUT
from .listes import (
    CRITERES_LOCAUX,
    LOGEMENTS_ACTUELS,
    LOGEMENTS_HEBERGE,
    LOGEMENTS_SANS_LOGEMENT,
    MOTIF_DEMOLITION,
    MOTIF_EXPULSION,
    MOTIF_NON_DECENT,
    MOTIF_VIOLENCES,
    MOTIFS,
    MOTIFS_TRAVAIL,
    PRIORITES_LEGALES,
)
from .situation import SituationCotation, mois_ecoules

__all__ = [
    "CONDITIONS",
    "CRITERES_LOCAUX",
    "ESPACE_INSECABLE",
    "FOIS",
    "GRILLE_CASA_DEFAUT",
    "LOGEMENTS_ACTUELS",
    "LOGEMENTS_HEBERGE",
    "LOGEMENTS_SANS_LOGEMENT",
    "MOINS",
    "MOTIFS",
    "MOTIFS_TRAVAIL",
    "MOTIF_DEMOLITION",
    "MOTIF_EXPULSION",
    "MOTIF_NON_DECENT",
    "MOTIF_VIOLENCES",
    "PRIORITES_LEGALES",
    "SEUIL_TAUX_EFFORT",
    "CritereGrille",
    "Grille",
    "LigneCotation",
    "ResultatCotation",
    "SituationCotation",
    "calculer",
    "grille_depuis_dict",
    "grille_en_vigueur",
    "grille_vers_dict",
    "mois_ecoules",
]
