"""How the day's file reaches the SNE: a transport behind one small interface (`Transport`: a name, and `deposer`
which hands over a named file and says where it went, or raises). The one transport today is `TransportDossier`:
it writes the file into the folder CASA_SNE_DOSSIER_ENVOIS, which the exchange with the SNE picks up (a shared folder,
an SFTP client run by the operator). The class in use is named by CASA_SNE_TRANSPORT (docs/reglages.md).

A transport over HTTP (the SNE's web services, with CASA's certificate) is for later: it will be another class with
the same two members; none is written yet."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from commun.erreurs import ErreurMetier

# The system's reasons a folder refuses a file, in French (OSError.strerror is the C library's English).
RAISONS_SYSTEME = {
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération non permise",
    errno.ENOSPC: "plus de place sur le disque",
    errno.EDQUOT: "quota du disque dépassé",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.EISDIR: "c'est un dossier",
    errno.ENAMETOOLONG: "chemin trop long",
}


def raison_systeme(err: OSError) -> str:
    """Why the system refused, in French (« permission refusée »), the error's code when it is not one of ours."""
    return RAISONS_SYSTEME.get(err.errno, f"erreur du système {errno.errorcode.get(err.errno, err.errno)}")


class Transport(Protocol):
    """What the outbox needs of a transport. `depuis_reglages()` builds it from the settings."""

    nom: str

    def deposer(self, nom: str, contenu: bytes) -> str:
        """Hands over the file `nom`; returns where it went (a path, an address). Raises ErreurMetier (French) when
        it cannot: the caller's transaction is then rolled back, nothing is marked sent."""
        ...


class TransportDossier:
    """Writes each file into a folder (created if missing), atomically: a temporary file in the same folder renamed
    to its name, so that whoever picks the folder up never reads half a file. Never overwrites a file."""

    nom = "dossier"

    def __init__(self, dossier: str | Path):
        self.dossier = Path(dossier)

    @classmethod
    def depuis_reglages(cls) -> TransportDossier:
        return cls(settings.CASA_SNE_DOSSIER_ENVOIS)

    def deposer(self, nom: str, contenu: bytes) -> str:
        if Path(nom).name != nom or nom.startswith("."):
            raise ErreurMetier(f"Nom de fichier refusé : « {nom} ».")
        cible = self.dossier / nom
        try:
            self.dossier.mkdir(parents=True, exist_ok=True)
            if cible.exists():
                raise ErreurMetier(f"Le fichier {cible} existe déjà : il n'est pas remplacé.")
            self._ecrire(cible, contenu)
        except OSError as err:
            raise ErreurMetier(
                f"Le dossier d'envoi {self.dossier} n'accepte pas le fichier : {raison_systeme(err)}."
            ) from err
        return str(cible)

    def _ecrire(self, cible: Path, contenu: bytes) -> None:
        """A temporary file of the folder, written and synced, renamed to `cible`; removed if anything fails."""
        descripteur, temporaire = tempfile.mkstemp(prefix=".envoi-", dir=self.dossier)
        try:
            with os.fdopen(descripteur, "wb") as fichier:
                fichier.write(contenu)
                fichier.flush()
                os.fsync(fichier.fileno())
            os.replace(temporaire, cible)
        except BaseException:
            Path(temporaire).unlink(missing_ok=True)
            raise


def transport_configure() -> Transport:
    """The transport named by CASA_SNE_TRANSPORT (a dotted path to a class with `depuis_reglages`)."""
    return import_string(settings.CASA_SNE_TRANSPORT).depuis_reglages()
