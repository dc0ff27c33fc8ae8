import pytest
from rest_framework.test import APIClient

from territoire import services
from territoire.roles import Role
from tests.territoire.fabriques import agent


@pytest.fixture
def cle_erilia(referentiel):
    admin = agent(referentiel["erilia"], Role.ADMINISTRATEUR)
    cle, secret = services.cle_api_creer(par=admin, organisation=referentiel["erilia"], nom="Logiciel locatif")
    return admin, cle, secret


def test_un_systeme_partenaire_s_authentifie_par_la_cle_de_son_organisation(cle_erilia):
    _, cle, secret = cle_erilia
    api = APIClient()
    reponse = api.get("/api/v1/moi/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert reponse.status_code == 200
    assert reponse.json() == {
        "identifiant": cle.utilisateur.username,
        "organisation": "Erilia",
        "roles": [Role.GESTIONNAIRE_BAILLEUR],
    }
    cle.refresh_from_db()
    assert cle.derniere_utilisation is not None
    assert secret not in cle.empreinte  # only the SHA-256 fingerprint is stored


def test_une_cle_revoquee_est_refusee_en_francais(cle_erilia):
    admin, cle, secret = cle_erilia
    services.cle_api_revoquer(par=admin, cle=cle)
    reponse = APIClient().get("/api/v1/moi/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert reponse.status_code == 401
    assert reponse.json()["detail"] == "Clé d'API inconnue ou révoquée."


def test_une_cle_inventee_ou_un_en_tete_mal_forme_sont_refuses(db):
    api = APIClient()
    assert api.get("/api/v1/moi/", HTTP_AUTHORIZATION="Bearer casa_inventee").status_code == 401
    reponse = api.get("/api/v1/moi/", HTTP_AUTHORIZATION="Bearer a b")
    assert reponse.status_code == 401
    assert "mal formé" in reponse.json()["detail"]
    assert api.get("/api/v1/moi/").status_code == 401


def test_les_pages_utilisent_la_session(client, referentiel):
    client.force_login(agent(referentiel["casa"], Role.INSTRUCTEUR))
    reponse = client.get("/api/v1/communes/06155/")
    assert reponse.status_code == 200
    assert reponse.json()["qpv"] == ["QN00602M"]
    assert client.get("/api/v1/communes/").json()["count"] == 24


def test_l_annuaire_se_filtre_par_type(client, referentiel):
    client.force_login(agent(referentiel["casa"], Role.LECTEUR))
    donnees = client.get("/api/v1/organisations/?type=COMMUNE").json()
    assert donnees["count"] == 24


def test_le_schema_openapi_et_sa_documentation_sont_servis_localement(client, referentiel):
    client.force_login(agent(referentiel["casa"], Role.LECTEUR))
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    texte = schema.content.decode()
    assert "/api/v1/moi/" in texte
    assert "cleApi" in texte
    docs = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs
    assert "cdn" not in docs.lower()
