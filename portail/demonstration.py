"""The demo's applicants to try the space with (only when CASA_DEMONSTRATION): one demand at each stage the space
shows, found in the demo data as it stands (a demo user who answers the offer moves it on; the next one is shown).
Printed on the sign-in page of the demo, with the number and the date of birth to type."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Q

from demandes import cycle
from demandes.codes import EtatDemande, Lien
from demandes.models import Demande, Personne
from positionnements.etats import EN_COURS
from positionnements.etats import EtatPositionnement as E
from positionnements.models import Positionnement


@dataclass(frozen=True)
class Essai:
    etape: str
    pk: int
    numero: str
    ne_le: dt.date
    prenom: str


def _premiere(demandes, etape: str) -> Essai | None:
    """The first demand of ``demandes`` (by pk) whose applicant has an address and a birth date, as an Essai."""
    titulaire = (
        Personne.objects.filter(demande__in=demandes, lien=Lien.DEMANDEUR, date_naissance__isnull=False)
        .exclude(courriel="")
        .select_related("demande")
        .order_by("demande_id")
        .first()
    )
    if titulaire is None:
        return None
    return Essai(etape, titulaire.demande_id, titulaire.demande.reference, titulaire.date_naissance, titulaire.prenom)


def essais(jour: dt.date) -> list[Essai]:
    """Up to five demo applicants: an offer awaiting the answer, a candidate before the commission, a qualified demand
    waiting, a demand to renew, a demand struck off. [] outside the demonstration."""
    if not settings.CASA_DEMONSTRATION:
        return []
    en_cours = Positionnement.objects.filter(demande=OuterRef("pk"), etat__in=EN_COURS)
    ouvertes = Demande.objects.filter(etat__in=[EtatDemande.ACTIVE, EtatDemande.QUALIFIEE])
    ouverture = cycle.mois_apres(jour, int(settings.CASA_RENOUVELLEMENT_OUVERT_MOIS))
    choix = [
        (Demande.objects.filter(positionnements__etat=E.ATTRIBUE), "Un logement lui est proposé : répondre à l'offre"),
        (Demande.objects.filter(positionnements__etat=E.PROPOSE), "Proposé à la commission pour un logement"),
        (ouvertes.filter(etat=EtatDemande.QUALIFIEE).filter(~Exists(en_cours)), "Demande qualifiée, en attente"),
        (ouvertes.filter(date_echeance__gte=jour, date_echeance__lte=ouverture), "Demande à renouveler en ligne"),
        (Demande.objects.filter(etat=EtatDemande.RADIEE).filter(~Q(motif_radiation="")), "Demande radiée"),
    ]
    essais_, vues = [], set()
    for demandes, etape in choix:  # one demand per stage: a qualified demand due for renewal is shown once
        if (essai := _premiere(demandes.exclude(pk__in=vues), etape)) is not None:
            essais_.append(essai)
            vues.add(essai.pk)
    return essais_
