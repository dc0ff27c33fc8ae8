import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from rest_framework.test import APIClient

from commun.erreurs import ErreurMetier
from programmation import services
from programmation.import_parc.application import parc_importer
from programmation.models import Disponibilite, Logement
from territoire import services as territoire_services
from territoire.roles import Role
from tests.programmation.fabriques import BONNES, csv_cp1252
from tests.territoire.fabriques import OrganisationFactory, agent


@pytest.fixture
def parc(referentiel):
    erilia = referentiel["erilia"]
    gestionnaire = agent(erilia, Role.GESTIONNAIRE_BAILLEUR)
    parc_importer(par=gestionnaire, bailleur=erilia, nom="parc.csv", contenu=csv_cp1252(*BONNES), appliquer=True)
    return erilia, gestionnaire


def test_le_bailleur_declare_un_conge_que_la_casa_voit(parc, referentiel):
    erilia, gestionnaire = parc
    logement = Logement.objects.get(numero="A13")
    dispo = services.disponibilite_declarer(
        par=gestionnaire, logement=logement, date_liberation=timezone.localdate() + dt.timedelta(days=60)
    )
    assert dispo.reservataire.slug == "prefecture-06"  # the dwelling's réservataire in stock
    assert str(dispo.loyer) == "398.10"
    assert dispo.date_limite == timezone.localdate() + dt.timedelta(days=30)
    client = APIClient()
    client.force_authenticate(agent(referentiel["casa"], Role.INSTRUCTEUR))
    assert client.get("/api/v1/disponibilites/").json()["count"] == 1


def test_deux_declarations_du_meme_logement_sont_refusees(parc):
    _, gestionnaire = parc
    logement = Logement.objects.get(numero="A12")
    services.disponibilite_declarer(par=gestionnaire, logement=logement, date_liberation=timezone.localdate())
    with pytest.raises(ErreurMetier, match="déjà déclaré à pourvoir"):
        services.disponibilite_declarer(par=gestionnaire, logement=logement, date_liberation=timezone.localdate())
    assert Disponibilite.objects.count() == 1


def test_un_autre_bailleur_ne_declare_pas_le_logement_d_erilia(parc):
    concurrent = agent(OrganisationFactory(nom="Autre"), Role.GESTIONNAIRE_BAILLEUR)
    with pytest.raises(PermissionDenied):
        services.disponibilite_declarer(
            par=concurrent, logement=Logement.objects.get(numero="A12"), date_liberation=timezone.localdate()
        )


def test_le_logiciel_du_bailleur_declare_par_l_api(parc):
    erilia, _ = parc
    admin = agent(erilia, Role.ADMINISTRATEUR)
    _, secret = territoire_services.cle_api_creer(par=admin, organisation=erilia, nom="GL")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    corps = {
        "residence": "RES-2",
        "logement": "B01",
        "date_liberation": (timezone.localdate() + dt.timedelta(days=45)).isoformat(),
    }
    reponse = client.post("/api/v1/disponibilites/", corps, format="json")
    assert reponse.status_code == 201, reponse.json()
    assert reponse.json()["commune"] == "06155" and reponse.json()["typologie"] == "T4"
    assert client.post("/api/v1/disponibilites/", corps, format="json").status_code == 400
    inconnu = client.post("/api/v1/disponibilites/", {**corps, "logement": "ZZ9"}, format="json")
    assert inconnu.status_code == 400
    assert "Logement inconnu" in inconnu.json()["logement"][0]


def test_un_autre_bailleur_ne_voit_pas_les_logements_a_pourvoir_d_erilia(parc):
    _, gestionnaire = parc
    services.disponibilite_declarer(
        par=gestionnaire, logement=Logement.objects.get(numero="A12"), date_liberation=timezone.localdate()
    )
    client = APIClient()
    client.force_authenticate(agent(OrganisationFactory(nom="Autre"), Role.GESTIONNAIRE_BAILLEUR))
    assert client.get("/api/v1/disponibilites/").json()["count"] == 0
