"""Every CSV and XLSX the application writes goes through here, so that no cell becomes a live formula in a
spreadsheet (« CSV injection », OWASP). In a CSV, a text beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return gets a leading apostrophe (a CSV has no types: that is the only way to say « text »). In an XLSX, every text
cell is written with the string type, as it is, so it never becomes a formula and shows no apostrophe (a surname
« -2 » or a telephone « +33… » stays what was typed). Numbers, dates and empty cells are unchanged.
A name typed by a partner (« =HYPERLINK(…) » as an organisation's name, « @SUM(…) » as a reason) stays text in every
export. Used by suivi.exports, territoire.exports, commun.fichiers.modeles and bench.fabrique_cal."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r")


def texte_sur(valeur: object) -> object:
    """The value for a cell: a text that a spreadsheet would read as a formula prefixed with « ' »; others as is."""
    if isinstance(valeur, str) and valeur.startswith(DEBUTS_DE_FORMULE):
        return "'" + valeur
    return valeur


def ligne_sure(valeurs: Iterable[object]) -> list[object]:
    return [texte_sur(v) for v in valeurs]


def ajouter(feuille, valeurs: Iterable[object]) -> None:
    """Appends a row to an openpyxl sheet (normal or write-only), each text cell typed as a string: openpyxl would
    otherwise store a text beginning with « = » as a formula."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    valeurs = list(valeurs)
    if isinstance(feuille, WriteOnlyWorksheet):
        cellules = []
        for valeur in valeurs:
            cellule = WriteOnlyCell(feuille, value=valeur)
            if isinstance(valeur, str):
                cellule.data_type = "s"
            cellules.append(cellule)
        feuille.append(cellules)
        return
    feuille.append(valeurs)
    if valeurs:
        for cellule in feuille[feuille.max_row]:
            if isinstance(cellule.value, str):
                cellule.data_type = "s"  # never a formula, whatever openpyxl guessed


def _cellule_csv(valeur: object) -> object:
    """None empty; a decimal amount with a decimal comma and no grouping (« 1650,50 »: the number a French
    spreadsheet reads, the same figure as the page's « 1 650,50 € »); the rest as is."""
    if valeur is None:
        return ""
    if isinstance(valeur, Decimal):
        return f"{valeur:f}".replace(".", ",")
    if isinstance(valeur, float):
        return f"{valeur:.10g}".replace(".", ",")
    return valeur


def csv_ecrire(
    lignes: Iterable[Sequence[object]], *, entete: Sequence[str] | None = None, encodage: str = "utf-8-sig"
) -> bytes:
    """A CSV as French spreadsheets open it: « ; » between cells, CR LF, quoted when needed, `encodage` (UTF-8 with
    its signature by default; « cp1252 » for the templates partners fill in Excel). None is written empty, a decimal
    number with a decimal comma (« 1650,50 »)."""
    sortie = io.StringIO()
    ecrivain = csv.writer(sortie, delimiter=";", lineterminator="\r\n")
    if entete is not None:
        ecrivain.writerow(ligne_sure(entete))
    for ligne in lignes:
        ecrivain.writerow([_cellule_csv(v) for v in ligne_sure(ligne)])
    return sortie.getvalue().encode(encodage, "replace")
