"""Coded columns: each accepts our codes, their labels, the legal wording and the usual variants, read from one table
per column kept as data (`<app>/vocabulaires/<colonne>.csv`: `code;variante`, one variant a line, `#` comments) next
to the code list it feeds. Values are compared through `cle()` (no accents, case or punctuation). An unknown value is
refused with the list of accepted ones."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path

from .entetes import cle
from .valeurs import ValeurIllisible, texte


class Vocabulaire:
    """`choix`: the code list as (code, label) pairs (a TextChoices' `.choices`); `chemin`: the variants' table."""

    def __init__(self, nom: str, chemin: Path, choix: Iterable[tuple[str, str]], *, inconnu: str = "inconnu"):
        self.nom = nom
        self.inconnu = inconnu
        self.chemin = chemin
        self.choix = list(choix)

    @cached_property
    def variantes(self) -> dict[str, list[str]]:
        """{code: [variants as written in the table]} (the documentation lists them)."""
        codes = {code for code, _ in self.choix}
        resultat: dict[str, list[str]] = {code: [] for code in codes}
        with self.chemin.open(encoding="utf-8", newline="") as fichier:
            for numero, ligne in enumerate(csv.reader(fichier, delimiter=";"), start=1):
                if not ligne or ligne[0].startswith("#") or numero == 1:
                    continue
                code, variante = ligne[0].strip(), ligne[1].strip()
                if code not in codes:
                    raise ValueError(f"{self.chemin.name}, ligne {numero} : code {code!r} hors de la liste")
                resultat[code].append(variante)
        return resultat

    @cached_property
    def index(self) -> dict[str, str]:
        index: dict[str, str] = {}
        for code, libelle in self.choix:
            index[cle(code)] = code
            index[cle(libelle)] = code
        for code, variantes in self.variantes.items():
            for v in variantes:
                existant = index.setdefault(cle(v), code)
                if existant != code:
                    raise ValueError(f"{self.chemin.name} : « {v} » désigne à la fois {existant} et {code}")
        return index

    def libelle(self, code: str) -> str:
        return dict(self.choix).get(code, code)

    def acceptes(self) -> str:
        return ", ".join(libelle for _, libelle in self.choix)

    def trouver(self, valeur: object) -> str | None:
        """The code of a value, or None."""
        return self.index.get(cle(texte(valeur)))

    def code(self, valeur: object) -> str:
        """The code of a value; ValeurIllisible, listing the accepted values, for an unknown one."""
        code = self.trouver(valeur)
        if code is None:
            raise ValeurIllisible(
                f"{self.nom} « {texte(valeur)} » {self.inconnu} (valeurs admises : {self.acceptes()})"
            )
        return code
