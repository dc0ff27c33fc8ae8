"""The templates we hand out: a CSV as Excel writes it in France (`;`, Windows-1252) and an XLSX whose identifier
columns are typed as text, so that a spreadsheet keeps the leading zeros and the 18 digits of a demand number."""

from __future__ import annotations

import io
from collections.abc import Sequence

TEXTE = "@"  # Excel's « Texte » number format
LIGNES_FORMATEES = 2000  # rows of the template whose identifier cells are typed as text


def modele_csv(colonnes: Sequence[str], exemples: Sequence[Sequence[str]]) -> bytes:
    """Header and example rows, `;` and CR LF, in Windows-1252 (what Excel opens without asking)."""
    lignes = [colonnes, *exemples]
    return ("\r\n".join(";".join(str(c) for c in li) for li in lignes) + "\r\n").encode("cp1252", "replace")


def modele_xlsx(
    *,
    titre: str,
    colonnes: Sequence[str],
    exemples: Sequence[Sequence[object]],
    identifiants: Sequence[str],
    aide: Sequence[tuple[str, str]] = (),
) -> bytes:
    """An XLSX template: bold header, the example rows, every column of `identifiants` typed as text over
    LIGNES_FORMATEES rows (and as the column's default), a second sheet « Valeurs admises » from `aide`."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    classeur = openpyxl.Workbook()
    feuille = classeur.active
    feuille.title = titre[:31]
    feuille.append(list(colonnes))
    for cellule in feuille[1]:
        cellule.font = Font(bold=True)
    for ligne in exemples:
        feuille.append(list(ligne))
    for position, nom in enumerate(colonnes, start=1):
        lettre = get_column_letter(position)
        feuille.column_dimensions[lettre].width = max(14, len(nom) + 4)
        if nom in identifiants:
            feuille.column_dimensions[lettre].number_format = TEXTE
            for rang in range(2, LIGNES_FORMATEES + 2):
                cellule = feuille.cell(row=rang, column=position)
                cellule.number_format = TEXTE
                if cellule.value is not None:
                    cellule.value = str(cellule.value)
    feuille.freeze_panes = "A2"
    if aide:
        valeurs = classeur.create_sheet("Valeurs admises")
        valeurs.append(["colonne", "valeurs"])
        for ligne in aide:
            valeurs.append(list(ligne))
        valeurs.column_dimensions["A"].width = 18
        valeurs.column_dimensions["B"].width = 120
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()
