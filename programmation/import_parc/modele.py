"""The template of a stock file offered for download: our header and one example row, as CSV (as Excel writes it in
France) or XLSX (with a sheet of help on each column)."""

from __future__ import annotations

from commun.fichiers import modeles

from .lecture import FINANCEMENTS, NOMS, TYPOLOGIES

EXEMPLE = [
    "RES-001",
    "Les Oliviers",
    "12 avenue des Pins",
    "06004",
    "non",
    "A12",
    "T3",
    "64,5",
    "2",
    "oui",
    "non",
    "PLUS",
    "512,40",
    "85,00",
    "",
    "",
]


def modele_csv() -> bytes:
    """The template file offered for download: header and one example row, as Excel writes it in France."""
    return modeles.modele_csv(NOMS)


def modele_xlsx() -> bytes:
    """The XLSX template: references and the INSEE code typed as text (Excel keeps 06004 as is)."""
    return modeles.modele_xlsx(
        titre="Parc",
        colonnes=NOMS,
        exemples=[EXEMPLE],
        identifiants=("reference_residence", "commune", "numero", "reservataire", "identifiant_rpls"),
        aide=[
            ("commune", "code INSEE (06004) ou nom de la commune"),
            ("typologie", TYPOLOGIES.acceptes() + " ; aussi F3, 3, T1 bis, studio"),
            ("financement", FINANCEMENTS.acceptes() + " ; aussi PLA-I, PLA, HLM/O, PCL, ILN (docs/fichiers.md)"),
            ("etage", "0 ou RDC, 1, 2e, 3ème…"),
            ("en_qpv, ascenseur, accessible_pmr", "oui ou non"),
            ("surface, loyer, charges", "nombres : 64,5 ou 1 012,40"),
            ("reservataire", "identifiant ou SIREN du réservataire (vide : le bailleur)"),
            ("identifiant_rpls", "identifiant du logement au répertoire RPLS, 10 positions (vide : inchangé)"),
        ],
    )
