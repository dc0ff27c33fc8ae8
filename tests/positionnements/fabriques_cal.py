"""Builders of the CAL returns tests: four candidates validated by the commission, the rows and files a landlord
sends, and what a refused file must leave untouched."""

import datetime as dt

from demandes.models import Demande, TransitionDemande
from positionnements import services
from positionnements.etats import EtatPositionnement as E
from positionnements.models import DecisionCAL, DepotDecisionsCAL, Positionnement, TransitionPositionnement
from positionnements.retours_cal import lecture
from positionnements.retours_cal import services as services_cal
from programmation.models import Disponibilite, Occupation
from territoire.roles import Role
from tests.horloge import JOUR
from tests.territoire.fabriques import agent

# The CAL returns are dated from the tests' frozen day (tests/horloge.py): the tests that use these dates are
# marked `jour_fige` or use the `retours` fixture, and run on that day.
AUJOURDHUI = JOUR
VALIDE_LE = AUJOURDHUI - dt.timedelta(days=40)
CAL_LE = AUJOURDHUI - dt.timedelta(days=25)
REPONSE_LE = AUJOURDHUI - dt.timedelta(days=12)
BAIL_LE = AUJOURDHUI - dt.timedelta(days=3)


def j(date: dt.date) -> str:
    return f"{date:%d/%m/%Y}"


def retours_de(monde):
    """Four candidates validated by the commission 40 days ago: three on A11 (DALO, modeste, moyenne), one on A12."""
    d, (a11, a12) = monde["demandes"], monde["dispos"]
    casa = monde["casa"]
    services.positionner(par=casa, disponibilite=a11, numeros=[d[k].numero for k in ("dalo", "modeste", "moyenne")])
    services.positionner(par=casa, disponibilite=a12, numeros=[d["aisee"].numero], exception="PAS_ASSEZ")
    for p in Positionnement.objects.all():
        services.changer_etat(par=casa, positionnement=p, vers=E.VALIDE, motif="CCPC", date_effet=VALIDE_LE)
    gestionnaire = agent(monde["dispos"][0].logement.residence.bailleur, Role.GESTIONNAIRE_BAILLEUR)
    return {**monde, "gestionnaire": gestionnaire, "a11": a11, "a12": a12}


def ligne(demande, logement="A11", *, decision="attribution", date_cal=None, **autres) -> dict:
    return {
        "numero_demande": demande.numero,
        "residence": "R-06004",
        "logement": logement,
        "date_cal": j(date_cal or CAL_LE),
        "decision": decision,
        **autres,
    }


def fichier_csv(lignes: list[dict], *, sep=";", encodage="utf-8", colonnes=None) -> bytes:
    colonnes = colonnes or lecture.NOMS
    texte = sep.join(colonnes) + "\r\n"
    for li in lignes:
        texte += sep.join(str(li.get(c, "")) for c in colonnes) + "\r\n"
    return texte.encode(encodage)


def lignes_completes(r) -> list[dict]:
    d = r["demandes"]
    return [
        ligne(
            d["dalo"],
            decision="attribution par classement",
            rang="1",
            reponse="acceptation",
            date_reponse=j(REPONSE_LE),
            date_bail=j(BAIL_LE),
        ),
        ligne(d["modeste"], decision="attribution par classement", rang="2"),
        ligne(d["moyenne"], decision="non-attribution", motif_decision="ressources insuffisantes pour ce loyer"),
        ligne(d["aisee"], "A12", decision="attribution sous condition suspensive", condition="avis d'imposition 2025"),
    ]


def deposer(r, contenu: bytes, nom="decisions.csv", par=None) -> DepotDecisionsCAL:
    depot = services_cal.depot_recevoir(par=par or r["gestionnaire"], nom=nom, contenu=contenu)
    return services_cal.depot_verifier(depot_id=depot.pk)


def appliquer(r, depot: DepotDecisionsCAL) -> DepotDecisionsCAL:
    services_cal.depot_demander_application(par=r["gestionnaire"], depot=depot)
    return services_cal.depot_appliquer(depot_id=depot.pk)


def photo():
    """What a refused file must leave untouched."""
    return (
        sorted(Positionnement.objects.values_list("pk", "etat")),
        TransitionPositionnement.objects.count(),
        DecisionCAL.objects.count(),
        sorted(Demande.objects.values_list("pk", "etat", "refus_offre_adaptee")),
        TransitionDemande.objects.count(),
        sorted(Disponibilite.objects.values_list("pk", "etat")),
        Occupation.objects.count(),
    )


def etats(r) -> dict[str, str]:
    return {k: Positionnement.objects.get(demande=d).etat for k, d in r["demandes"].items() if k != "vallauris"}
