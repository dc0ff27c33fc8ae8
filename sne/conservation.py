"""How long the SNE's files are kept here (docs/conservation.md « Les fichiers du SNE »). A file of the SNE
(`ImportSNE.contenu`) holds every person of every demand it carries, those outside our territory included; our copy
only serves to run an import again or to show what was received. The SNE is the registry that keeps the demands by
law (décret n° 2017-917 du 9 mai 2017): CASA_SNE_CONSERVATION_FICHIERS_JOURS days after it was received (90 by
default), a finished import's file is blanked by the nightly job (sne.tasks.effacer_fichiers_anciens), with:

- the SNE's document kept on a report line for a probable duplicate (`LigneImportSNE.brut`) once it is settled (an
  open one keeps it until an agent settles it: it is the demand to create or attach);
- the values a refused line quotes from the file (« valeur illisible : … = « 1980-13-45 » ») replaced by « … »;
- the copies of the daily transmission moved into the drop folder's `traites/` and `refuses/` (sne/depot.py).

Finished: applied, refused, or failed and not run again within the period (running an old file again would bring its
old values back over those of the newer files). Received or running imports are left alone. An import whose file was
blanked cannot be run again (sne.services.import_relancer says so); its report, totals and log stay. The outbox's
files follow the same period (envois_sne/conservation.py)."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone

from .models import EtatImportSNE, ImportSNE, LigneImportSNE, ResultatLigne, TransitionImportSNE

journal = logging.getLogger(__name__)

# Bounds of CASA_SNE_CONSERVATION_FICHIERS_JOURS: a month at least (a failed import is run again, an acknowledgement
# comes back, within days; a month leaves room for an absence), a year at most (no copy outlives the year the data of
# a struck-off demand is kept: décret n° 2017-917, art. 4).
JOURS_MIN, JOURS_MAX = 30, 365
TERMINES = (EtatImportSNE.APPLIQUE, EtatImportSNE.REFUSE, EtatImportSNE.ECHEC)
SOUS_DOSSIERS_DEPOT = ("traites", "refuses")  # sne/depot.py `_ranger`
CITATION = re.compile(r"«[^»]*»")
DATE_CITEE = re.compile(r"= \d{2}/\d{2}/\d{4}")
# The same, as a PostgreSQL regular expression on the motifs' JSON text: a quote that is not « … » yet, or a date.
CITATION_SQL = r"«(?! … »)|= [0-9]{2}/[0-9]{2}/[0-9]{4}"


def conservation_jours() -> int:
    """CASA_SNE_CONSERVATION_FICHIERS_JOURS, checked. Raises ImproperlyConfigured (French) out of its bounds."""
    brut = settings.CASA_SNE_CONSERVATION_FICHIERS_JOURS
    try:
        jours = int(brut)
    except (TypeError, ValueError) as err:
        raise ImproperlyConfigured(
            f"CASA_SNE_CONSERVATION_FICHIERS_JOURS vaut {brut!r} : un nombre entier de jours est attendu."
        ) from err
    if not JOURS_MIN <= jours <= JOURS_MAX:
        raise ImproperlyConfigured(
            f"CASA_SNE_CONSERVATION_FICHIERS_JOURS vaut {jours} : entre {JOURS_MIN} jours (le temps de relancer un "
            f"import ou de recevoir un acquittement) et {JOURS_MAX} (un fichier ne survit pas à l'année de "
            "conservation des demandes, décret n° 2017-917, art. 4)."
        )
    return jours


def date_limite(maintenant: dt.datetime | None = None) -> dt.datetime:
    """The moment before which a file received (or sent) is past its period."""
    return (maintenant or timezone.now()) - dt.timedelta(days=conservation_jours())


def fichier_efface(import_sne: ImportSNE) -> bool:
    """Whether the import's file was blanked (a file received empty has its size 0). One query; the file's bytes are
    not read."""
    return ImportSNE.objects.filter(pk=import_sne.pk, contenu=b"", taille__gt=0).exists()


def message_fichier_efface() -> str:
    """Why an import whose file was blanked cannot be run again (French)."""
    return (
        "Le fichier de cet import a été effacé à la fin de sa durée de conservation "
        f"({settings.CASA_SNE_CONSERVATION_FICHIERS_JOURS} jours après sa réception) : il ne peut plus être relancé. "
        "Importez un fichier plus récent du SNE, qui garde les demandes."
    )


def sans_valeurs_citees(motifs: list[str]) -> list[str]:
    """A refused line's reasons without the values they quote from the file (a birth date, an amount, a NUR):
    « … = « 1980-13-45 » (…) » → « … = « … » (…) ». Idempotent."""
    return [DATE_CITEE.sub("= …", CITATION.sub("« … »", m)) for m in motifs]


def lignes_citant_des_valeurs(lignes):
    """The refused lines among `lignes` whose reasons still quote a value (the test in SQL)."""
    return (
        lignes.filter(resultat=ResultatLigne.REFUSEE)
        .annotate(motifs_texte=Cast("motifs", TextField()))
        .filter(motifs_texte__regex=CITATION_SQL)
    )


def effacer_citations(lignes) -> int:
    """Blanks the quoted values of the refused lines among `lignes`; returns how many lines changed."""
    modifiees = [
        LigneImportSNE(pk=pk, motifs=sans_valeurs_citees(motifs))
        for pk, motifs in lignes_citant_des_valeurs(lignes).values_list("pk", "motifs")
    ]
    LigneImportSNE.objects.bulk_update(modifiees, ["motifs"], batch_size=1000)
    return len(modifiees)


@dataclass
class BilanFichiers:
    """What a night's run blanked: counts only."""

    jours: int
    imports: int = 0
    lignes: int = 0
    fichiers_depot: int = 0

    def resume(self) -> str:
        return (
            f"fichiers du SNE de plus de {self.jours} jours : {self.imports} import(s) vidé(s), {self.lignes} "
            f"ligne(s) de rapport sans document ni valeur citée, {self.fichiers_depot} copie(s) du dossier de dépôt "
            "supprimée(s)"
        )


def effacer_fichiers(*, maintenant: dt.datetime | None = None) -> BilanFichiers:
    """The nightly job: blanks the files of the finished imports received before the period, the settled
    duplicates' documents and the quoted values of the refused lines of the imports of that age, and removes the
    drop folder's copies as old. An import a job holds (row locked) is left for the next night. Raises
    ImproperlyConfigured when the setting is out of bounds."""
    jours = conservation_jours()
    limite = date_limite(maintenant)
    bilan = BilanFichiers(jours=jours)
    with transaction.atomic():
        tenus = list(
            ImportSNE.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(etat__in=TERMINES, cree_le__lt=limite, taille__gt=0)
            .exclude(contenu=b"")
            .order_by("pk")
            .values_list("pk", "etat")
        )
        ImportSNE.objects.filter(pk__in=[pk for pk, _ in tenus]).update(contenu=b"")
        noter_au_journal(tenus, f"Fichier effacé ({jours} jours après sa réception : durée de conservation)")
        bilan.imports = len(tenus)
        # the duplicates and refused lines of the imports of that age (index ligne_sne_import_resultat): few rows
        anciennes = LigneImportSNE.objects.filter(
            import_sne__in=ImportSNE.objects.filter(cree_le__lt=limite),
            resultat__in=(ResultatLigne.DOUBLON, ResultatLigne.REFUSEE),
        )
        documents = anciennes.exclude(brut="").exclude(resultat=ResultatLigne.DOUBLON, doublon_tranche=False)
        bilan.lignes = documents.update(brut="") + effacer_citations(anciennes)
    bilan.fichiers_depot = vider_le_depot(limite)
    journal.info("Conservation des fichiers du SNE : %s", bilan.resume())
    return bilan


def noter_au_journal(imports: list[tuple[int, str]], motif: str) -> None:
    """A line in each import's log (its state to itself): the file blanked, and why."""
    TransitionImportSNE.objects.bulk_create(
        TransitionImportSNE(import_sne_id=pk, de=etat, vers=etat, motif=motif[:300]) for pk, etat in imports
    )


def vider_le_depot(limite: dt.datetime, dossier: Path | None = None) -> int:
    """Removes the files of the drop folder's `traites/` and `refuses/` last written before `limite` (the SNE's
    files received, and the reasons of the refused ones); returns how many. No folder configured: nothing."""
    racine = Path(dossier or settings.CASA_SNE_DOSSIER_DEPOT or "")
    if not str(racine) or not racine.is_dir():
        return 0
    supprimes = 0
    for sous_dossier in SOUS_DOSSIERS_DEPOT:
        rangement = racine / sous_dossier
        if not rangement.is_dir():
            continue
        for chemin in rangement.iterdir():
            if chemin.is_file() and chemin.stat().st_mtime < limite.timestamp():
                chemin.unlink(missing_ok=True)
                supprimes += 1
    return supprimes
