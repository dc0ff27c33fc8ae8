"""The intake for every table partners upload (docs/fichiers.md): `lire_tableau` reads the file, `valeurs` reads
each cell, `Vocabulaire` each coded column, `borner` bounds a report.

Modules: lecture (the table: format, header, rows), texte (encodings and CSV), classeurs (spreadsheets), entetes
(headers and codes as keys, `Colonne`), limites (the bounds), valeurs, vocabulaire, erreurs (a report), modeles
(the templates offered for download)."""

from . import modeles, valeurs  # noqa: E402 - submodules for `from commun.fichiers import valeurs`
from .entetes import Colonne, cle, cle_entete
from .erreurs import ERREURS_GARDEES, borner
from .lecture import Tableau, lire_tableau
from .limites import COLONNES_MAX, LIGNES_MAX, TAILLE_MAX
from .valeurs import ValeurIllisible
from .vocabulaire import Vocabulaire

__all__ = [
    "COLONNES_MAX",
    "ERREURS_GARDEES",
    "LIGNES_MAX",
    "TAILLE_MAX",
    "Colonne",
    "Tableau",
    "ValeurIllisible",
    "borner",
    "modeles",
    "valeurs",
    "Vocabulaire",
    "cle",
    "cle_entete",
    "lire_tableau",
]
