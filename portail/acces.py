"""Who is signed in to the applicant's space: the demand and the person, kept in the session under CLE (not Django's
user: an applicant has no account). Every page of the space reads its demand from here and nowhere else, so that no
URL can name another applicant's data (docs/portail.md « Cloisonnement »)."""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect

from demandes.codes import EtatDemande
from demandes.models import Demande, Personne

from .connexion import TITULAIRES
from .models import ConnexionDemandeur

CLE = "portail"


@dataclass(frozen=True)
class Demandeur:
    """The signed-in holder: their demand and themselves (applicant or co-applicant)."""

    demande: Demande
    personne: Personne
    connexion_id: int


def ouvrir(request, connexion: ConnexionDemandeur) -> None:
    """Starts the space's session for a used link: a fresh session (any earlier one, staff's included, is ended),
    ended after CASA_PORTAIL_SESSION_MINUTES minutes without a page read, and when the browser closes (the cookie
    stays a browser-session cookie, SESSION_EXPIRE_AT_BROWSER_CLOSE: a shared computer's next user finds nothing)."""
    request.session.flush()
    request.session[CLE] = {
        "demande": connexion.demande_id,
        "personne": connexion.personne_id,
        "c": connexion.pk,
        "vu": int(time.time()),
    }


def _expiree(donnees: dict) -> bool:
    """Whether the holder read no page for CASA_PORTAIL_SESSION_MINUTES minutes (a session without its last read
    is over too)."""
    vu = donnees.get("vu")
    return not isinstance(vu, int) or time.time() - vu > int(settings.CASA_PORTAIL_SESSION_MINUTES) * 60


def fermer(request) -> None:
    request.session.flush()


def demandeur(request) -> Demandeur | None:
    """The signed-in holder, or None (not signed in, or the demand or the person no longer there)."""
    donnees = request.session.get(CLE)
    if not isinstance(donnees, dict) or _expiree(donnees):
        return None
    personne = (
        Personne.objects.filter(pk=donnees.get("personne"), demande_id=donnees.get("demande"), lien__in=TITULAIRES)
        .exclude(demande__etat=EtatDemande.BROUILLON)
        .select_related("demande__guichet")
        .first()
    )
    if personne is None:
        return None
    request.session[CLE] = {**donnees, "vu": int(time.time())}  # the inactivity counts from this read
    return Demandeur(personne.demande, personne, donnees.get("c"))


def demandeur_requis(vue):
    """A page of the space: without a signed-in holder, back to the sign-in page (the session ended, or was never
    opened). The view receives ``request.demandeur``."""

    @functools.wraps(vue)
    def enveloppe(request, *args, **kwargs):
        qui = demandeur(request)
        if qui is None:
            if CLE in request.session:
                fermer(request)
                messages.info(request, "Votre session est terminée : demandez un nouveau lien pour revenir.")
            return redirect("portail:connexion")
        request.demandeur = qui
        return vue(request, *args, **kwargs)

    return enveloppe
