"""Builders of the commission tests: members, the CCPC with a session, a session held."""

import datetime as dt

from django.utils import timezone

from commissions import services
from commissions.models import College, Membre
from positionnements import services as positionnements_services
from territoire.models import Commune
from territoire.roles import Role
from tests.territoire.fabriques import agent


def membre_cree(org, college, nom, *, titulaire=None, commune=None):
    return Membre.objects.create(
        college=college,
        civilite="Mme",
        prenom="Claire",
        nom=nom,
        organisation=org,
        commune=commune,
        titulaire=titulaire,
        courriel=f"{nom.lower()}@exemple.fr",
        debut=dt.date(2026, 1, 1),
    )


def ccpc_de(monde, referentiel):
    """The positionnement world with its commission: five members (a substitute), a secretariat, a session in 7 days."""
    d, (a11, a12) = monde["demandes"], monde["dispos"]
    casa = monde["casa"]
    positionnements_services.positionner(
        par=casa, disponibilite=a11, numeros=[d["dalo"].numero, d["modeste"].numero, d["moyenne"].numero]
    )
    positionnements_services.positionner(
        par=casa, disponibilite=a12, numeros=[d["aisee"].numero], exception="PAS_ASSEZ"
    )
    antibes = Commune.objects.get(code_insee="06004")
    membres = {
        "elu1": membre_cree(referentiel["casa"], College.ELUS_CASA, "Arnal"),
        "elu2": membre_cree(referentiel["casa"], College.ELUS_CASA, "Bonnet"),
        "etat": membre_cree(referentiel["prefecture-06"], College.ETAT, "Chauvin"),
        "antibes": membre_cree(referentiel["commune-antibes"], College.ELUS_COMMUNES, "Dumas", commune=antibes),
    }
    membres["suppleant_etat"] = membre_cree(
        referentiel["prefecture-06"], College.ETAT, "Estève", titulaire=membres["etat"]
    )
    secretariat = agent(referentiel["casa"], Role.SECRETARIAT_COMMISSION)
    seance = services.seance_creer(
        par=secretariat, date=timezone.now() + dt.timedelta(days=7), lieu="Salle du conseil, Sophia Antipolis"
    )
    return {**monde, "membres": membres, "secretariat": secretariat, "seance": seance, "a11": a11, "a12": a12}


def tenir(c, *presents):
    s = services.ordre_du_jour_definir(par=c["secretariat"], seance=c["seance"], disponibilites=[c["a11"], c["a12"]])
    s = services.convoquer(par=c["secretariat"], seance=s)
    return services.presences_enregistrer(par=c["secretariat"], seance=s, presents=[c["membres"][k] for k in presents])
