"""French presentation of figures, for pages, PDFs and exports alike: 29/11/2026, 1 234,56 €, 12,5 %.

Pure functions (no Django import), so that exports and PDFs format exactly as pages do.
The separator between thousands is a no-break space (U+00A0), as French typography and Django's French locale use.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

ESPACE_INSECABLE = "\xa0"


def nombre(valeur, decimales: int = 0) -> str:
    """1234.5 -> '1 234,50' with decimales=2; None -> ''."""
    if valeur is None or valeur == "":
        return ""
    d = Decimal(str(valeur)).quantize(Decimal(1).scaleb(-decimales), rounding=ROUND_HALF_UP)
    signe = "-" if d < 0 else ""
    entier, _, fraction = f"{abs(d):f}".partition(".")
    groupes = []
    while entier:
        groupes.insert(0, entier[-3:])
        entier = entier[:-3]
    texte = ESPACE_INSECABLE.join(groupes) or "0"
    if decimales:
        texte += "," + fraction.ljust(decimales, "0")[:decimales]
    return signe + texte


def euros(valeur, decimales: int = 2) -> str:
    """1234.56 -> '1 234,56 €'."""
    texte = nombre(valeur, decimales)
    return f"{texte}{ESPACE_INSECABLE}€" if texte else ""


def pourcentage(valeur, decimales: int = 1) -> str:
    """0.125 (a share) -> '12,5 %'."""
    if valeur is None or valeur == "":
        return ""
    return f"{nombre(Decimal(str(valeur)) * 100, decimales)}{ESPACE_INSECABLE}%"


def date(valeur: dt.date | dt.datetime | None) -> str:
    """date(2026, 11, 29) -> '29/11/2026'; the year always on four digits (year 1 is '01/01/0001', not '01/01/1')."""
    if valeur is None:
        return ""
    return f"{valeur.day:02d}/{valeur.month:02d}/{valeur.year:04d}"


def compte(n: int, singulier: str, pluriel: str) -> str:
    """`3 baux signés`, `1 bail signé`, `0 bail signé` (in French, 0 and 1 take the singular)."""
    return f"{nombre(n)} {singulier if abs(n) < 2 else pluriel}"


def de_la_residence(nom: str) -> str:
    """« de la résidence Les Pins », or « de la Résidence du Parc » when the name already says it."""
    return f"de la {nom}" if nom.lower().startswith("résidence") else f"de la résidence {nom}"


def de(nom: str) -> str:
    """`de Vallauris`, `d'Erilia`, `d'Antibes`: the preposition elided before a vowel; contracted with a name's own
    article: `du Mas des Caroubiers` (« Le Mas… »), `des Jardins` (« Les Jardins »), `de la Pinède`, `de l'Olivier`."""
    for article, contracte in (("Le ", "du "), ("Les ", "des "), ("La ", "de la "), ("L'", "de l'"), ("L’", "de l’")):
        if nom.startswith(article) and len(nom) > len(article):
            return contracte + nom[len(article) :]
    return f"d'{nom}" if nom[:1].lower() in "aeiouyàâäéèêëîïôöùûü" else f"de {nom}"
