"""Reading a stock file: our column names with the other names landlords' files give them, the vocabularies of the
coded columns (typology, financing), and the rows of a file keyed by our names (commun.fichiers)."""

from __future__ import annotations

from pathlib import Path

from commun.fichiers import Colonne, Vocabulaire, lire_tableau

from ..models import FinancementLogement, Typologie

COLONNES = [
    Colonne(
        "reference_residence",
        True,
        (
            "code résidence",
            "référence de la résidence",
            "réf résidence",
            "code programme",
            "code immeuble",
            "code groupe",
            "identifiant résidence",
            "résidence",
        ),
    ),
    Colonne("nom_residence", True, ("nom", "nom résidence", "nom de la résidence", "nom programme", "nom groupe")),
    Colonne("adresse", True, ("adresse du logement", "adresse postale", "voie", "adresse résidence")),
    Colonne("commune", True, ("code INSEE", "code commune", "INSEE", "ville", "DEPCOM", "commune INSEE")),
    Colonne("en_qpv", False, ("QPV", "quartier prioritaire", "en quartier prioritaire", "dans un QPV")),
    Colonne(
        "numero",
        True,
        (
            "numéro du logement",
            "numéro logement",
            "logement",
            "référence logement",
            "réf logement",
            "code logement",
            "identifiant logement",
            "n° de lot",
        ),
    ),
    Colonne("typologie", True, ("type", "type de logement", "typologie du logement", "nombre de pièces", "NBPIECE")),
    Colonne("surface", True, ("surface habitable", "SH", "surface m²", "surface en m²", "SURFHAB")),
    Colonne("etage", True, ("niveau", "étage du logement", "ETAGE")),
    Colonne("ascenseur", False, ("présence d'un ascenseur", "avec ascenseur")),
    Colonne("accessible_pmr", False, ("PMR", "accessible", "accessibilité PMR", "adapté PMR", "logement PMR")),
    Colonne("financement", True, ("financement initial", "mode de financement", "FINAN", "type de financement")),
    Colonne("loyer", True, ("loyer principal", "loyer hors charges", "loyer HC", "loyer mensuel", "LOYERPRINC")),
    Colonne("charges", False, ("provisions pour charges", "charges locatives", "charges mensuelles")),
    Colonne("reservataire", False, ("contingent", "réservataire du logement", "SIREN réservataire")),
    Colonne(
        "identifiant_rpls",
        False,
        (
            "RPLS",
            "identifiant RPLS",
            "n° RPLS",
            "code RPLS",
            "ID RPLS",
            "identifiant RPLS du logement",
            "identifiant du logement au répertoire",
        ),
    ),
]
OBLIGATOIRES = [c.nom for c in COLONNES if c.obligatoire]
NOMS = [c.nom for c in COLONNES]
VOCABULAIRES = Path(__file__).resolve().parent.parent / "vocabulaires"
TYPOLOGIES = Vocabulaire("typologie :", VOCABULAIRES / "typologie.csv", Typologie.choices, inconnu="inconnue")
FINANCEMENTS = Vocabulaire("financement :", VOCABULAIRES / "financement.csv", FinancementLogement.choices)


def lire(nom: str, contenu: bytes) -> list[dict]:
    """Rows of the file as dicts keyed by our column names (commun.fichiers); ErreurMetier for an unreadable
    file."""
    return lire_tableau(nom, contenu, colonnes=COLONNES).lignes
