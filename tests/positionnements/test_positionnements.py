"""The candidate search on real demands and the positionnement use cases: ranking and reasons, why a demand is
absent, three candidates or a stated exception, a demand positioned twice, all or nothing, concurrency."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from commun.erreurs import ErreurMetier
from positionnements import recherche, services
from positionnements.etats import EtatPositionnement, ExceptionTroisCandidats
from positionnements.models import Positionnement, TransitionPositionnement
from programmation import services as parc_services
from territoire.models import Commune
from territoire.roles import Role
from tests.demandes.fabriques import demande_complete
from tests.positionnements.fabriques import logement_cree
from tests.territoire.fabriques import agent


def test_la_recherche_classe_les_candidats_et_dit_leurs_raisons(monde):
    d = monde["demandes"]
    resultat = recherche.chercher(monde["dispos"][0])
    numeros = [ligne.demande.numero for ligne in resultat.lignes]
    assert d["vallauris"].numero not in numeros
    assert numeros[0] == d["dalo"].numero  # DALO first
    assert set(numeros) == {d[k].numero for k in ("modeste", "moyenne", "aisee", "dalo")}
    assert resultat.total == 4
    premier = resultat.lignes[0]
    assert premier.examen.eligible and premier.niveau == 0
    assert "T3 adapté à un ménage de 4 personnes." in premier.raisons
    assert premier.raisons[-1].startswith("Rang : reconnu prioritaire DALO, puis")
    assert any(r.startswith("Taux d'effort de 23,0") for r in premier.raisons)  # 530 / 2 300


def test_pourquoi_une_demande_est_absente(monde):
    d = monde["demandes"]
    dispo = monde["dispos"][0]
    absente = recherche.pourquoi(dispo, d["vallauris"])
    assert (absente.eligible, absente.regle) == (False, "COMMUNE")
    presente = recherche.pourquoi(dispo, d["dalo"])
    assert presente.eligible and presente.rang == 1
    assert presente.message == "La demande convient au logement : rang 1 sur 4."
    limitee = recherche.pourquoi(dispo, d["modeste"], options=recherche.Options(mutations_seulement=True))
    assert (limitee.eligible, limitee.regle) == (False, "OPTION")


def test_positionner_trois_candidats_dans_l_ordre_et_journaliser(monde):
    d, dispo = monde["demandes"], monde["dispos"][0]
    crees = services.positionner(
        par=monde["casa"],
        disponibilite=dispo,
        numeros=[d["dalo"].numero, d["modeste"].numero, d["moyenne"].numero],
    )
    assert [(p.rang, p.demande_id, p.etat) for p in crees] == [
        (1, d["dalo"].pk, EtatPositionnement.PROPOSE),
        (2, d["modeste"].pk, EtatPositionnement.PROPOSE),
        (3, d["moyenne"].pk, EtatPositionnement.PROPOSE),
    ]
    assert TransitionPositionnement.objects.filter(vers=EtatPositionnement.PROPOSE).count() == 3
    with pytest.raises(ErreurMetier, match="Trois candidats au plus par logement : 3 déjà positionné"):
        services.positionner(par=monde["casa"], disponibilite=dispo, numeros=[d["aisee"].numero], exception="PAS_ASSEZ")


def test_moins_de_trois_candidats_demande_une_exception(monde):
    d, dispo = monde["demandes"], monde["dispos"][0]
    with pytest.raises(ErreurMetier, match="La loi demande trois candidats par logement"):
        services.positionner(par=monde["casa"], disponibilite=dispo, numeros=[d["dalo"].numero])
    assert not Positionnement.objects.exists()
    (p,) = services.positionner(
        par=monde["casa"],
        disponibilite=dispo,
        numeros=[d["dalo"].numero],
        exception=ExceptionTroisCandidats.DALO_PREFET,
    )
    assert p.exception == "DALO_PREFET"


def test_un_candidat_qui_ne_convient_pas_fait_tout_refuser(monde):
    d, dispo = monde["demandes"], monde["dispos"][0]
    with pytest.raises(ErreurMetier, match="ne convient pas : La commune du logement ne fait pas partie"):
        services.positionner(
            par=monde["casa"],
            disponibilite=dispo,
            numeros=[d["dalo"].numero, d["modeste"].numero, d["vallauris"].numero],
        )
    assert not Positionnement.objects.exists() and not TransitionPositionnement.objects.exists()


def test_une_demande_deja_positionnee_ailleurs_demande_un_motif(monde):
    d, (a, b) = monde["demandes"], monde["dispos"]
    services.positionner(par=monde["casa"], disponibilite=a, numeros=[d["dalo"].numero], exception="PAS_ASSEZ")
    with pytest.raises(ErreurMetier, match="déjà positionnée sur le logement A11 de Les Oliviers"):
        services.positionner(par=monde["casa"], disponibilite=b, numeros=[d["dalo"].numero], exception="PAS_ASSEZ")
    (p,) = services.positionner(
        par=monde["casa"],
        disponibilite=b,
        numeros=[d["dalo"].numero],
        exception="PAS_ASSEZ",
        derogations={d["dalo"].numero: "Deux offres adaptées au handicap, la CAL choisira"},
    )
    assert p.derogation.startswith("Deux offres")


def test_seule_la_casa_positionne(monde):
    d, dispo = monde["demandes"], monde["dispos"][0]
    with pytest.raises(PermissionDenied):
        services.positionner(
            par=monde["guichet"], disponibilite=dispo, numeros=[d["dalo"].numero], exception="PAS_ASSEZ"
        )


def test_les_etats_suivent_la_machine(monde):
    d, dispo = monde["demandes"], monde["dispos"][0]
    (p,) = services.positionner(
        par=monde["casa"], disponibilite=dispo, numeros=[d["dalo"].numero], exception="PAS_ASSEZ"
    )
    with pytest.raises(ErreurMetier, match="« Proposé » ne peut pas passer à « Bail signé »"):
        services.changer_etat(par=monde["casa"], positionnement=p, vers=EtatPositionnement.BAIL_SIGNE)
    services.changer_etat(par=monde["casa"], positionnement=p, vers=EtatPositionnement.VALIDE)
    with pytest.raises(ErreurMetier, match="Donnez le motif du retrait"):
        services.retirer(par=monde["casa"], positionnement=p, motif=" ")
    journal = list(p.transitions.values_list("de", "vers"))
    assert journal == [("", "PROPOSE"), ("PROPOSE", "VALIDE")]


@pytest.mark.django_db(transaction=True)
def test_deux_agents_positionnent_la_meme_demande_en_meme_temps_un_seul_reussit(referentiel):
    guichet = agent(referentiel["commune-antibes"], Role.AGENT_GUICHET)
    gestionnaire = agent(referentiel["erilia"], Role.GESTIONNAIRE_BAILLEUR)
    agents = [agent(referentiel["casa"], Role.INSTRUCTEUR), agent(referentiel["casa"], Role.INSTRUCTEUR)]
    demande = demande_complete(guichet, referentiel["commune-antibes"])
    dispos = [
        parc_services.disponibilite_declarer(
            par=gestionnaire, logement=logement_cree(referentiel["erilia"], n), date_liberation=timezone.localdate()
        )
        for n in ("B1", "B2")
    ]
    depart = threading.Barrier(2)
    resultats: list = [None, None]

    def agir(i):
        try:
            depart.wait()
            services.positionner(
                par=agents[i], disponibilite=dispos[i], numeros=[demande.numero], exception="PAS_ASSEZ"
            )
            resultats[i] = "ok"
        except ErreurMetier as err:
            resultats[i] = err.message
        finally:
            connection.close()

    fils = [threading.Thread(target=agir, args=(i,)) for i in range(2)]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    assert sorted(r == "ok" for r in resultats) == [False, True]
    refus = next(r for r in resultats if r != "ok")
    assert "est déjà positionnée sur le logement" in refus and "donnez le motif d'un second positionnement" in refus
    assert Positionnement.objects.filter(demande=demande).count() == 1


# ---------------------------------------------------------------------------------------------------- API


def _api(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_candidats_pourquoi_et_positionnements(monde, referentiel):
    d, dispo = monde["demandes"], monde["dispos"][0]
    api = _api(monde["casa"])
    reponse = api.get(f"/api/v1/disponibilites/{dispo.pk}/candidats/")
    assert reponse.status_code == 200
    corps = reponse.json()
    assert corps["total"] == 4
    premier = corps["resultats"][0]
    assert (premier["rang"], premier["numero"], premier["niveau"]) == (1, d["dalo"].numero, 0)
    assert isinstance(premier["score"], int) and premier["raisons"][0] == "Demande active, pas encore qualifiée."
    absent = api.get(f"/api/v1/disponibilites/{dispo.pk}/pourquoi/{d['vallauris'].numero}/").json()
    assert absent == {
        "eligible": False,
        "regle": "COMMUNE",
        "message": "La commune du logement ne fait pas partie des communes souhaitées.",
        "rang": None,
    }
    inconnu = api.get(f"/api/v1/disponibilites/{dispo.pk}/pourquoi/XXX/").json()
    assert inconnu["regle"] == "INCONNUE"
    cree = api.post(
        "/api/v1/positionnements/",
        {"disponibilite": dispo.pk, "numeros": [d["dalo"].numero], "exception": "PAS_ASSEZ"},
        format="json",
    )
    assert cree.status_code == 201, cree.content
    pk = cree.json()[0]["id"]
    refus = api.post(
        "/api/v1/positionnements/", {"disponibilite": dispo.pk, "numeros": [d["modeste"].numero]}, format="json"
    )
    assert refus.status_code == 400 and "trois candidats" in refus.json()["exception"][0]
    assert api.get(f"/api/v1/positionnements/{pk}/transitions/").json()[0]["vers"] == "PROPOSE"
    retire = api.post(f"/api/v1/positionnements/{pk}/retirer/", {"motif": "Le ménage a déménagé"}, format="json")
    assert retire.json()["etat"] == "RETIRE"


def test_api_qui_voit_quoi(monde, referentiel):
    from territoire.roles import TypeOrganisation
    from tests.territoire.fabriques import OrganisationFactory

    d, dispo = monde["demandes"], monde["dispos"][0]
    services.positionner(par=monde["casa"], disponibilite=dispo, numeros=[d["dalo"].numero], exception="PAS_ASSEZ")
    erilia = _api(agent(referentiel["erilia"], Role.GESTIONNAIRE_BAILLEUR))
    assert erilia.get("/api/v1/positionnements/").json()["count"] == 1  # on its dwelling
    assert erilia.get(f"/api/v1/disponibilites/{dispo.pk}/candidats/").status_code == 403  # not the lists
    autre = _api(agent(OrganisationFactory(type=TypeOrganisation.BAILLEUR), Role.GESTIONNAIRE_BAILLEUR))
    assert autre.get("/api/v1/positionnements/").json()["count"] == 0
    # the dwelling is on Erilia's own contingent: the State does not see it
    assert _api(agent(referentiel["prefecture-06"], Role.RESERVATAIRE)).get("/api/v1/positionnements/").json() == {
        "count": 0,
        "next": None,
        "previous": None,
        "results": [],
    }
    guichet = _api(monde["guichet"])  # the commune of Antibes: its territory
    assert guichet.get("/api/v1/positionnements/").json()["count"] == 1
    refuse = guichet.post(
        "/api/v1/positionnements/",
        {"disponibilite": dispo.pk, "numeros": [d["modeste"].numero], "exception": "PAS_ASSEZ"},
        format="json",
    )
    assert refuse.status_code == 403


def test_l_impact_avant_de_decider(monde, referentiel):
    from positionnements import impact
    from programmation.models import Occupation

    d, dispo = monde["demandes"], monde["dispos"][0]
    jour = timezone.localdate()
    # this year, Erilia let two dwellings outside the QPV: one to a first-quartile household
    for i, q in enumerate((1, 3)):
        lg = logement_cree(referentiel["erilia"], f"Z{i}")
        Occupation.objects.create(logement=lg, debut=jour.replace(month=1, day=2), personnes=2, quartile=q)
    # the household in place in the dwelling to fill (first quartile) leaves
    Occupation.objects.create(logement=dispo.logement, debut=dt.date(2015, 1, 1), personnes=3, quartile=1)
    modeste = d["modeste"]
    assert modeste.premier_quartile is not None
    q1, prio, residence = impact.impact(dispo, modeste, jour=jour)
    assert q1.avant == 0.5
    assert q1.apres == (2 if modeste.premier_quartile else 1) / 3
    assert q1.cible == "au moins 25 %"
    assert prio.avant is None and prio.apres == 0.0  # no attribution on Erilia's contingent yet; not a priority
    # the résidence: three households with a known quartile, two of them first quartile; the leaving one is
    assert residence.avant == 2 / 3
    assert residence.apres == (1 + (1 if modeste.premier_quartile else 0)) / 3
    (dalo_prio,) = [i for i in impact.impact(dispo, d["dalo"], jour=jour) if "prioritaires" in i.libelle]
    assert dalo_prio.apres == 1.0 and dalo_prio.sens == "="


def test_elargir_aux_communes_du_secteur(monde):
    from territoire.models import Secteur

    d, dispo = monde["demandes"], monde["dispos"][0]
    options = recherche.Options(secteur=True)
    assert recherche.pourquoi(dispo, d["vallauris"], options=options).regle == "COMMUNE"  # no sector yet
    littoral = Secteur.objects.create(nom="Littoral")
    littoral.communes.set(Commune.objects.filter(code_insee__in=["06004", "06155"]))
    resultat = recherche.chercher(dispo, options=options)
    assert resultat.total == 5
    ligne = next(li for li in resultat.lignes if li.demande.pk == d["vallauris"].pk)
    assert "Souhaite une commune du même secteur que celle du logement : la recherche est élargie." in ligne.raisons
    assert recherche.chercher(dispo).total == 4  # without the option, as before
