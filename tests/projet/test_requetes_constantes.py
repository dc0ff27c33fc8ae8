"""Issue 21: the query count of a list does not grow with its rows. The API's demand list fetched each row's former
landlord (an organisation, a mutation's) one by one: measured with one demand, then five of five counters and five
landlords, it must stay the same. (The
pages' own counts are pinned per role in test_matrice_roles.py; bench/pages.py prints them on the demo's data.)"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from territoire.roles import Role
from tests.demandes.fabriques import demande_complete, famille_de_4
from tests.territoire.fabriques import OrganisationFactory, agent

GUICHETS = ("commune-antibes", "commune-vallauris", "commune-villeneuve-loubet", "commune-valbonne", "commune-biot")


def _demande(guichet, nom: str):
    """A registered demand of `guichet`, its household named `nom` (no probable duplicate of another), a tenant of a
    landlord of its own asking a mutation."""
    famille = [{**p, "nom": nom} for p in famille_de_4()]
    return demande_complete(
        agent(guichet, Role.AGENT_GUICHET),
        guichet,
        personnes=famille,
        mutation=True,
        bailleur_actuel=OrganisationFactory(),
    )


def _requetes(client, url: str) -> int:
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get(url)
    assert reponse.status_code == 200, (url, reponse.status_code)
    return len(requetes)


def test_la_liste_des_demandes_de_l_api_ne_croit_pas_avec_les_guichets(client, referentiel):
    _demande(referentiel[GUICHETS[0]], "Aubert")
    client.force_login(agent(referentiel["casa"], Role.INSTRUCTEUR))
    client.get("/api/v1/demandes/")  # the session's first request writes it
    une = _requetes(client, "/api/v1/demandes/")
    for slug, nom in zip(GUICHETS[1:], ("Bernard", "Carpentier", "Durand", "Esposito"), strict=True):
        _demande(referentiel[slug], nom)
    cinq = _requetes(client, "/api/v1/demandes/")
    assert cinq == une, f"/api/v1/demandes/ : {une} requêtes pour une demande, {cinq} pour cinq"


def test_la_page_d_un_logement_ne_croit_pas_avec_ses_candidats_positionnes(client, monde):
    """The dwelling's page shows each positioned candidate's impact on the year's indicators: the year's counts are
    read once for the dwelling, not once per candidate (positionnements.impact.impacts)."""
    from positionnements import services

    d, dispo = monde["demandes"], monde["dispos"][0]
    url = f"/positionnements/logements/{dispo.pk}/"
    client.force_login(monde["casa"])
    client.get(url)  # the session's first request writes it
    services.positionner(par=monde["casa"], disponibilite=dispo, numeros=[d["modeste"].numero], exception="PAS_ASSEZ")
    un = _requetes(client, url)
    services.positionner(par=monde["casa"], disponibilite=dispo, numeros=[d["moyenne"].numero, d["dalo"].numero])
    trois = _requetes(client, url)
    assert trois == un, f"{url} : {un} requêtes pour un candidat positionné, {trois} pour trois"
