import html

import pytest

from territoire.roles import Role
from tests.territoire.fabriques import HabilitationFactory, OrganisationFactory, agent


@pytest.fixture
def multi(referentiel):
    user = agent(referentiel["commune-vallauris"], Role.AGENT_GUICHET, username="multi")
    HabilitationFactory(utilisateur=user, organisation=referentiel["casa"], role=Role.INSTRUCTEUR)
    return user


def test_le_selecteur_d_organisation_change_les_roles_courants(client, multi, referentiel):
    client.force_login(multi)
    page = client.get("/").content.decode()
    assert "Agir pour" in page
    client.post("/organisation/choisir/", {"organisation": referentiel["casa"].pk, "suivant": "/"})
    page = client.get("/").content.decode()
    assert 'data-role="INSTRUCTEUR"' in page
    assert 'data-role="AGENT_GUICHET"' not in page
    client.post("/organisation/choisir/", {"organisation": referentiel["commune-vallauris"].pk, "suivant": "/"})
    page = client.get("/").content.decode()
    assert 'data-role="AGENT_GUICHET"' in page
    assert "Vallauris" in page


def test_le_choix_est_repris_a_la_connexion_suivante(client, multi, referentiel):
    client.force_login(multi)
    client.post("/organisation/choisir/", {"organisation": referentiel["commune-vallauris"].pk})
    client.logout()
    client.force_login(multi)
    assert 'data-role="AGENT_GUICHET"' in client.get("/").content.decode()


def test_on_ne_peut_pas_choisir_une_organisation_sans_habilitation(client, multi, referentiel):
    client.force_login(multi)
    reponse = client.post("/organisation/choisir/", {"organisation": referentiel["erilia"].pk}, follow=True)
    page = html.unescape(reponse.content.decode())
    assert "Vous n'avez pas d'habilitation active pour cette organisation." in page
    assert 'data-role="GESTIONNAIRE_BAILLEUR"' not in page


def test_la_redirection_apres_choix_reste_sur_le_site(client, multi, referentiel):
    client.force_login(multi)
    reponse = client.post(
        "/organisation/choisir/", {"organisation": referentiel["casa"].pk, "suivant": "https://ailleurs.example/"}
    )
    assert reponse["Location"] == "/"


def test_le_selecteur_fonctionne_avec_des_identifiants_de_plus_de_mille(client, multi):
    """Regression: with the thousand separator on, the option value was « 123 456 » and the choice failed."""
    grande = OrganisationFactory(pk=123456, nom="Bailleur au grand numéro")
    HabilitationFactory(utilisateur=multi, organisation=grande, role=Role.LECTEUR)
    client.force_login(multi)
    assert 'value="123456"' in client.get("/").content.decode()
    client.post("/organisation/choisir/", {"organisation": "123456", "suivant": "/"})
    assert 'data-role="LECTEUR"' in client.get("/").content.decode()
