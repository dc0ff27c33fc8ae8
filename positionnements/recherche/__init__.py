"""The candidate search for a dwelling to fill: one hand-written SQL query filters and ranks the demands (every rule of
positionnements.regles that a row decides) and counts them, then the pure rules examine the first ones again to say
every criterion met, with its figures. The two encodings must agree:
tests/positionnements/test_positionnements_recherche.py checks it, demand by demand, on the demo.

Figures of the day: the income ceilings in force today for the dwelling's financing, the yearly first-quartile quota of
the dwelling's landlord outside the QPV (REGLES §7: at least 25 % of its attributions).

The package's public API, re-exported here (callers write `recherche.chercher(...)`): what the search reads
(entrees: Options, parametres and regles_du_logement (the dwelling's landlord's rules of a day), logement_regles,
candidat, quota_q1_en_retard, ETATS_CANDIDATS), the search and its
answers (candidats: chercher, pourquoi, Resultat, Ligne, Pourquoi). The SQL itself is recherche.requete.
"""

from .candidats import Ligne, Pourquoi, Resultat, chercher, pourquoi
from .entrees import (
    ETATS_CANDIDATS,
    Options,
    candidat,
    logement_regles,
    parametres,
    quota_q1_en_retard,
    regles_du_logement,
)

__all__ = [
    "ETATS_CANDIDATS",
    "Ligne",
    "Options",
    "Pourquoi",
    "Resultat",
    "candidat",
    "chercher",
    "logement_regles",
    "parametres",
    "pourquoi",
    "quota_q1_en_retard",
    "regles_du_logement",
]
