"""The e-mails of the applicant's space: the sign-in link, and « du nouveau sur votre demande » (messages.py). Nothing
personal in them beyond the first name (docs/portail.md « Courriels ») : no number, no name, no address, no decision;
the reader signs in to read."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from demandes.codes import Lien
from demandes.models import Personne


def url_absolue(chemin: str) -> str:
    """``chemin`` on the site's public address (CASA_PROTOCOLE, CASA_DOMAINE): links in e-mails are sent from a
    worker, which has no request."""
    return f"{settings.CASA_PROTOCOLE}://{settings.CASA_DOMAINE}{chemin}"


def adresse_de(personne: Personne) -> str:
    """Where to write to a holder of the demand: their address, else the applicant's ("" when none is known)."""
    if personne.courriel:
        return personne.courriel
    demandeur = personne.demande.personnes.filter(lien=Lien.DEMANDEUR).exclude(courriel="").first()
    return demandeur.courriel if demandeur else ""


def envoyer(personne: Personne, modele: str, contexte: dict) -> bool:
    """Sends ``portail/courriels/<modele>_sujet.txt`` and ``<modele>.txt`` to the person, greeted by first name;
    returns False when no address is known."""
    adresse = adresse_de(personne)
    if not adresse:
        return False
    contexte = {
        "prenom": personne.prenom,
        "produit": settings.CASA_NOM_PRODUIT,
        "url_espace": url_absolue(reverse("portail:connexion")),
        **contexte,
    }
    sujet = render_to_string(f"portail/courriels/{modele}_sujet.txt", contexte).strip()
    send_mail(sujet, render_to_string(f"portail/courriels/{modele}.txt", contexte), None, [adresse])
    return True
