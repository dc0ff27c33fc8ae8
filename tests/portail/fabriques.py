"""Builders of the applicant's space's tests: a registered demand of a family (Élodie Martin, applicant, born
12/04/1988, elodie.martin@exemple.fr; Karim Martin, co-applicant, born 03/09/1986, no address), and a signed-in
client."""

import datetime as dt
import time

from demandes.codes import Lien
from portail import acces
from portail.models import ConnexionDemandeur
from territoire.roles import Role
from tests.demandes.fabriques import demande_complete
from tests.territoire.fabriques import agent

# The pages of the space a signed-in holder reads (GET), by URL name (tests/portail/test_cloisonnement.py,
# tests/navigateur/test_portail.py).
PAGES = (
    "demande",
    "piece_envoyer",
    "signaler",
    "etapes",
    "cotation",
    "delais",
    "renouveler",
    "attestation",
    "offre",
)
NE_LE = dt.date(1988, 4, 12)
CO_NE_LE = dt.date(1986, 9, 3)


def demande_de_famille(referentiel, **kw):
    """A registered demand at Antibes's counter (tests.demandes.fabriques.demande_complete), with its counter agent."""
    guichet = agent(referentiel["commune-antibes"], Role.AGENT_GUICHET)
    return demande_complete(guichet, referentiel["commune-antibes"], **kw), guichet


def connecter(client, demande, lien=Lien.DEMANDEUR):
    """Signs ``client`` in to the space as the demand's applicant (or co-applicant): what a used link does
    (acces.ouvrir), without the e-mail. Returns the ConnexionDemandeur."""
    from django.utils import timezone

    personne = demande.personnes.get(lien=lien)
    connexion = ConnexionDemandeur.objects.create(
        demande=demande, personne=personne, expire_le=timezone.now(), utilisee_le=timezone.now()
    )
    session = client.session
    session[acces.CLE] = {"demande": demande.pk, "personne": personne.pk, "c": connexion.pk, "vu": int(time.time())}
    session.save()
    return connexion
