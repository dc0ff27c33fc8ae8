"""How long the outbox keeps the files it sent and the acknowledgements it read (docs/conservation.md « Les fichiers
du SNE »). A day's file (FichierEnvoiSNE.contenu, a ZIP) carries the events of many demands, a registration with the
applicant's name and birth date; an acknowledgement (RetourSNE.contenu) the numbers and the SNE's reasons. Our copy
only serves to show what was sent, in a dispute with the SNE, until the SNE has answered it; the SNE keeps the demands
by law. The same period as the SNE's files received (CASA_SNE_CONSERVATION_FICHIERS_JOURS, sne/conservation.py):

- a sent file, once every event it carried was answered (none is still « envoyé »), is blanked that many days after
  it was produced, and its copy in the folder of the transport (CASA_SNE_DOSSIER_ENVOIS) removed after the commit;
  a file still waiting for the SNE's answer is kept (it is the proof of what is waiting);
- an acknowledgement is blanked that many days after it was read (it was applied when read: the events' states and
  logs say what it said).

The rows stay (name, day, number of events, fingerprint, where it went; the acknowledgement's counts): the outbox's
history. The nightly job is envois_sne.tasks.effacer_fichiers_anciens; a blanked file no longer downloads (its page
says why: `message_fichier_efface`)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef

from commun import format_fr
from sne.conservation import conservation_jours, date_limite

from . import collecte
from .codes import EtatEvenementSNE
from .models import EvenementSNE, FichierEnvoiSNE, RetourSNE
from .transport import TransportDossier

journal = logging.getLogger(__name__)


@dataclass
class BilanEnvois:
    """What a night's run blanked: counts only."""

    jours: int
    fichiers: int = 0
    copies: int = 0
    retours: int = 0

    def resume(self) -> str:
        fichiers = format_fr.compte(self.fichiers, "fichier du jour vidé", "fichiers du jour vidés")
        copies = format_fr.compte(
            self.copies, "copie du dossier d'envoi supprimée", "copies du dossier d'envoi supprimées"
        )
        retours = format_fr.compte(self.retours, "retour du SNE vidé", "retours du SNE vidés")
        jours = format_fr.compte(self.jours, "jour", "jours")
        return f"envois au SNE de plus de {jours} : {fichiers} ({copies}), {retours}"


def effacer_fichiers(*, maintenant: dt.datetime | None = None) -> BilanEnvois:
    """The nightly job: blanks the day's files produced before the period whose events were all answered, and the
    acknowledgements read before it. Under the outbox's lock (collecte.verrouiller): a sending or an acknowledgement
    at the same time waits. Raises ImproperlyConfigured when the setting is out of bounds."""
    bilan = BilanEnvois(jours=conservation_jours())
    limite = date_limite(maintenant)
    with transaction.atomic():
        collecte.verrouiller()
        sans_reponse = EvenementSNE.objects.filter(fichier=OuterRef("pk"), etat=EtatEvenementSNE.ENVOYE)
        fichiers = list(
            FichierEnvoiSNE.objects.filter(cree_le__lt=limite)
            .exclude(contenu=b"")
            .exclude(Exists(sans_reponse))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        bilan.fichiers = len(fichiers)
        bilan.copies = vider_les_fichiers(fichiers)
        bilan.retours = RetourSNE.objects.filter(lu_le__lt=limite).exclude(contenu=b"").update(contenu=b"")
    journal.info("Conservation des envois au SNE : %s", bilan.resume())
    return bilan


def vider_les_fichiers(ids: list[int]) -> int:
    """Blanks the day's files `ids` in the caller's transaction; their copies in the transport's folder are removed
    after the commit. Returns how many copies are there to remove."""
    copies = [
        chemin
        for transport, destination in FichierEnvoiSNE.objects.filter(pk__in=ids).values_list("transport", "destination")
        if (chemin := _copie(transport, destination)) is not None
    ]
    FichierEnvoiSNE.objects.filter(pk__in=ids).update(contenu=b"")
    transaction.on_commit(lambda: [c.unlink(missing_ok=True) for c in copies])
    return len(copies)


def _copie(transport: str, destination: str) -> Path | None:
    """The file the folder transport wrote, when it is still there and inside CASA_SNE_DOSSIER_ENVOIS (a path
    elsewhere, or another transport's address, is never touched)."""
    if transport != TransportDossier.nom or not destination:
        return None
    dossier = Path(settings.CASA_SNE_DOSSIER_ENVOIS).resolve()
    chemin = Path(destination).resolve()
    if chemin.parent != dossier or not chemin.is_file():
        return None
    return chemin


def message_fichier_efface(fichier: FichierEnvoiSNE) -> str:
    """Why a blanked day's file no longer downloads (French)."""
    if fichier.nombre_evenements < 2:
        restent = "Son événement, son état et son historique restent"
    else:
        restent = (
            f"Ses {format_fr.nombre(fichier.nombre_evenements)} événements, leurs états et leur historique restent"
        )
    jours = format_fr.compte(settings.CASA_SNE_CONSERVATION_FICHIERS_JOURS, "jour", "jours")
    return (
        f"Le fichier {fichier.nom} a été effacé à la fin de sa durée de conservation ({jours} après son envoi, le SNE "
        f"ayant répondu pour chacun de ses événements) : il ne se télécharge plus. {restent} dans la boîte d'envoi."
    )


def fichier_efface(fichier: FichierEnvoiSNE) -> bool:
    """Whether a day's file (its content loaded) was blanked."""
    return not bytes(fichier.contenu)
