"""The templates we hand out: a CSV as Excel writes it in France (`;`, Windows-1252) and an XLSX whose identifier
columns are typed as text, so that a spreadsheet keeps the leading zeros and the 18 digits of a demand number. Both
hold the header only: a template sent back unchanged is refused (« que la ligne des titres ») instead of writing its
example into the real data. The XLSX shows the example on a sheet « Exemple », which the intake never reads."""

from __future__ import annotations

import io
from collections.abc import Sequence

from commun import tableurs

TEXTE = "@"  # Excel's « Texte » number format
LIGNES_FORMATEES = 2000  # rows of the template whose identifier cells are typed as text


def modele_csv(colonnes: Sequence[str]) -> bytes:
    """The header, `;` and CR LF, in Windows-1252 (what Excel opens without asking)."""
    return tableurs.csv_ecrire([], entete=colonnes, encodage="cp1252")


def modele_xlsx(
    *,
    titre: str,
    colonnes: Sequence[str],
    exemples: Sequence[Sequence[object]],
    identifiants: Sequence[str],
    aide: Sequence[tuple[str, str]] = (),
) -> bytes:
    """An XLSX template: a sheet to fill (bold header, every column of `identifiants` typed as text over
    LIGNES_FORMATEES rows and as the column's default), a sheet « Exemple » with the example rows, a sheet « Valeurs
    admises » from `aide`."""
    import openpyxl

    classeur = openpyxl.Workbook()
    _feuille(classeur.active, titre[:31], colonnes, [], identifiants)
    _feuille(classeur.create_sheet("Exemple"), "Exemple", colonnes, exemples, identifiants)
    if aide:
        valeurs = classeur.create_sheet("Valeurs admises")
        tableurs.ajouter(valeurs, ["colonne", "valeurs"])
        for ligne in aide:
            tableurs.ajouter(valeurs, ligne)
        valeurs.column_dimensions["A"].width = 18
        valeurs.column_dimensions["B"].width = 120
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()


def _feuille(feuille, titre: str, colonnes, lignes, identifiants) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    feuille.title = titre
    tableurs.ajouter(feuille, colonnes)
    for cellule in feuille[1]:
        cellule.font = Font(bold=True)
    for ligne in lignes:
        tableurs.ajouter(feuille, [str(v) for v in ligne])
    for position, nom in enumerate(colonnes, start=1):
        lettre = get_column_letter(position)
        feuille.column_dimensions[lettre].width = max(14, len(nom) + 4)
        if nom in identifiants:
            feuille.column_dimensions[lettre].number_format = TEXTE
            for rang in range(2, (LIGNES_FORMATEES if not lignes else len(lignes)) + 2):
                feuille.cell(row=rang, column=position).number_format = TEXTE
    feuille.freeze_panes = "A2"
