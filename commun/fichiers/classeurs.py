"""Spreadsheets (XLSX, XLSM, XLSB, XLS, ODS), read by `python-calamine`: an archive checked before it is expanded (a
zip bomb), then every sheet but our templates' others, trimmed, with typed cells."""

from __future__ import annotations

import io
import zipfile

from commun.erreurs import ErreurMetier

from .entetes import cle
from .limites import DECOMPRESSE_MAX, LIGNES_ENTETE, LIGNES_MAX, TAUX_COMPRESSION_MAX, Cellule

FEUILLES_IGNOREES = ("exemple", "valeurs_admises", "aide")  # our templates' other sheets, never read


def verifier_archive(contenu: bytes) -> None:
    """An XLSX or ODS is a zip: refuse it before expanding it if it would grow past the bounds (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as err:
        raise ErreurMetier(
            "Ce fichier est une archive abîmée (XLSX ou ODS incomplet) : enregistrez-le à nouveau depuis le tableur."
        ) from err
    if total > DECOMPRESSE_MAX or total > TAUX_COMPRESSION_MAX * max(len(contenu), 1) + 1024 * 1024:
        raise ErreurMetier(
            f"Ce classeur se décompresse en {total // (1024 * 1024)} Mo : c'est plus que la limite de "
            f"{DECOMPRESSE_MAX // (1024 * 1024)} Mo. Enregistrez seulement la feuille utile, en CSV."
        )


def _nettoyer(valeur: object) -> Cellule:
    if valeur is None:
        return ""
    if isinstance(valeur, str):
        return valeur
    if isinstance(valeur, float) and valeur.is_integer() and abs(valeur) < 1e15:
        return int(valeur)
    return valeur  # int, float, bool, date, datetime, time, timedelta


def feuilles(contenu: bytes, format_: str) -> list[tuple[str, list[list[Cellule]]]]:
    """Every sheet of a workbook (at most 10), each trimmed, as (name, rows)."""
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        classeur = CalamineWorkbook.from_filelike(io.BytesIO(contenu))
    except PasswordError as err:
        raise ErreurMetier("Ce classeur est protégé par un mot de passe : enregistrez-le sans protection.") from err
    except Exception as err:  # noqa: BLE001 - calamine's errors all mean the same for the partner
        raise ErreurMetier(
            f"Ce fichier {format_} ne peut pas être lu : enregistrez-le à nouveau depuis le tableur (XLSX ou CSV)."
        ) from err
    feuilles = []
    for nom in classeur.sheet_names[:10]:
        if cle(nom).startswith(FEUILLES_IGNOREES):
            continue
        try:
            feuille = classeur.get_sheet_by_name(nom)
        except Exception:  # noqa: BLE001, S112 - a chart sheet or a damaged one: the others may hold the table
            continue
        if feuille.height > LIGNES_MAX + LIGNES_ENTETE + 1000:
            raise ErreurMetier(
                f"La feuille « {nom} » a {feuille.height:,} lignes, plus que la limite de {LIGNES_MAX:,} : "
                "découpez-la.".replace(",", " ")
            )
        lignes = [[_nettoyer(v) for v in ligne] for ligne in feuille.to_python(skip_empty_area=False)]
        feuilles.append((nom, lignes))
    if not feuilles:
        raise ErreurMetier(f"Ce fichier {format_} ne contient aucune feuille lisible.")
    return feuilles
