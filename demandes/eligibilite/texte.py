"""French formatting of the eligibility sentences: numbers, euros, counts of persons, dates, JSON amounts.

Kept inside the package so that it stays pure (standard library only); the same output as commun.format_fr
(tests/commun/test_format_fr.py compares them).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

ESPACE_INSECABLE = "\u00a0"

CENTIME = Decimal("0.01")
DIXIEME = Decimal("0.1")


def en_decimal(valeur) -> Decimal:
    """A Decimal from an int, a str, a Decimal or a float (a float through its shortest text: 0.1 -> '0.1')."""
    if isinstance(valeur, Decimal):
        return valeur
    if isinstance(valeur, float):
        return Decimal(str(valeur))
    return Decimal(valeur)


def nombre(valeur, decimales: int = 0) -> str:
    """12000.5 with decimales=2 -> '12 000,50' (no-break space between thousands, decimal comma, ROUND_HALF_UP)."""
    d = en_decimal(valeur).quantize(Decimal(1).scaleb(-decimales), rounding=ROUND_HALF_UP)
    texte = f"{abs(d):,.{decimales}f}".replace(",", ESPACE_INSECABLE).replace(".", ",")
    return ("-" if d < 0 else "") + texte


def euros(valeur, decimales: int = 0) -> str:
    """45374 -> '45 374 €'; Decimal('12000') with decimales=2 -> '12 000,00 €' (no-break spaces)."""
    return f"{nombre(valeur, decimales)}{ESPACE_INSECABLE}€"


def en_personnes(n: int) -> str:
    """1 -> '1 personne', 3 -> '3 personnes'."""
    return f"{n} personne" if n == 1 else f"{n} personnes"


def date_fr(jour: date) -> str:
    """A date as 15/03/2026."""
    return jour.strftime("%d/%m/%Y")


def centimes_json(valeur: Decimal) -> float:
    """An amount with cents, always a float rounded to 2 decimals (a stable JSON type whatever the value)."""
    return float(en_decimal(valeur).quantize(CENTIME, rounding=ROUND_HALF_UP))


def montant_json(valeur: Decimal) -> int | float:
    """A threshold: int when it is whole euros (as the published thresholds are), else a float with cents."""
    valeur = en_decimal(valeur)
    if valeur == valeur.to_integral_value():
        return int(valeur)
    return float(valeur.quantize(CENTIME, rounding=ROUND_HALF_UP))
