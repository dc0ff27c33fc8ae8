"""The income retained for the ceilings (REGLES §2): the reference tax income of year N-2, or a recent income when it
is at least 10 % lower and justified."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from enum import StrEnum

from .texte import CENTIME, ESPACE_INSECABLE, euros, nombre

# REGLES §2: the reference tax income is replaced by a recent income only when it is at least 10 % lower.
BAISSE_MINIMALE_POURCENT = 10


class SourceRevenu(StrEnum):
    """Which income `revenu_retenu` kept (REGLES §2)."""

    RFR_N2 = "RFR_N2"
    REVENU_RECENT = "REVENU_RECENT"


@dataclass(frozen=True)
class ResultatRevenu:
    """Income retained for the ceilings (REGLES §2) and which one it is."""

    montant: int
    source: SourceRevenu
    explication: str


def revenu_retenu(rfr_n2: int, revenu_recent: int | None, justifie: bool) -> ResultatRevenu:
    """The reference tax income of year N-2, unless the income of year N-1 or of the last 12 months is at least 10 %
    lower AND justified (a sworn statement is not accepted: the caller passes `justifie=False` for it)."""
    if rfr_n2 < 0:
        raise ValueError(f"Le revenu fiscal de référence N-2 ne peut pas être négatif ({euros(rfr_n2)}).")
    if revenu_recent is not None and revenu_recent < 0:
        raise ValueError(f"Le revenu récent ne peut pas être négatif ({euros(revenu_recent)}).")
    retenu_n2 = f"Revenu fiscal de référence N-2 retenu : {euros(rfr_n2)}"
    if revenu_recent is None:
        return ResultatRevenu(rfr_n2, SourceRevenu.RFR_N2, f"{retenu_n2} (aucun revenu plus récent déclaré).")
    if revenu_recent >= rfr_n2:
        return ResultatRevenu(
            rfr_n2,
            SourceRevenu.RFR_N2,
            f"{retenu_n2} ; le revenu récent ({euros(revenu_recent)}) ne lui est pas inférieur.",
        )
    # Exact integer test of "at least 10 % lower": recent ≤ 90 % of N-2.
    baisse_suffisante = revenu_recent * 100 <= rfr_n2 * (100 - BAISSE_MINIMALE_POURCENT)
    # Shown rounded DOWN so that an insufficient drop (e.g. 9.995 %) never reads "10,00 %".
    baisse = (Decimal(rfr_n2 - revenu_recent) * 100 / Decimal(rfr_n2)).quantize(CENTIME, rounding=ROUND_DOWN)
    texte_baisse = f"{nombre(baisse, 2)}{ESPACE_INSECABLE}%"
    if not baisse_suffisante:
        return ResultatRevenu(
            rfr_n2,
            SourceRevenu.RFR_N2,
            f"{retenu_n2} ; le revenu récent ({euros(revenu_recent)}) n'est inférieur que de {texte_baisse} "
            f"(il faut une baisse d'au moins {BAISSE_MINIMALE_POURCENT}{ESPACE_INSECABLE}%).",
        )
    if not justifie:
        return ResultatRevenu(
            rfr_n2,
            SourceRevenu.RFR_N2,
            f"{retenu_n2} ; le revenu récent ({euros(revenu_recent)}) est inférieur de {texte_baisse} mais la "
            f"baisse n'est pas justifiée (une déclaration sur l'honneur ne suffit pas).",
        )
    return ResultatRevenu(
        revenu_recent,
        SourceRevenu.REVENU_RECENT,
        f"Revenu récent retenu : {euros(revenu_recent)}, inférieur de {texte_baisse} au revenu fiscal de "
        f"référence N-2 ({euros(rfr_n2)}), baisse justifiée par des pièces.",
    )
