"""Holding a session: the members present (which makes the session « tenue »), and the commission's avis on each
candidate of the agenda, reported by a member present."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from commun.erreurs import ErreurMetier
from commun.etats import passer
from positionnements.models import Positionnement
from territoire.models import Utilisateur

from ..models import Avis, EtatSeance, Membre, Seance
from ..selectors import A_EXAMINER
from .gardes import JOURNAL, avis_verifier, seance_verrouiller, secretariat_verifier


@transaction.atomic
def presences_enregistrer(*, par: Utilisateur, seance: Seance, presents: list[Membre]) -> Seance:
    secretariat_verifier(par)
    seance = seance_verrouiller(seance, EtatSeance.CONVOQUEE, EtatSeance.TENUE)
    ids = {m.pk for m in presents}
    convoques = set(seance.convocations.values_list("membre_id", flat=True))
    intrus = ids - convoques
    if intrus:
        raise ErreurMetier("Seuls les membres convoqués peuvent être notés présents.")
    seance.convocations.update(present=False)
    seance.convocations.filter(membre_id__in=ids).update(present=True)
    if seance.etat == EtatSeance.CONVOQUEE:  # on a held session, the attendance is corrected: not a move
        jour = min(timezone.localdate(seance.date), timezone.localdate())  # held on its day, never in the future
        passer(seance, EtatSeance.TENUE, **JOURNAL, par=par, date_effet=jour)
    return seance


@transaction.atomic
def avis_enregistrer(
    *,
    par: Utilisateur,
    seance: Seance,
    positionnement: Positionnement,
    decision: str,
    rapporteur: Membre,
    motif: str = "",
    rang: int | None = None,
) -> Avis:
    """The commission's avis on one positionnement of the agenda, reported by a member present."""
    secretariat_verifier(par)
    seance = seance_verrouiller(seance, EtatSeance.TENUE)
    motif = avis_verifier(seance, positionnement, decision, motif, Avis._meta.get_field("motif").max_length)
    if not seance.convocations.filter(membre=rapporteur, present=True).exists():
        raise ErreurMetier(
            f"{rapporteur} n'est pas présent(e) : son avis ne peut pas être enregistré.", champ="rapporteur"
        )
    candidats = Positionnement.objects.filter(disponibilite_id=positionnement.disponibilite_id, etat__in=A_EXAMINER)
    if rang is None:  # by default its place among this session's candidates of the dwelling (not its raw rank)
        rang = list(candidats.order_by("rang", "pk").values_list("pk", flat=True)).index(positionnement.pk) + 1
    rang = int(rang)
    if not 1 <= rang <= candidats.count():
        raise ErreurMetier(f"Le rang va de 1 à {candidats.count()}.", champ="rang")
    avis, _ = Avis.objects.update_or_create(
        seance=seance,
        positionnement=positionnement,
        defaults={"decision": decision, "motif": motif, "rang": rang, "rapporteur": rapporteur, "saisi_par": par},
    )
    return avis
