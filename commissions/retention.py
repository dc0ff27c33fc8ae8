"""What the retention purge (demandes/retention/) erases in the commission's records of a demand whose data is
erased: the reason of each avis (a free text about the household), the reasons of the members' avis at a distance and
the messages of the threads of the dwellings the demand was a candidate for (free texts that may speak of the
household), and the session dossiers (PDF, both versions)
in which the demand was a candidate — working documents with names, ages and the proofs of priority criteria, whose
use ended with the session; the secretariat can produce a dossier again, from what the database still holds.

The minutes (procès-verbal) are kept as they were signed at closing: they are the record of the commission's
deliberation (attendance, quorum, avis, ranks), they name an applicant by the demand number only, and producing them
again would change more than the erased reasons (a candidate adjourned then re-ranked at a later session). See
docs/conservation.md."""

from __future__ import annotations

from django.db.models import Q

from demandes.retention import MOTIF_EFFACE, effaceur, evenements, evenements_modifiables
from positionnements.models import Positionnement

from .models import Avis, AvisMembre, DecisionAvis, MessageFil, Seance

MESSAGE_EFFACE = "Message effacé (durée de conservation)"


@effaceur("commissions")
def effacer(ids: list[int], simulation: bool) -> dict[str, int]:
    """Counts, and unless `simulation` erases, the avis' reasons (the commission's and its members' at a distance),
    the threads' messages and the session dossiers of the demands `ids`."""
    avis = Avis.objects.filter(positionnement__demande_id__in=ids).exclude(motif__in=["", MOTIF_EFFACE])
    ids_avis = list(Avis.objects.filter(positionnement__demande_id__in=ids).values_list("pk", flat=True))
    seances = list(
        Seance.objects.filter(avis__positionnement__demande_id__in=ids).values_list("pk", flat=True).distinct()
    )
    avec_dossier = Q(dossier__isnull=False) | Q(dossier_membres__isnull=False)
    dossiers = Seance.objects.filter(pk__in=seances).filter(avec_dossier)
    ev_avis = evenements(Avis, pgh_obj_id__in=ids_avis).exclude(motif__in=["", MOTIF_EFFACE])
    ev_seances = evenements(Seance, pgh_obj_id__in=seances).filter(avec_dossier)
    avis_membres = AvisMembre.objects.filter(positionnement__demande_id__in=ids).exclude(motif__in=["", MOTIF_EFFACE])
    ids_avis_membres = list(AvisMembre.objects.filter(positionnement__demande_id__in=ids).values_list("pk", flat=True))
    # the threads of the dwellings the demand was a candidate for (in any session at a distance)
    fils = Q(disponibilite_id__in=Positionnement.objects.filter(demande_id__in=ids).values("disponibilite_id"))
    messages = MessageFil.objects.filter(fils).exclude(texte=MESSAGE_EFFACE)
    ids_messages = list(MessageFil.objects.filter(fils).values_list("pk", flat=True))
    ev_avis_membres = evenements(AvisMembre, pgh_obj_id__in=ids_avis_membres).exclude(motif__in=["", MOTIF_EFFACE])
    ev_messages = evenements(MessageFil, pgh_obj_id__in=ids_messages).exclude(texte=MESSAGE_EFFACE)
    compteurs = {
        "avis": avis.count(),
        "avis_membres": avis_membres.count(),
        "messages_seance": messages.count(),
        "dossiers_seance": dossiers.count(),
        "evenements": ev_avis.count() + ev_seances.count() + ev_avis_membres.count() + ev_messages.count(),
    }
    if simulation:
        return compteurs
    # a reason is required when the avis is ajourné or refusé (constraint avis_motif_si_ajourne_ou_refuse)
    avis.filter(decision=DecisionAvis.VALIDE).update(motif="")
    avis.update(motif=MOTIF_EFFACE)
    dossiers.update(dossier=None, dossier_membres=None, dossier_genere_le=None)
    avis_membres.filter(decision=DecisionAvis.VALIDE).update(motif="")
    avis_membres.update(motif=MOTIF_EFFACE)
    messages.update(texte=MESSAGE_EFFACE)
    with evenements_modifiables(AvisMembre, MessageFil):
        ev_avis_membres.filter(decision=DecisionAvis.VALIDE).update(motif="")
        ev_avis_membres.update(motif=MOTIF_EFFACE)
        ev_messages.update(texte=MESSAGE_EFFACE)
    with evenements_modifiables(Avis, Seance):
        ev_avis.filter(decision=DecisionAvis.VALIDE).update(motif="")
        ev_avis.update(motif=MOTIF_EFFACE)
        ev_seances.update(dossier=None, dossier_membres=None, dossier_genere_le=None)
    return compteurs
