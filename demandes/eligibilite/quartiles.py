"""Consumption units, resources per unit and the resources quartile (REGLES §5), with CASA's published thresholds."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .menage import Lien, age_au, verifier_menage
from .texte import CENTIME, DIXIEME, en_decimal, euros

# REGLES §5: consumption units (OECD-modified scale as used for the quartiles).
UC_DEMANDEUR = Decimal("1")
UC_14_ANS_ET_PLUS = Decimal("0.5")
UC_MOINS_DE_14_ANS = Decimal("0.3")
AGE_SEUIL_UC = 14

# REGLES §5 and /work/shared/data/quartiles_ressources_06.csv, "CA de Sophia Antipolis" (SIREN 240600585),
# euros per year per consumption unit. [officiel] This module imports only the standard library: the landlords'
# occupancy files read the same figures from commun.quartiles, and a test keeps the two equal
# (tests/programmation/test_import_occupation.py).
SEUILS_Q1_CASA = {2024: 11520, 2025: 11724, 2026: 12000}
SEUILS_Q2_CASA = {2024: 15756, 2025: 16177, 2026: 16404}
SEUILS_Q3_CASA = {2024: 20628, 2025: 21143, 2026: 21536}


def detail_uc(personnes, *, jour: date) -> tuple[int, int, int]:
    """(persons aged 14 or more other than the applicant, persons under 14, expected children not counted)."""
    if not personnes:
        raise ValueError("Impossible de calculer des unités de consommation sur un ménage vide.")
    verifier_menage(personnes, jour=jour)
    grands = petits = a_naitre = 0
    for personne in personnes:
        if personne.lien == Lien.DEMANDEUR:
            continue
        if personne.enfant_a_naitre:
            a_naitre += 1
        elif age_au(personne.date_naissance, jour) >= AGE_SEUIL_UC:
            grands += 1
        else:
            petits += 1
    return grands, petits, a_naitre


def unites_consommation(personnes, *, jour: date) -> Decimal:
    """Consumption units (REGLES §5): 1 for the applicant (the first adult), 0.5 for each other person aged 14 or
    more on `jour`, 0.3 for each person under 14. Returned with one decimal, e.g. Decimal("2.3").

    REGLES is silent on the expected child (§5 and its worked example do not cover it), so nothing in REGLES supports
    counting it as a person under 14: it is NOT counted. The scale (INSEE/OECD-modified) counts the persons who live
    in the household, which an unborn child does not yet; and the quartile compares the resources of the persons
    living there now. (It does count as a person for the category: see Personne.enfant_a_naitre.)
    """
    grands, petits, _ = detail_uc(personnes, jour=jour)
    uc = UC_DEMANDEUR + UC_14_ANS_ET_PLUS * grands + UC_MOINS_DE_14_ANS * petits
    return uc.quantize(DIXIEME, rounding=ROUND_HALF_UP)


def ressources_par_uc(ressources_mensuelles: Decimal, uc: Decimal) -> Decimal:
    """Monthly declared resources (housing benefit already excluded by the caller) × 12 ÷ UC, rounded to the cent
    (ROUND_HALF_UP), REGLES §5."""
    ressources = en_decimal(ressources_mensuelles)
    uc = en_decimal(uc)
    if ressources < 0:
        raise ValueError(f"Les ressources mensuelles ne peuvent pas être négatives ({euros(ressources, 2)}).")
    if uc <= 0:
        raise ValueError("Le nombre d'unités de consommation doit être strictement positif.")
    return (ressources * 12 / uc).quantize(CENTIME, rounding=ROUND_HALF_UP)


def premier_quartile(ressources_par_uc: Decimal, seuil_q1: Decimal) -> bool:
    """First quartile when resources per UC ≤ Q1: the boundary belongs to Q1 (REGLES §5)."""
    return en_decimal(ressources_par_uc) <= en_decimal(seuil_q1)


def quartile(ressources_par_uc: Decimal, q1: Decimal, q2: Decimal, q3: Decimal) -> int:
    """The household's resources quartile, 1 to 4; each boundary belongs to the lower quartile (REGLES §5)."""
    r = en_decimal(ressources_par_uc)
    for numero, seuil in enumerate((q1, q2, q3), start=1):
        if r <= en_decimal(seuil):
            return numero
    return 4
