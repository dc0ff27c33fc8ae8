"""Demo shared notes for seed_demo (docs/partenaires.md « Notes partagées sur une demande »): on the first demand
positioned, under way, on a dwelling of Erilia, CASA's instructor and Erilia's manager have exchanged a few notes
through the real service (a note for the landlord and its correction, one for every partner, a sensitive one for
CASA), so that `instructeur.casa` sees the thread on the demand's page and `gestionnaire.erilia` on the dwelling's
page (« Notes partagées »). Idempotent: nothing is done when a note exists."""

from __future__ import annotations

from demandes.codes import EtatDemande
from partenariat.models import NoteDemande, Visibilite
from partenariat.services import note_ajouter
from positionnements.etats import EN_COURS
from positionnements.models import Positionnement
from territoire.models import Utilisateur


def creer_notes_demo() -> int:
    """Writes the demo thread; returns how many notes were written (0 without a positionnement on Erilia)."""
    if NoteDemande.objects.exists():
        return 0
    comptes = {
        u.username: u for u in Utilisateur.objects.filter(username__in=["instructeur.casa", "gestionnaire.erilia"])
    }
    positionnement = (
        Positionnement.objects.filter(
            etat__in=EN_COURS,
            disponibilite__logement__residence__bailleur__slug="erilia",
            demande__etat__in=[EtatDemande.ACTIVE, EtatDemande.QUALIFIEE],
        )
        .select_related("demande")
        .order_by("pk")
        .first()
    )
    if positionnement is None or len(comptes) < 2:
        return 0
    casa, erilia, demande = comptes["instructeur.casa"], comptes["gestionnaire.erilia"], positionnement.demande
    premiere = note_ajouter(
        par=casa,
        demande=demande,
        texte="Le fils aîné se déplace difficilement : merci de vérifier l'accès au logement (marches, ascenseur) "
        "avant la CAL.",
        visibilite=Visibilite.CASA_BAILLEUR,
    )
    note_ajouter(
        par=casa,
        demande=demande,
        texte="Correction : c'est la mère, pas le fils aîné, qui se déplace difficilement.",
        visibilite=Visibilite.CASA_BAILLEUR,
        corrige=premiere,
    )
    note_ajouter(
        par=erilia,
        demande=demande,
        texte="Visite du logement possible mardi ou jeudi ; l'ascenseur de la résidence est en service.",
        visibilite=Visibilite.PARTENAIRES,
    )
    note_ajouter(
        par=casa,
        demande=demande,
        texte="Situation signalée par le CCAS : ne pas communiquer l'adresse actuelle du ménage.",
        visibilite=Visibilite.CASA,
        sensible=True,
    )
    return 4
