"""The daily transmission of the SNE: files dropped in a folder (settings.CASA_SNE_DOSSIER_DEPOT) by the exchange
that fetches them. The beat job receives each .xml or .zip as an import (origin « dossier ») and moves it into
`traites/` (or `refuses/`, with a .txt saying why), so a file is received once. docs/sne.md « Transmission »."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from commun.erreurs import ErreurMetier

from . import services
from .models import OrigineImportSNE

journal = logging.getLogger(__name__)
EXTENSIONS = (".xml", ".zip")


@dataclass
class Releve:
    recus: list[str] = field(default_factory=list)
    refuses: list[tuple[str, str]] = field(default_factory=list)
    imports: int = 0

    def resume(self) -> str:
        return f"{len(self.recus)} fichier(s) reçu(s) ({self.imports} import(s)), {len(self.refuses)} refusé(s)"


def relever(dossier: Path | None = None) -> Releve:
    """Receives every file waiting in the folder (none configured: nothing to do). Files are taken in name order;
    a file still being written (ending in .part or .tmp) is left for the next run."""
    releve = Releve()
    racine = Path(dossier or settings.CASA_SNE_DOSSIER_DEPOT or "")
    if not str(racine) or not racine.is_dir():
        return releve
    for chemin in sorted(p for p in racine.iterdir() if p.is_file() and p.suffix.lower() in EXTENSIONS):
        try:
            imports = services.imports_creer(
                contenu=chemin.read_bytes(), nom=chemin.name, origine=OrigineImportSNE.DOSSIER
            )
        except ErreurMetier as err:
            _ranger(chemin, "refuses", raison=err.message)
            releve.refuses.append((chemin.name, err.message))
            continue
        _ranger(chemin, "traites")
        releve.recus.append(chemin.name)
        releve.imports += len(imports)
    return releve


def _ranger(chemin: Path, sous_dossier: str, raison: str = "") -> None:
    cible = chemin.parent / sous_dossier
    cible.mkdir(exist_ok=True)
    destination = cible / chemin.name
    n = 1
    while destination.exists():  # the same name transmitted again: kept beside, numbered
        destination = cible / f"{chemin.stem}.{n}{chemin.suffix}"
        n += 1
    chemin.rename(destination)
    if raison:
        destination.with_suffix(destination.suffix + ".txt").write_text(raison + "\n", encoding="utf-8")
