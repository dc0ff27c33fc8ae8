"""The glossary: its entries are data (glossaire.toml, beside this module, read once at start), sorted here in
alphabetical order without accents; `TERMES` finds an entry by its anchor, `lettres` gives the index."""

from __future__ import annotations

import tomllib
import unicodedata
from pathlib import Path

from .modeles import Terme

FICHIER = Path(__file__).with_name("glossaire.toml")


def _cle_tri(texte: str) -> str:
    return unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode().lower()


def _charger() -> list[Terme]:
    """The entries of glossaire.toml, in the file's order; KeyError on an entry without anchor, term or
    definition."""
    with FICHIER.open("rb") as f:
        donnees = tomllib.load(f)
    return [Terme(t["ancre"], t["terme"], t["definition"], tuple(t.get("voir", ()))) for t in donnees["terme"]]


GLOSSAIRE: list[Terme] = sorted(_charger(), key=lambda t: _cle_tri(t.terme))
TERMES = {t.ancre: t for t in GLOSSAIRE}


def lettres() -> list[tuple[str, str]]:
    """(letter, anchor of its first entry) in alphabetical order, for the glossary's index."""
    vues: dict[str, str] = {}
    for t in GLOSSAIRE:
        vues.setdefault(_cle_tri(t.terme)[0].upper(), t.ancre)
    return list(vues.items())
