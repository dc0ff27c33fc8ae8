"""CASA's published resources-quartile thresholds (REGLES §5) for the landlords' occupancy files (programmation, which
may not import demandes): the same figures as demandes.eligibilite.quartiles, whose module imports only the standard
library; a test keeps the two equal (tests/programmation/test_import_occupation.py)."""

from __future__ import annotations

from decimal import Decimal

# REGLES §5 and /work/shared/data/quartiles_ressources_06.csv, "CA de Sophia Antipolis" (SIREN 240600585),
# euros per year per consumption unit. [officiel]
SEUILS_Q1_CASA = {2024: 11520, 2025: 11724, 2026: 12000}
SEUILS_Q2_CASA = {2024: 15756, 2025: 16177, 2026: 16404}
SEUILS_Q3_CASA = {2024: 20628, 2025: 21143, 2026: 21536}


def annee_publiee(annee: int) -> int:
    """The year whose thresholds apply to `annee`: itself when published, else the nearest published one (the
    latest for a year not yet published, the earliest for an older one)."""
    annees = sorted(SEUILS_Q1_CASA)
    return min(max(annee, annees[0]), annees[-1])


def quartile_casa(ressources_uc: Decimal, annee: int) -> int:
    """The resources quartile, 1 to 4, of annual resources per consumption unit (€ per UC per year) against CASA's
    thresholds of `annee` (annee_publiee); each boundary belongs to the lower quartile (REGLES §5). ValueError for
    negative resources."""
    if ressources_uc < 0:
        raise ValueError("des ressources négatives n'ont pas de quartile")
    a = annee_publiee(annee)
    for numero, seuils in enumerate((SEUILS_Q1_CASA, SEUILS_Q2_CASA, SEUILS_Q3_CASA), start=1):
        if ressources_uc <= seuils[a]:
            return numero
    return 4
