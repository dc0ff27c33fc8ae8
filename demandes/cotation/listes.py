"""The code lists the cotation reads: priorities (REGLES §6), current housing and reasons of the demand (REGLES §8),
CASA's local criteria.

Copies of demandes/codes.py, which imports Django (this package stays pure); tests/demandes/test_cotation.py checks
they stay equal.
"""

from __future__ import annotations

# REGLES §6: DALO first, then the categories of article L441-1 CCH, encoded by meaning.
PRIORITES_LEGALES: tuple[str, ...] = (
    "DALO",
    "HANDICAP",
    "SORTIE_ACT",
    "MAL_LOGE_DEFAVORISE",
    "HEBERGE_TRANSITION",
    "REPRISE_ACTIVITE",
    "HABITAT_INDIGNE",
    "VIOLENCES_COUPLE",
    "MARIAGE_FORCE",
    "VIOL_AGRESSION_DOMICILE",
    "SORTIE_PROSTITUTION",
    "TRAITE_PROXENETISME",
    "ENFANT_SUROCCUPE_INDECENT",
    "SANS_LOGEMENT",
    "MENACE_EXPULSION",
    "JEUNE_SORTANT_ASE",
)

# REGLES §8: current housing (SNE codes).
LOGEMENTS_ACTUELS: frozenset[str] = frozenset(
    {
        "HLM", "LP", "RS", "RHVS", "RE", "SLHT", "SH", "CDEFCM", "CPE",
        "CP", "LTG", "FONC", "POCC", "CAMCAR", "HOT", "SD", "SQUAT",
    }
)  # fmt: skip
LOGEMENTS_SANS_LOGEMENT: frozenset[str] = frozenset({"SD", "SQUAT", "CAMCAR", "HOT"})
LOGEMENTS_HEBERGE: frozenset[str] = frozenset({"CP", "CPE", "SH", "RS", "SLHT", "CDEFCM", "RHVS", "LTG"})

# REGLES §8: reasons for the request "01" to "23".
MOTIFS: frozenset[str] = frozenset(f"{n:02d}" for n in range(1, 24))
MOTIF_DEMOLITION = "02"
MOTIF_NON_DECENT = "03"
MOTIF_EXPULSION = "05"
MOTIF_VIOLENCES = "06"
MOTIFS_TRAVAIL: frozenset[str] = frozenset({"18", "19"})  # mutation professionnelle, rapprochement du travail

# REGLES §6: local criteria of CASA (its 2021 grid).
CRITERES_LOCAUX: frozenset[str] = frozenset({"CATASTROPHE_NATURELLE", "LOGEMENT_D_ABORD"})
