"""What the retention purge (demandes/retention/) erases in the outbox to the SNE of a demand whose data is erased
(docs/conservation.md):

- its events (EvenementSNE): what they said to the SNE (`contenu`: the applicant's name and birth date for a
  registration, a CAL decision's condition and reason…) and the SNE's reason for a rejection, blanked. Kept: the
  kind, the state, the dates, the demand, the source row, the file that carried it, the waiting reason (the
  application's words);
- their log (TransitionEvenementSNE): the reasons reduced to the application's own words (« Collecté depuis le
  journal », « Envoyé dans SNE-CASA-….zip », « Acquitté (…) », « Corrigé et renvoyé »), the SNE's reason of a rejection
  and the demand's log line it quoted removed;
- the daily files (FichierEnvoiSNE.contenu) that carried one of these events, and the SNE's acknowledgements
  (RetourSNE.contenu) that answered one: blanked, and the file the folder transport left in CASA_SNE_DOSSIER_ENVOIS
  removed after the commit (the nightly job, envois_sne/conservation.py, blanks them much earlier).

An event still « à envoyer » is built again by the daily job from the demand as it stands: erased, it says no name.
None of these models is audited by pghistory (tests/envois_sne/test_conservation.py checks it)."""

from __future__ import annotations

from django.db.models import Q

from demandes.retention import effaceur

from . import conservation
from .codes import EtatEvenementSNE
from .models import EvenementSNE, FichierEnvoiSNE, RetourSNE, TransitionEvenementSNE

COLLECTE = "Collecté depuis le journal"  # collecte._creer: « Collecté depuis le journal (<the log line's reason>) »
RENVOYE = "Corrigé et renvoyé"  # services.renvoyer: « Corrigé et renvoyé (rejeté pour : <the SNE's reason>) »


@effaceur("envois_sne")
def effacer(ids: list[int], simulation: bool) -> dict[str, int]:
    """Counts, and unless `simulation` erases, what the outbox holds of the demands `ids`."""
    evenements = EvenementSNE.objects.filter(demande_id__in=ids)
    a_vider = evenements.exclude(contenu={}, motif_rejet="")
    transitions = TransitionEvenementSNE.objects.filter(evenement__demande_id__in=ids)
    ids_fichiers = {
        *evenements.filter(fichier__isnull=False).values_list("fichier_id", flat=True),
        *transitions.filter(fichier__isnull=False).values_list("fichier_id", flat=True),
    }
    fichiers = list(
        FichierEnvoiSNE.objects.filter(pk__in=ids_fichiers).exclude(contenu=b"").values_list("pk", flat=True)
    )
    retours = RetourSNE.objects.filter(pk__in=transitions.filter(retour__isnull=False).values("retour_id")).exclude(
        contenu=b""
    )
    compteurs = {
        "evenements_sne": a_vider.count(),
        "fichiers_envoi_sne": len(fichiers),
        "retours_sne": retours.count(),
    }
    if simulation:
        return compteurs
    a_vider.update(contenu={}, motif_rejet="")
    _garder_du_journal_les_seuls_mots_de_l_application(transitions)
    retours.update(contenu=b"")
    conservation.vider_les_fichiers(fichiers)
    return compteurs


def _motif_garde(vers: str, motif: str) -> str:
    """What an event's log keeps of a reason: the application's words, never the SNE's nor a demand's log line."""
    if motif.startswith(COLLECTE):
        return COLLECTE
    if motif.startswith(RENVOYE):
        return RENVOYE
    if vers == EtatEvenementSNE.REJETE:
        return ""
    return motif


def _garder_du_journal_les_seuls_mots_de_l_application(transitions) -> None:
    candidates = transitions.filter(
        Q(motif__startswith=f"{COLLECTE} (") | Q(motif__startswith=f"{RENVOYE} (") | Q(vers=EtatEvenementSNE.REJETE)
    ).exclude(motif="")
    lignes: dict[str, list[int]] = {}
    for pk, vers, motif in candidates.values_list("pk", "vers", "motif"):
        if (garde := _motif_garde(vers, motif)) != motif:
            lignes.setdefault(garde, []).append(pk)
    for motif, pks in lignes.items():  # one UPDATE per value
        TransitionEvenementSNE.objects.filter(pk__in=pks).update(motif=motif)
