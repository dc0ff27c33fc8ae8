"""Eligibility of a household for French social housing: category, consumption units, ceilings, first quartile.

A PURE package: standard library only, no Django import (tests/demandes/test_eligibilite.py reads every module of it).
It takes plain values and returns frozen dataclasses, so the Django side feeds it from the database (persons of the
demand, ceilings and thresholds loaded from tables with a validity period) and stores or displays what it returns.
Every rule is the one written in /work/shared/domain/REGLES.md (sections 2, 3, 4, 5); the section is cited next to
the code that encodes it. Where REGLES is silent, the choice made is stated in a comment starting with "REGLES is
silent".

Identifiers are French domain nouns; every sentence meant for a user (the `explication` fields) is in French, with
amounts written the French way: 45 374 € with a no-break space (U+00A0) between thousands and before the € sign.

Modules, by topic:
- `menage`: the persons of a household (links, dependants, ages, the baby of REGLES §10) and what makes one possible;
- `categories`: the household category of the arrêté of 29 July 1987 (REGLES §3);
- `revenus`: the income retained for the ceilings (REGLES §2);
- `plafonds`: the income ceilings by financing and category, REGLES' figures and their status (REGLES §4);
- `quartiles`: consumption units, resources per unit, quartile and CASA's thresholds (REGLES §5);
- `evaluation`: everything together, one French sentence per figure (`evaluer`);
- `texte`: the French formatting of those sentences (the same output as commun.format_fr).

This module re-exports the public API: callers write `from demandes import eligibilite` and `eligibilite.evaluer`.
"""

from __future__ import annotations

from .categories import AGE_CUMULE_MAX_JEUNE_MENAGE, CATEGORIE_MAX, ResultatCategorie, categorie_menage
from .evaluation import Eligibilite, evaluer
from .menage import BEBE_ATTENDU_JUSQU_AU, Lien, Personne, age_au, bebe_jusqu_au
from .plafonds import (
    BAREMES_REGLES,
    FINANCEMENTS,
    BaremePlafonds,
    ResultatPlafond,
    eligibilite_financements,
    plafond,
)
from .quartiles import (
    AGE_SEUIL_UC,
    SEUILS_Q1_CASA,
    SEUILS_Q2_CASA,
    SEUILS_Q3_CASA,
    UC_14_ANS_ET_PLUS,
    UC_DEMANDEUR,
    UC_MOINS_DE_14_ANS,
    premier_quartile,
    quartile,
    ressources_par_uc,
    unites_consommation,
)
from .revenus import BAISSE_MINIMALE_POURCENT, ResultatRevenu, SourceRevenu, revenu_retenu
from .texte import ESPACE_INSECABLE

__all__ = [
    "AGE_CUMULE_MAX_JEUNE_MENAGE",
    "AGE_SEUIL_UC",
    "BAISSE_MINIMALE_POURCENT",
    "BAREMES_REGLES",
    "BEBE_ATTENDU_JUSQU_AU",
    "CATEGORIE_MAX",
    "ESPACE_INSECABLE",
    "FINANCEMENTS",
    "SEUILS_Q1_CASA",
    "SEUILS_Q2_CASA",
    "SEUILS_Q3_CASA",
    "UC_14_ANS_ET_PLUS",
    "UC_DEMANDEUR",
    "UC_MOINS_DE_14_ANS",
    "BaremePlafonds",
    "Eligibilite",
    "Lien",
    "Personne",
    "ResultatCategorie",
    "ResultatPlafond",
    "ResultatRevenu",
    "SourceRevenu",
    "age_au",
    "bebe_jusqu_au",
    "categorie_menage",
    "eligibilite_financements",
    "evaluer",
    "plafond",
    "premier_quartile",
    "quartile",
    "ressources_par_uc",
    "revenu_retenu",
    "unites_consommation",
]
