"""« Du nouveau sur votre demande » : an e-mail to the holders when their timeline (portail.etapes) has a new step —
a registration, a renewal, a qualification, a positionnement, the commission's avis, a CAL decision, an offer and its
answer, a radiation (docs/portail.md « Courriels »). Nothing personal in it beyond the first name: the reader signs in
to read it.

A beat job (portail.tasks.avertir_demandeurs, hourly) looks at the demands whose log, letters or positionnements moved
in the last CASA_PORTAIL_AVIS_FENETRE_HEURES hours, counts their timeline's steps, and writes when there are more than
the holders were last told of (AvisDemandeur), at most once every CASA_PORTAIL_AVIS_INTERVALLE_HEURES hours per demand:
several changes of one afternoon make one e-mail. The renewal reminder has its own e-mail
(demandes.services.rappels_renouvellement_envoyer): its step is not counted (Etape.annoncee_a_part). A ranked
candidate's turn (another candidate of the dwelling refused) is a step of its own timeline though its log did not
move: the demands with a ranked attribution on a dwelling whose positionnements moved are looked at too."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from demandes.codes import EtatDemande
from demandes.models import Courrier, Demande, TransitionDemande
from positionnements.etats import EtatPositionnement
from positionnements.models import Positionnement, TransitionPositionnement

from . import courriels, etapes
from .connexion import TITULAIRES
from .models import AvisDemandeur

journal = logging.getLogger(__name__)


@dataclass
class Bilan:
    examinees: int = 0
    averties: int = 0
    courriels: int = 0

    def resume(self) -> str:
        return f"{self.examinees} demandes examinées, {self.averties} averties ({self.courriels} courriels)"


def demandes_changees(depuis: dt.datetime) -> list[int]:
    """The ids of the registered demands whose log, letters or positionnements moved since ``depuis``."""
    ids = set(TransitionDemande.objects.filter(le__gte=depuis).values_list("demande_id", flat=True))
    ids |= set(Courrier.objects.filter(cree_le__gte=depuis).values_list("demande_id", flat=True))
    ids |= set(
        TransitionPositionnement.objects.filter(le__gte=depuis).values_list("positionnement__demande_id", flat=True)
    )
    # a ranked candidate's turn comes when another candidate of the same dwelling refuses: its own log does not move
    ids |= set(
        Positionnement.objects.filter(
            etat=EtatPositionnement.ATTRIBUE_RANG,
            disponibilite__positionnements__transitions__le__gte=depuis,
        ).values_list("demande_id", flat=True)
    )
    return sorted(Demande.objects.filter(pk__in=ids).exclude(etat=EtatDemande.BROUILLON).values_list("pk", flat=True))


def _a_annoncer(demande: Demande, deja: AvisDemandeur | None, depuis: dt.datetime) -> tuple[bool, int]:
    """(whether the holders are to be told, the number of steps now). Without a row yet, a step dated within the
    window is news; with one, more steps than announced."""
    lignes = [e for e in etapes.etapes(demande) if not e.annoncee_a_part]
    if deja is None:
        return any(e.date >= timezone.localtime(depuis).date() for e in lignes), len(lignes)
    return len(lignes) > deja.etapes_annoncees, len(lignes)


def avertir(*, maintenant: dt.datetime | None = None) -> Bilan:
    """Sends « du nouveau sur votre demande » to the holders (applicant, co-applicant; each address once) of each
    demand with news; returns the counts. Runs each demand in its own transaction (an error on one does not stop
    the others, it is logged without personal data)."""
    maintenant = maintenant or timezone.now()
    depuis = maintenant - dt.timedelta(hours=int(settings.CASA_PORTAIL_AVIS_FENETRE_HEURES))
    intervalle = dt.timedelta(hours=int(settings.CASA_PORTAIL_AVIS_INTERVALLE_HEURES))
    bilan = Bilan()
    for demande_id in demandes_changees(depuis):
        bilan.examinees += 1
        try:
            with transaction.atomic():
                envoyes = _avertir_une(demande_id, maintenant, depuis, intervalle)
        except Exception:  # noqa: BLE001 - one demand's fault must not stop the others; logged without data
            journal.exception("Avis au demandeur : échec pour la demande n° %s", demande_id)
            continue
        if envoyes:
            bilan.averties += 1
            bilan.courriels += envoyes
    return bilan


def _avertir_une(demande_id: int, maintenant: dt.datetime, depuis: dt.datetime, intervalle: dt.timedelta) -> int:
    demande = Demande.objects.select_for_update().get(pk=demande_id)
    deja = AvisDemandeur.objects.filter(demande=demande).first()
    if deja and deja.envoye_le and maintenant - deja.envoye_le < intervalle:
        return 0
    nouveau, nombre = _a_annoncer(demande, deja, depuis)
    if not nouveau:
        if deja is None:
            AvisDemandeur.objects.create(demande=demande, etapes_annoncees=nombre)
        return 0
    adresses, envoyes = set(), 0
    for personne in demande.personnes.filter(lien__in=TITULAIRES).order_by("ordre", "pk"):
        adresse = courriels.adresse_de(personne).lower()
        if adresse and adresse not in adresses:
            adresses.add(adresse)
            envoyes += courriels.envoyer(personne, "nouveau", {})
    AvisDemandeur.objects.update_or_create(
        demande=demande, defaults={"etapes_annoncees": nombre, "envoye_le": maintenant if envoyes else None}
    )
    return envoyes
