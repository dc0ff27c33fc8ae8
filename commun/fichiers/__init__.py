"""The intake for every table partners upload (docs/fichiers.md): `lire_tableau` reads the file, `valeurs` reads
each cell, `Vocabulaire` each coded column, `borner` bounds a report."""

from . import modeles, valeurs  # noqa: E402 - submodules for `from commun.fichiers import valeurs`
from .erreurs import ERREURS_GARDEES, borner
from .lecture import COLONNES_MAX, LIGNES_MAX, TAILLE_MAX, Colonne, Tableau, cle, cle_entete, lire_tableau
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
