"""The world of the shared notes' tests: the nine actors of docs/roles.md's matrix and a demand registered at
Antibes's counter, positioned (under way) on a dwelling of their landlord A whose réservataire is the prefecture: so
that every partner role sees the demand's thread, and the member and the reader do not."""

import datetime as dt

from django.utils import timezone

from partenariat import services
from partenariat.models import Visibilite
from positionnements.models import Positionnement
from programmation.models import Disponibilite
from territoire.roles import Role, TypeOrganisation
from tests.demandes.fabriques import demande_complete
from tests.positionnements.fabriques import logement_cree
from tests.territoire.fabriques import OrganisationFactory, agent

ROLES = ("admin_casa", "admin_bailleur", "instructeur", "secretariat", "gestionnaire", "guichet", "reservataire")
SANS_FIL = ("membre", "lecteur")


def monde_des_notes(referentiel) -> dict:
    casa = referentiel["casa"]
    bailleur_a = OrganisationFactory(nom="Bailleur A", type=TypeOrganisation.BAILLEUR)
    acteurs = {
        "admin_casa": agent(casa, Role.ADMINISTRATEUR, username="admin_casa"),
        "admin_bailleur": agent(bailleur_a, Role.ADMINISTRATEUR, username="admin_bailleur"),
        "instructeur": agent(casa, Role.INSTRUCTEUR, username="instructeur"),
        "secretariat": agent(casa, Role.SECRETARIAT_COMMISSION, username="secretariat"),
        "gestionnaire": agent(bailleur_a, Role.GESTIONNAIRE_BAILLEUR, username="gestionnaire"),
        "guichet": agent(referentiel["commune-antibes"], Role.AGENT_GUICHET, username="guichet"),
        "reservataire": agent(referentiel["prefecture-06"], Role.RESERVATAIRE, username="reservataire"),
        "membre": agent(referentiel["commune-vallauris"], Role.MEMBRE_COMMISSION, username="membre"),
        "lecteur": agent(casa, Role.LECTEUR, username="lecteur"),
    }
    demande = demande_complete(acteurs["guichet"], referentiel["commune-antibes"], communes=("06004",))
    logement = logement_cree(bailleur_a, "B12")
    dispo = Disponibilite.objects.create(
        logement=logement,
        origine="CONGE",
        date_liberation=timezone.localdate() + dt.timedelta(days=30),
        reservataire=referentiel["prefecture-06"],
        loyer=450,
        charges=80,
        date_limite=timezone.localdate() + dt.timedelta(days=20),
        declaree_par=acteurs["gestionnaire"],
    )
    positionnement = Positionnement.objects.create(
        disponibilite=dispo, demande=demande, rang=1, propose_par=acteurs["instructeur"]
    )
    return {
        "acteurs": acteurs,
        "demande": demande,
        "positionnement": positionnement,
        "bailleur_a": bailleur_a,
        "casa": casa,
        "antibes": referentiel["commune-antibes"],
        "prefecture": referentiel["prefecture-06"],
    }


def noter(par, demande, texte="Le ménage a besoin d'un rez-de-chaussée.", visibilite=Visibilite.PARTENAIRES, **kw):
    return services.note_ajouter(par=par, demande=demande, texte=texte, visibilite=visibilite, **kw)
