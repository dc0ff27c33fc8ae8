"""« Délais d'attente » (portail/views/delais.py) on a year of leases built through the real services
(tests/suivi/fabriques_delais.py): the public page without sign-in shows the territory's and each commune's figures,
the threshold holds back the small groups; the signed-in page shows the holder's wished communes and typologies
only, and how long the demand has waited."""

import html
import re

import pytest
from django.urls import reverse

from tests.portail.fabriques import connecter, demande_de_famille
from tests.suivi.fabriques_delais import annee_de_baux

pytestmark = pytest.mark.jour_fige  # the tests' day, 18/11/2026 (tests/horloge.py): November 2025 to October 2026
TROP_PEU = "moins de 5 trop peu d'attributions pour un délai fiable"
SECRET = "non publié comparé aux chiffres des communes, il ferait connaître l'attente de moins de 5 ménages"


@pytest.fixture
def annee(referentiel):
    return annee_de_baux(referentiel)


def _texte(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _carte(page: str, ident: str) -> str:
    """The card whose title has this id, as text."""
    debut = page.index(f'id="{ident}"')
    return page[debut : page.index("</section>", debut)]


def _lignes(carte: str) -> dict[str, str]:
    """The table's body rows of a card: {typology: the rest of the row as text}."""
    corps = carte[carte.index("<tbody>") : carte.index("</tbody>")]
    lignes = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", corps, re.S):
        typologie = _texte(re.search(r"<th[^>]*>(.*?)</th>", tr, re.S).group(1))
        lignes[typologie] = _texte(re.sub(r"<th[^>]*>.*?</th>", "", tr, flags=re.S))
    return lignes


def test_la_page_publique_sans_connexion(client, annee, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        reponse = client.get(reverse("portail:delais_publics"))
    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert "du 01/11/2025 au 31/10/2026" in page
    # the territory: T3 over 8 leases held back (its difference with Antibes would give Vallauris's and Biot's); T4
    # and T2 too few
    # its count is not printed either: 8 minus Antibes's 6 would give the two households held back
    assert _lignes(_carte(page, "titre-territoire")) == {"T2": TROP_PEU, "T3": SECRET, "T4": TROP_PEU}
    # Antibes T3: 6 leases, median 255 days (8,4 months), average 275 (9,0 months); the leases outside the twelve
    # complete months left out
    assert _lignes(_carte(page, "titre-commune-06004")) == {"T2": TROP_PEU, "T3": "6 8,4 mois 9,0 mois", "T4": TROP_PEU}
    assert _lignes(_carte(page, "titre-commune-06155")) == {"T3": TROP_PEU}
    assert _lignes(_carte(page, "titre-commune-06018")) == {"T3": TROP_PEU}
    # the communes in alphabetical order, then those without a lease
    assert page.index("titre-commune-06004") < page.index("titre-commune-06018") < page.index("titre-commune-06155")
    assert "Aucun bail signé sur cette période à : " in page and "Villeneuve-Loubet" in page
    # nothing about a household: neither a name nor a number
    assert "AttenteAntibes" not in page and "AttenteBiot" not in page
    assert not any(d.numero in page for d in annee["demandes"].values())
    assert "Connectez-vous" in page and "Me déconnecter" not in page


def test_le_seuil_regle_la_page_publique(client, annee, settings):
    settings.CASA_DELAIS_ATTRIBUTIONS_MIN = 2
    page = client.get(reverse("portail:delais_publics")).content.decode()
    lignes = _lignes(_carte(page, "titre-commune-06004"))
    assert lignes["T4"] == "2 4,9 mois 4,9 mois"  # 100 and 200 days: 150
    assert lignes["T2"] == "moins de 2 trop peu d'attributions pour un délai fiable"
    # the territory's T3 shown: median 255 days, average 255.625
    assert _lignes(_carte(page, "titre-territoire"))["T3"] == "8 8,4 mois 8,4 mois"
    assert "Avec moins de 2 attributions, aucun délai n'est donné" in _texte(page)


def test_la_page_publique_sans_aucun_bail(client, referentiel):
    page = client.get(reverse("portail:delais_publics")).content.decode()
    assert "Aucun bail signé n'est enregistré sur cette période." in page
    assert "titre-commune-" not in page


def test_la_page_du_demandeur_ses_communes_et_ses_typologies(client, annee, referentiel):
    demande, _ = demande_de_famille(referentiel, communes=("06155", "06004"))  # filed on 05/10/2026, T3 and T4
    connecter(client, demande)
    reponse = client.get(reverse("portail:delais"))
    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert "Déposée le 05/10/2026, elle attend depuis 1,4 mois (44 jours)." in _texte(page)
    # the wished communes in the demand's order, each with the wished typologies only
    assert page.index("titre-commune-06155") < page.index("titre-commune-06004")
    assert _lignes(_carte(page, "titre-commune-06004")) == {"T3": "6 8,4 mois 9,0 mois", "T4": TROP_PEU}
    assert _lignes(_carte(page, "titre-commune-06155")) == {
        "T3": TROP_PEU,
        "T4": "aucune pas de délai : aucun bail signé",
    }
    assert _lignes(_carte(page, "titre-territoire")) == {"T3": SECRET, "T4": TROP_PEU}
    # neither Biot (not wished) nor the T2 (not wished)
    assert "Biot" not in page and "titre-commune-06018" not in page and ">T2<" not in page
    assert 'aria-current="page"' in page and "Me déconnecter" in page


def test_un_menage_loge_voit_ce_qu_il_a_attendu(client, annee):
    """A household housed on 31/10/2026 after 480 days: its demand is struck off for attribution, still readable."""
    connecter(client, annee["demandes"]["antibes_t3_f"])
    page = _texte(client.get(reverse("portail:delais")).content.decode())
    assert "Déposée le 08/07/2025 et radiée le 31/10/2026, elle a attendu 15,8 mois (480 jours)." in page


def test_la_page_du_demandeur_demande_la_connexion(client, referentiel):
    reponse = client.get(reverse("portail:delais"))
    assert reponse.status_code == 302 and reponse.url == reverse("portail:connexion")


def test_la_page_publique_garde_le_menu_du_demandeur_connecte(client, referentiel):
    demande, _ = demande_de_famille(referentiel)
    connecter(client, demande)
    page = client.get(reverse("portail:delais_publics")).content.decode()
    assert "Me déconnecter" in page and "Connectez-vous" not in page


def test_les_communes_ont_leur_preposition_et_l_ordre_alphabetique_sans_accents(client, annee, referentiel):
    """« au Rouret », not « à Le Rouret » (portail.etapes.a_la_commune); « Bézaudun-les-Alpes » before « Bouyon »."""
    from portail.views.delais import ordre_alphabetique

    demande, _ = demande_de_famille(referentiel, communes=("06112", "06010", "06004"))  # Le Rouret, Le Bar-sur-Loup
    connecter(client, demande)
    page = html.unescape(client.get(reverse("portail:delais")).content.decode())
    assert "Délais d'attente au Rouret" in page and "Délais d'attente au Bar-sur-Loup" in page
    assert "Délais d'attente à Antibes" in page and "à Le " not in page
    publique = html.unescape(client.get(reverse("portail:delais_publics")).content.decode())
    assert "à Le " not in publique and "Délais d'attente à Antibes" in publique
    sans = re.search(r"Aucun bail signé sur cette période à : (.*?)\.</p>", publique)[1].split(", ")
    assert sans == sorted(sans, key=ordre_alphabetique)
    assert sans.index("Bézaudun-les-Alpes") < sans.index("Bouyon") < sans.index("Caussols")
    assert sorted(["Biot", "Bézaudun-les-Alpes", "Antibes"], key=ordre_alphabetique) == [
        "Antibes",
        "Bézaudun-les-Alpes",
        "Biot",
    ]


def test_la_page_publique_commence_par_les_liens_vers_chaque_commune(client, annee):
    page = client.get(reverse("portail:delais_publics")).content.decode()
    sommaire = page[page.index('id="titre-sommaire"') : page.index("</nav>", page.index('id="titre-sommaire"'))]
    assert page.index('id="titre-sommaire"') < page.index('id="titre-territoire"')
    liens = re.findall(r'href="#(titre-commune-\d+)"', sommaire)
    assert liens == ["titre-commune-06004", "titre-commune-06018", "titre-commune-06155"]
    assert all(f'id="{ancre}"' in page for ancre in liens)
