"""Reading the tables partners upload: CSV (`;` or `,`, UTF-8 with or without BOM, or Windows-1252, as Excel writes
them) or XLSX. Column names are normalised (no accents, lower case, `_` between words); blank rows are skipped.
Used by the stock import, the réservataires' lists and the CAL decisions."""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata

from territoire.exceptions import ErreurMetier

TAILLE_MAX = 5 * 1024 * 1024


def cle(texte: str) -> str:
    """A column name or a code as a key: `Numéro de la demande` -> `numero_de_la_demande`."""
    sans = unicodedata.normalize("NFKD", str(texte or "")).encode("ascii", "ignore").decode()
    return "_".join(sans.strip().lower().replace("-", " ").replace("'", " ").split())


def lire_tableau(
    nom: str, contenu: bytes, *, obligatoires: list[str], alias: dict[str, str] | None = None
) -> list[dict]:
    """The rows of the file as dicts keyed by normalised column names (`alias` renames other spellings), each with its
    line number in the file under the key `_ligne`; ErreurMetier (in French) for an empty, unreadable or too big file,
    or missing columns."""
    if not contenu:
        raise ErreurMetier("Le fichier est vide.")
    if len(contenu) > TAILLE_MAX:
        raise ErreurMetier("Le fichier dépasse 5 Mo : découpez-le.")
    if nom.lower().endswith(".xlsx"):
        import openpyxl

        try:
            classeur = openpyxl.load_workbook(io.BytesIO(contenu), read_only=True, data_only=True)
        except Exception as err:  # noqa: BLE001 - any reading error is the same for the user
            raise ErreurMetier(
                "Ce fichier XLSX ne peut pas être lu : enregistrez-le à nouveau depuis le tableur."
            ) from err
        lignes = [["" if v is None else str(v) for v in ligne] for ligne in classeur.active.iter_rows(values_only=True)]
    else:
        for encodage in ("utf-8-sig", "cp1252"):
            try:
                texte = contenu.decode(encodage)
                break
            except UnicodeDecodeError:
                continue
        premiere = texte.splitlines()[0] if texte.splitlines() else ""
        separateur = ";" if premiere.count(";") >= premiere.count(",") else ","
        lignes = list(csv.reader(io.StringIO(texte), delimiter=separateur))
    numerotees = [(i, ligne) for i, ligne in enumerate(lignes, start=1) if any(c.strip() for c in ligne)]
    if not numerotees:
        raise ErreurMetier("Le fichier est vide.")
    entete = [(alias or {}).get(cle(c), cle(c)) for c in numerotees[0][1]]
    manquantes = [c for c in obligatoires if c not in entete]
    if manquantes:
        raise ErreurMetier(
            f"Colonnes manquantes : {', '.join(manquantes)}. Téléchargez le modèle pour le format attendu."
        )
    return [{**dict(zip(entete, (c.strip() for c in ligne), strict=False)), "_ligne": i} for i, ligne in numerotees[1:]]


def lire_date(texte: str) -> dt.date:
    """A date as partners write it: 25/11/2026, 2026-11-25, or a spreadsheet's date cell; ValueError otherwise."""
    for forme in ("%d/%m/%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d/%m/%y"):
        try:
            return dt.datetime.strptime(str(texte).strip(), forme).date()
        except ValueError:
            continue
    raise ValueError(texte)
