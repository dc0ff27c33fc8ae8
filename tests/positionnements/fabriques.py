"""Builders of the positionnement tests: a family, a dwelling, the world of five demands and two vacancies."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from demandes import services as demandes_services
from demandes.codes import CodePriorite
from programmation import services as parc_services
from programmation.models import Logement, Residence
from territoire.models import Commune
from territoire.roles import Role
from tests.demandes.fabriques import demande_complete, famille_de_4
from tests.territoire.fabriques import agent


def famille_nommee(nom):
    personnes = famille_de_4()
    for personne in personnes:
        personne["nom"] = nom
    return personnes


def logement_cree(bailleur, numero, *, typologie="T3", commune="06004", etage=1, ascenseur=True):
    residence, _ = Residence.objects.get_or_create(
        bailleur=bailleur,
        reference=f"R-{commune}",
        defaults={"nom": "Les Oliviers", "adresse": "1 rue", "commune": Commune.objects.get(code_insee=commune)},
    )
    return Logement.objects.create(
        residence=residence,
        numero=numero,
        typologie=typologie,
        financement="PLUS",
        surface=65,
        etage=etage,
        ascenseur=ascenseur,
        loyer=Decimal(450),
        charges=Decimal(80),
    )


def monde_positionnements(referentiel):
    """Five demands of the same family size at Antibes's counter (one DALO, one wishing Vallauris), two dwellings of
    Erilia freed in 40 days: the world of the positionnement tests (fixture `monde`)."""
    guichet = agent(referentiel["commune-antibes"], Role.AGENT_GUICHET)
    casa = agent(referentiel["casa"], Role.INSTRUCTEUR)
    gestionnaire = agent(referentiel["erilia"], Role.GESTIONNAIRE_BAILLEUR)
    demandes = {
        cle: demande_complete(guichet, referentiel["commune-antibes"], personnes=famille_nommee(nom), **kw)
        for cle, nom, kw in (
            ("modeste", "Arnaud", {"rfr": 18000}),
            ("moyenne", "Blanc", {"rfr": 22000}),
            ("aisee", "Costa", {"rfr": 26000}),
            ("vallauris", "Durand", {"communes": ("06155",)}),
            ("dalo", "Ernst", {"rfr": 25000}),
        )
    }
    demandes_services.critere_ajouter(
        par=casa,
        demande=demandes["dalo"],
        code=CodePriorite.DALO,
        preuve="Décision de la commission de médiation",
        date_decision=dt.date(2026, 6, 1),
    )
    dispos = []
    for numero in ("A11", "A12"):
        logement = logement_cree(referentiel["erilia"], numero)
        dispos.append(
            parc_services.disponibilite_declarer(
                par=gestionnaire, logement=logement, date_liberation=timezone.localdate() + dt.timedelta(days=40)
            )
        )
    for d in demandes.values():
        d.refresh_from_db()
    return {"casa": casa, "guichet": guichet, "demandes": demandes, "dispos": dispos}
