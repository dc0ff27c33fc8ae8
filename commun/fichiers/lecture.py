"""The intake for tables: every file a partner uploads (CAL decisions, a landlord's stock, a réservataire's list, and
the imports to come) is read here, into rows keyed by our column names, or refused with a French reason. Nothing else
ever comes out: a library's exception, a bug included, becomes an ErreurMetier (the hypothesis test holds us to it).

What it accepts (docs/fichiers.md):
- CSV and text: UTF-8/UTF-16/UTF-32 with their BOM, otherwise UTF-8, Windows-1252, Mac Roman, MS-DOS cp850 or
  ISO-8859-1 as `charset-normalizer` detects them (ranked by how French the accented letters look); separator `;`,
  `,`, tab or `|` sniffed by the standard library's `csv.Sniffer`; any line end (CR LF, LF, CR alone).
- Spreadsheets: XLSX, XLSM, XLSB, XLS and ODS, recognised by their content (not their name), read by `python-calamine`;
  cells typed as dates or numbers come as `datetime.date`/`datetime.datetime`/`int`/`float`; the sheet whose header
  matches best is taken.
- The header row is the one among the first 20 that names the most known columns (titles above it are skipped);
  headers are matched without accents, case, punctuation, articles or « N° »/« Numéro » differences, through the
  aliases each import gives; trailing empty rows and columns are ignored.

Limits, checked before reading as far as the format allows: 20 Mo, 50 000 rows, 200 columns, an archive (XLSX, ODS)
that would expand past 200 Mo or more than 100 times its size.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from commun.erreurs import ErreurMetier

from .classeurs import feuilles, verifier_archive
from .entetes import Colonne, cle_entete, index_colonnes
from .limites import COLONNES_MAX, LIGNES_ENTETE, LIGNES_MAX, TAILLE_MAX, Cellule
from .texte import lignes_csv

journal = logging.getLogger(__name__)

SIGNATURES = {  # files that are no table at all, told by their first bytes
    b"\x89PNG": "une image PNG",
    b"\xff\xd8\xff": "une image JPEG",
    b"GIF8": "une image GIF",
    b"%PDF": "un document PDF",
    b"{\\rtf": "un document RTF",
}
ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # XLS (and any old Office file, or an encrypted XLSX)


@dataclass
class Tableau:
    """What the intake read: `lignes`, one dict per data row keyed by column name (`str` from a text file; typed
    cells from a spreadsheet; unknown columns kept under their normalised header), each with its line number in the
    file under `_ligne`; `notes` (French) tell the partner what was understood (encoding, header line, sheet)."""

    lignes: list[dict]
    colonnes: list[str]
    ligne_entete: int
    format: str
    notes: list[str] = field(default_factory=list)
    entetes: dict[str, str] = field(default_factory=dict)  # {known column: its header as the file writes it}


# ---------------------------------------------------------------------------------------------------- the table


def _vide(c: Cellule) -> bool:
    return (isinstance(c, str) and not c.strip()) or c is None


def _rogner(lignes: list[list[Cellule]]) -> list[tuple[int, list[Cellule]]]:
    """Numbered non-empty rows, trailing empty cells cut."""
    resultat = []
    for numero, ligne in enumerate(lignes, start=1):
        fin = len(ligne)
        while fin and _vide(ligne[fin - 1]):
            fin -= 1
        if fin:
            resultat.append((numero, list(ligne[:fin])))
    return resultat


def _entete(numerotees: list[tuple[int, list[Cellule]]], index: Mapping[str, str]) -> tuple[int, int]:
    """(position in `numerotees`, score) of the row naming the most known columns among the first rows."""
    meilleur, score_max = 0, -1
    for position, (_, ligne) in enumerate(numerotees[:LIGNES_ENTETE]):
        score = len({index[k] for k in (cle_entete(c) for c in ligne if isinstance(c, str)) if k in index})
        if score > score_max:
            meilleur, score_max = position, score
    return meilleur, score_max


def detecter_format(nom: str, contenu: bytes) -> str:
    """« XLSX », « ODS », « XLS » or « CSV », from the content first (a renamed file is read for what it is)."""
    if contenu.startswith(ZIP):
        try:
            with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
                noms = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError, EOFError):
            return "XLSX"
        if "mimetype" in noms or "content.xml" in noms:
            return "ODS"
        if any(n.endswith(".bin") and n.startswith("xl/") for n in noms) and "xl/workbook.bin" in noms:
            return "XLSB"
        return "XLSX"
    if contenu.startswith(OLE):
        return "XLS"
    return "CSV"


def lire_tableau(nom: str, contenu: bytes, *, colonnes: Sequence[Colonne]) -> Tableau:
    """Reads an uploaded table (see the module's doc). `colonnes`: what the import knows. Returns a Tableau whose rows
    have every known column present (missing optional ones as ""). Raises ErreurMetier, in French, for an empty,
    too big or unreadable file, or one whose header lacks a required column; never another exception."""
    try:
        return _lire(nom, contenu, colonnes)
    except ErreurMetier:
        raise
    except Exception as err:  # a library's or our own fault: the partner gets a reason, we get the trace
        journal.exception("Lecture d'un fichier impossible (%s, %d octets)", type(err).__name__, len(contenu))
        raise ErreurMetier(
            "Ce fichier ne peut pas être lu. Enregistrez-le à nouveau depuis le tableur (XLSX, ou CSV UTF-8) ; si "
            "l'erreur demeure, transmettez-le à la CASA."
        ) from err


def _lire(nom: str, contenu: bytes, colonnes: Sequence[Colonne]) -> Tableau:
    """The steps of `lire_tableau`: refuse what is no table, read the rows of the format, take the sheet and the row
    of the best header, check the header, then key each data row by column."""
    _refuser_avant_lecture(contenu)
    format_ = detecter_format(nom, contenu)
    notes: list[str] = []
    index = index_colonnes(colonnes)
    candidates = _candidates(contenu, format_, notes)
    feuille, numerotees, position = _meilleure_feuille(candidates, index)
    if not numerotees:
        raise ErreurMetier("Le fichier est vide.")
    if len(candidates) > 1 and feuille:
        notes.append(f"Feuille lue : « {feuille} ».")
    ligne_entete, entete_brute = numerotees[position]
    if position:
        notes.append(f"En-tête trouvé ligne {ligne_entete} (les lignes de titre au-dessus sont ignorées).")
    entete = _entete_verifiee(entete_brute, ligne_entete, index, colonnes)
    donnees = _donnees(numerotees[position + 1 :], ligne_entete)
    connues = [c.nom for c in colonnes]
    entetes = {nom: str(brut).strip() for nom, brut in zip(entete, entete_brute, strict=False) if nom in connues}
    return Tableau(
        lignes=_lignes(donnees, entete, connues),
        colonnes=entete,
        ligne_entete=ligne_entete,
        format=format_,
        notes=notes,
        entetes=entetes,
    )


def _refuser_avant_lecture(contenu: bytes) -> None:
    """An empty file, one over the size limit, or one that is no table at all (an image, a PDF) is refused before
    anything is read."""
    if not contenu:
        raise ErreurMetier("Le fichier est vide.")
    if len(contenu) > TAILLE_MAX:
        raise ErreurMetier(
            f"Le fichier fait {len(contenu) / 1024 / 1024:.1f} Mo : la limite est de {TAILLE_MAX // 1024 // 1024} Mo. "
            "Découpez-le.".replace(".", ",", 1)
        )
    for signature, nature in SIGNATURES.items():
        if contenu.startswith(signature):
            raise ErreurMetier(
                f"Ce fichier est {nature}, pas un tableau : déposez le tableau lui-même (XLSX, XLS, ODS ou CSV)."
            )


def _candidates(contenu: bytes, format_: str, notes: list[str]) -> list[tuple[str, list[list[Cellule]]]]:
    """(sheet name, rows) of each sheet that may hold the table: the text of a CSV (no name), every sheet of a
    workbook (an archive checked before it is expanded)."""
    if format_ == "CSV":
        return [("", lignes_csv(contenu, notes))]
    if format_ in ("XLSX", "ODS", "XLSB"):
        verifier_archive(contenu)
    return feuilles(contenu, format_)


def _meilleure_feuille(
    candidates: list[tuple[str, list[list[Cellule]]]], index: Mapping[str, str]
) -> tuple[str, list[tuple[int, list[Cellule]]], int]:
    """(sheet name, its numbered non-empty rows, position of its header among them) of the sheet (or the only text)
    whose header names the most known columns; the first one on a tie."""
    choix = None
    for feuille, lignes in candidates:
        numerotees = _rogner(lignes)
        position, score = _entete(numerotees, index) if numerotees else (0, -1)
        if choix is None or score > choix[3]:
            choix = (feuille, numerotees, position, score)
    feuille, numerotees, position, _ = choix
    return feuille, numerotees, position


def _entete_verifiee(
    entete_brute: list[Cellule], ligne_entete: int, index: Mapping[str, str], colonnes: Sequence[Colonne]
) -> list[str]:
    """The header as column names (a known column under its name, another under its header's key, an empty one as
    « colonne_<n> »); refused when it is too wide, names a known column twice or lacks a required one."""
    if len(entete_brute) > COLONNES_MAX:
        raise ErreurMetier(f"Le fichier a {len(entete_brute)} colonnes : la limite est de {COLONNES_MAX}.")
    entete = []
    for i, c in enumerate(entete_brute):
        k = cle_entete(c)
        entete.append(index.get(k, k or f"colonne_{i + 1}"))
    doublons = sorted({c for c in entete if entete.count(c) > 1 and c in {col.nom for col in colonnes}})
    if doublons:
        raise ErreurMetier(
            f"La colonne {', '.join(doublons)} figure deux fois dans l'en-tête (ligne {ligne_entete}) : gardez-en une."
        )
    manquantes = [c.nom for c in colonnes if c.obligatoire and c.nom not in entete]
    if manquantes:
        lues = ", ".join(f"« {str(c).strip()} »" for c in entete_brute[:12] if str(c).strip())
        lues += ", …" if len(entete_brute) > 12 else ""
        raise ErreurMetier(
            f"Colonnes manquantes : {', '.join(manquantes)}. L'en-tête lu (ligne {ligne_entete}) : {lues or 'vide'}. "
            "Téléchargez le modèle pour le format attendu."
        )
    return entete


def _donnees(donnees: list[tuple[int, list[Cellule]]], ligne_entete: int) -> list[tuple[int, list[Cellule]]]:
    """The numbered rows under the header; refused when there are none or too many."""
    if not donnees:
        raise ErreurMetier(
            f"Le fichier ne contient que la ligne des titres (ligne {ligne_entete}) : aucune ligne à lire."
        )
    if len(donnees) > LIGNES_MAX:
        raise ErreurMetier(
            f"Le fichier a {len(donnees):,} lignes : la limite est de {LIGNES_MAX:,}. Découpez-le.".replace(",", " ")
        )
    return donnees


def _lignes(donnees: list[tuple[int, list[Cellule]]], entete: list[str], connues: list[str]) -> list[dict]:
    """Each data row keyed by column name (every known column present, "" when missing; text stripped), with its
    line number under `_ligne`; a row wider than the limit is refused."""
    lignes = []
    for numero, ligne in donnees:
        if len(ligne) > COLONNES_MAX:
            raise ErreurMetier(f"La ligne {numero} a {len(ligne)} cellules : la limite est de {COLONNES_MAX}.")
        valeurs = dict.fromkeys(connues, "")
        for k, v in zip(entete, ligne, strict=False):
            valeurs[k] = v.strip() if isinstance(v, str) else v
        valeurs["_ligne"] = numero
        lignes.append(valeurs)
    return lignes
