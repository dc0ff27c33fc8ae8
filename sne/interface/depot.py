"""What an upload holds: one XML file of the SNE, or a ZIP of several (a month of daily transmissions). The ZIP is
checked from its directory before anything is expanded, as commun/fichiers/classeurs.py checks a spreadsheet: at most
MEMBRES_MAX entries, what the XML files expand to within the SNE file bound (settings.CASA_SNE_TAILLE_MAX_MO) and
TAUX_COMPRESSION_MAX times their compressed size (a zip bomb), no encrypted member, no nested archive, no name that
climbs out of the archive (absolute, « .. », a drive letter); then each member is read with that bound, whatever its
directory claims."""

from __future__ import annotations

import io
import re
import zipfile

from commun.fichiers.limites import TAUX_COMPRESSION_MAX

from .lecture import MO, taille_max_octets
from .modele import FichierSNERefuse

ZIP = b"PK\x03\x04"
ZIP_VIDE = b"PK\x05\x06"
MEMBRES_MAX = 400  # entries of a ZIP, folders and ignored files included
MARGE_COMPRESSION = MO  # a small file may compress beyond the ratio: the ratio applies beyond this
NOM_DANGEREUX = re.compile(r"(^[/\\])|(^[A-Za-z]:)|(^|[/\\])\.\.([/\\]|$)")


def fichiers_du_depot(contenu: bytes, *, nom: str) -> list[tuple[str, bytes]]:
    """[(nom, contenu)]: the file itself for an XML, each XML member for a ZIP (in the archive's order, named by
    its path in the archive). Raises FichierSNERefuse (French reason) for a file that is neither, and for a ZIP that
    is damaged, hostile, too big once expanded, or holds no XML."""
    if contenu.startswith((ZIP, ZIP_VIDE)):
        return _membres(contenu, nom)
    if nom.lower().endswith(".zip"):
        raise FichierSNERefuse(f"« {nom} » porte le nom d'une archive ZIP mais n'en est pas une (archive abîmée ?).")
    debut = contenu[:512].lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
    if not debut.startswith(b"<") and not nom.lower().endswith(".xml"):
        raise FichierSNERefuse(f"« {nom} » n'est ni un fichier XML du SNE ni une archive ZIP de tels fichiers.")
    return [(nom, contenu)]


def _ignore(nom: str) -> bool:
    """Folders, files other than XML, and what macOS adds to an archive (__MACOSX/, « ._x.xml »)."""
    base = nom.replace("\\", "/").rsplit("/", 1)[-1]
    return (
        nom.endswith(("/", "\\"))
        or not base.lower().endswith(".xml")
        or nom.startswith("__MACOSX")
        or base.startswith("._")
    )


def _verifier_repertoire(archive: zipfile.ZipFile, taille: int, nom: str) -> list[zipfile.ZipInfo]:
    """The XML members, once the directory shows nothing hostile and nothing too big."""
    infos = archive.infolist()
    if len(infos) > MEMBRES_MAX:
        raise FichierSNERefuse(f"L'archive « {nom} » compte {len(infos)} éléments : la limite est de {MEMBRES_MAX}.")
    vus: set[str] = set()
    for info in infos:
        if NOM_DANGEREUX.search(info.filename) or "\x00" in info.filename:
            raise FichierSNERefuse(
                f"L'archive « {nom} » contient un chemin qui sort de l'archive (« {info.filename[:80]} ») : refusée."
            )
        if info.filename in vus:
            raise FichierSNERefuse(f"L'archive « {nom} » contient deux fois « {info.filename[:80]} » : refusée.")
        vus.add(info.filename)
        if info.flag_bits & 0x1:
            raise FichierSNERefuse(f"L'archive « {nom} » est protégée par un mot de passe : déposez-la sans.")
        if info.filename.lower().endswith(".zip"):
            raise FichierSNERefuse(f"L'archive « {nom} » contient une autre archive ({info.filename[:80]}) : refusée.")
    membres = [i for i in infos if not _ignore(i.filename)]
    if not membres:
        raise FichierSNERefuse(f"L'archive « {nom} » ne contient aucun fichier XML.")
    total = sum(i.file_size for i in membres)
    limite = taille_max_octets()
    if total > limite:
        raise FichierSNERefuse(
            f"L'archive « {nom} » se décompresse en {total // MO} Mo, au-delà de la limite de {limite // MO} Mo. "
            "Déposez ses fichiers en plusieurs fois."
        )
    if total > TAUX_COMPRESSION_MAX * max(taille, 1) + MARGE_COMPRESSION:
        raise FichierSNERefuse(
            f"L'archive « {nom} » se décompresse en {total // MO} Mo, plus de {TAUX_COMPRESSION_MAX} fois sa taille "
            "compressée : une archive ainsi faite est refusée (bombe de décompression possible). Déposez les fichiers "
            "XML eux-mêmes ou une archive ordinaire."
        )
    return membres


def _lire_borne(archive: zipfile.ZipFile, info: zipfile.ZipInfo, reste: int, nom: str) -> bytes:
    """A member's bytes, never more than `reste` whatever its directory entry said."""
    with archive.open(info) as flux:
        donnees = flux.read(reste + 1)
    if len(donnees) > reste:
        raise FichierSNERefuse(f"L'archive « {nom} » se décompresse au-delà de ce qu'elle annonce : refusée.")
    if donnees.startswith(ZIP):
        raise FichierSNERefuse(f"L'archive « {nom} » contient une autre archive ({info.filename[:80]}) : refusée.")
    return donnees


def _membres(contenu: bytes, nom: str) -> list[tuple[str, bytes]]:
    try:
        with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
            membres = _verifier_repertoire(archive, len(contenu), nom)
            reste = sum(i.file_size for i in membres)
            lus = []
            for info in membres:
                donnees = _lire_borne(archive, info, reste, nom)
                reste -= len(donnees)
                lus.append((info.filename, donnees))
            return lus
    except FichierSNERefuse:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError, EOFError) as err:
        raise FichierSNERefuse(
            f"L'archive « {nom} » est abîmée ou d'un format non pris en charge : déposez-la à nouveau, ou ses fichiers "
            "XML un à un."
        ) from err
