"""The error pages inside the applicant's space (/mon-logement/): 400, 403 (CSRF), 404, 405 and 500 are the space's
own pages (portail/erreur.html, in portail/base.html's layout), never the staff's, with the way back to the space; the
status codes stay. Outside the space, the staff's error pages are unchanged (casa_logement.views.erreur)."""

import html

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from casa_logement.views import erreur_500

from .fabriques import connecter, demande_de_famille

pytestmark = pytest.mark.django_db

# What only the staff's layout and error pages say (templates/base.html, templates/erreurs/)
DU_PERSONNEL = (
    "attribution des logements sociaux",
    "ce que votre organisation peut consulter",
    "Retour à l'accueil",
    'href="/"',
    "navbar-casa",
    "Navigation principale",
)


def _de_l_espace(reponse, *, connecte: bool) -> str:
    """The page is the space's (its layout, its way back) and has nothing of the staff's."""
    page = html.unescape(reponse.content.decode())
    assert '<body class="portail">' in page and "Mon logement social" in page
    assert [t for t in DU_PERSONNEL if t in page] == []
    if connecte:
        assert f'href="{reverse("portail:demande")}">Retour à ma demande</a>' in page
        assert 'aria-label="Mon espace"' in page  # the holder's menu
    else:
        assert f'href="{reverse("portail:connexion")}">Retour à la page de connexion' in page
        assert 'aria-label="Mon espace"' not in page
    return page


def test_une_adresse_inconnue_de_l_espace_repond_404_dans_l_espace(client, referentiel):
    reponse = client.get("/mon-logement/nexiste-pas/")
    assert reponse.status_code == 404
    assert "Cette page n'existe pas dans votre espace." in _de_l_espace(reponse, connecte=False)
    demande, _ = demande_de_famille(referentiel)
    connecter(client, demande)
    reponse = client.get("/mon-logement/nexiste-pas/")
    assert reponse.status_code == 404
    _de_l_espace(reponse, connecte=True)


def test_un_404_leve_par_une_page_de_l_espace_est_dans_l_espace(client, referentiel):
    demande, _ = demande_de_famille(referentiel)
    connecter(client, demande)
    # an offer that is not the holder's (another applicant's, or none): the view raises Http404
    reponse = client.post(
        reverse("portail:offre"), {"action": "accepter", "accepter-offre": "999999", "accepter-confirme": "on"}
    )
    assert reponse.status_code == 404
    _de_l_espace(reponse, connecte=True)


def test_une_action_ouverte_comme_une_page_repond_405_dans_l_espace(client, referentiel):
    reponse = client.get(reverse("portail:sortir"))
    assert reponse.status_code == 405 and reponse["Allow"] == "POST"
    assert "Cette adresse est celle d'une action" in _de_l_espace(reponse, connecte=False)
    demande, _ = demande_de_famille(referentiel)
    connecter(client, demande)
    reponse = client.get(reverse("portail:sortir"))
    assert reponse.status_code == 405
    _de_l_espace(reponse, connecte=True)
    assert client.get(reverse("portail:demande")).status_code == 200  # nothing was done: still signed in


def test_un_formulaire_perime_une_requete_mal_formee_et_le_500_sont_dans_l_espace(referentiel):
    navigateur = Client(enforce_csrf_checks=True)
    reponse = navigateur.post(reverse("portail:connexion"), {"numero": "CASA-2026-000001"})
    assert reponse.status_code == 403
    assert "Ce formulaire n'est plus valable" in _de_l_espace(reponse, connecte=False)
    reponse = navigateur.get(reverse("portail:connexion"), {"numero": "A\x00"})
    assert reponse.status_code == 400
    assert "caractère nul" in _de_l_espace(reponse, connecte=False)
    panne = erreur_500(RequestFactory().get("/mon-logement/ma-demande/"))
    assert panne.status_code == 500
    _de_l_espace(panne, connecte=False)


def test_hors_de_l_espace_les_pages_d_erreur_restent_celles_du_personnel(client):
    reponse = client.get("/nexiste-pas/")
    assert reponse.status_code == 404
    page = html.unescape(reponse.content.decode())
    assert "ce que votre organisation peut consulter" in page and "portail" not in page
    panne = erreur_500(RequestFactory().get("/demandes/"))
    assert panne.status_code == 500 and "Retour à l'accueil" in panne.content.decode()
