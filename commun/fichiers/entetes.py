"""Headers and codes as keys: a column's header is matched without accents, case, punctuation, articles or « N° »
/ « Numéro » differences, through the names (`Colonne`) each import gives."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Colonne:
    """A column an import knows: its key in the rows (`nom`), whether a file must have it, and the other names people
    give it (compared through `cle_entete`, so accents, case, « N° » and articles do not matter)."""

    nom: str
    obligatoire: bool = False
    alias: tuple[str, ...] = ()


ARTICLES = {"de", "du", "des", "la", "le", "les", "l", "d", "a", "au", "aux", "en", "et", "the", "of"}
NUMERO = {"n", "no", "num", "nr", "numero", "number", "nb"}


def cle(texte: object) -> str:
    """A code or a value as a key: no accents, lower case, words joined by `_` (`Numéro de la demande` ->
    `numero_de_la_demande`). Kept for the codes the imports compare."""
    sans = unicodedata.normalize("NFKD", str(texte if texte is not None else "")).encode("ascii", "ignore").decode()
    return "_".join(re.sub(r"[^a-z0-9]+", " ", sans.lower()).split())


def cle_entete(texte: object) -> str:
    """A header as a key: no accents, case or punctuation, articles dropped, every way of writing « numéro » the same
    (`N° du logement`, `Numéro logement`, `no_logement` -> `numero_logement`)."""
    brut = str(texte if texte is not None else "").replace("°", " ").replace("º", " ")
    mots = [("numero" if m in NUMERO else m) for m in cle(brut).split("_") if m]
    return "_".join(m for m in mots if m not in ARTICLES)


def index_colonnes(colonnes: Iterable[Colonne]) -> dict[str, str]:
    """{header key: column name} for every column's name and alias."""
    index: dict[str, str] = {}
    for c in colonnes:
        for nom in (c.nom, *c.alias):
            index.setdefault(cle_entete(nom), c.nom)
    return index
