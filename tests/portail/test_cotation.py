"""« Ma cotation » and the public grid (portail/cotation.py, portail/views/cotation.py): the stored score line by line
adding up to its total (the co-applicant reading the confidential lines as one), the position among the comparable
active demands against a world of known scores (ties, demands accepting any commune, a draft, a struck-off demand and
another typology left out), in one aggregate query; the grid in force, public."""

import datetime as dt
import html
import re

import pytest
from django.urls import reverse

from demandes import services
from demandes.codes import CodePriorite, EtatDemande, Lien, MotifRadiation
from demandes.models import Demande
from portail import cotation
from territoire.models import Commune
from territoire.roles import Role
from tests.demandes.fabriques import demande_complete
from tests.positionnements.fabriques import famille_nommee
from tests.territoire.fabriques import agent

from .fabriques import connecter, demande_de_famille

pytestmark = pytest.mark.django_db

COTATION = "/mon-logement/cotation/"
GRILLE = "/mon-logement/grille-de-cotation/"


def html_de(reponse) -> str:
    """The page's HTML, its entities read, its white space (not its no-break spaces) made one space."""
    assert reponse.status_code == 200
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(reponse.content.decode()))


def texte(reponse) -> str:
    """The page's text, without its tags."""
    return re.sub(r" +", " ", re.sub(r"<[^>]+>", " ", html_de(reponse)))


def lignes_du_tableau(page: str) -> list[tuple[str, str]]:
    """(criterion, points) of each row of the score's table."""
    corps = re.search(r'<table class="table table-sm cotation mb-2">.*?<tbody>(.*?)</tbody>', page)[1]
    return [
        (" ".join(re.sub(r"<[^>]+>", " ", critere).split()), points.strip())
        for critere, points in re.findall(r"<tr> <th scope=\"row\"[^>]*>(.*?)</th> <td[^>]*>(.*?)</td>", corps)
    ]


def points(texte_points: str) -> int:
    """« +150 points », « −30 points », « 0 point » → the number."""
    nombre = texte_points.replace("\u2212", "-").replace("\xa0", "").split("point")[0]
    return int(nombre)


def dalo(instructeur, d, code=CodePriorite.DALO):
    """Adds a priority criterion (DALO by default) to the demand, which is scored again."""
    services.critere_ajouter(
        par=instructeur, demande=d, code=code, preuve="Décision", date_decision=dt.date(2026, 6, 1)
    )
    d.refresh_from_db()
    return d


# ---------------------------------------------------------------------------------------------------- the score


def test_sans_connexion_la_cotation_renvoie_a_la_connexion_mais_la_grille_est_publique(client, referentiel):
    reponse = client.get(reverse("portail:cotation"))
    assert reponse.status_code == 302 and reponse["Location"] == reverse("portail:connexion")
    assert reverse("portail:cotation") == COTATION and reverse("portail:grille") == GRILLE
    page = texte(client.get(GRILLE))
    assert "Grille CASA-2026-1, en vigueur depuis le 01/01/2026." in page
    assert "Reconnu prioritaire DALO" in page and "+300\xa0points" in page
    assert "Ancienneté" in page and "+1\xa0point par mois, 60\xa0points au plus" in page
    assert (
        "Refus d'une offre adaptée" in page and "\u221230\xa0points à chaque fois, \u221290\xa0points au plus" in page
    )
    assert "Déjà locataire du parc social (mutation)" in page and "0\xa0point (reconnu, sans points)" in page
    assert "sauf quand le motif du refus est : étage ou accessibilité, état du logement" in page
    assert "Connectez-vous" in page and "Ma cotation" not in page  # no menu without a holder signed in


def test_les_lignes_font_le_total_et_la_page_mene_a_la_grille(client, referentiel):
    d, _ = demande_de_famille(referentiel)
    instructeur = agent(referentiel["casa"], Role.INSTRUCTEUR)
    d = dalo(instructeur, d)
    d = dalo(instructeur, d, CodePriorite.VIOLENCES_COUPLE)
    assert d.score_cotation > 450
    connecter(client, d)
    page = html_de(client.get(COTATION))
    tableau = lignes_du_tableau(page)
    libelles = [libelle for libelle, _ in tableau]
    assert "Reconnu prioritaire DALO" in libelles and "Victime de violences au sein du couple" in libelles
    assert any(libelle.startswith("Ancienneté ") and "\xd7" in libelle for libelle in libelles)  # its count said
    assert sum(points(p) for _, p in tableau) == d.score_cotation
    assert f'href="{GRILLE}"' in page
    page = texte(client.get(COTATION))
    assert f"Votre demande a {d.score_cotation} points" in page and "Calculée avec la grille CASA-2026-1" in page
    # the grid page keeps the signed-in holder's menu and leads back to his points
    grille = html_de(client.get(GRILLE))
    assert f'href="{COTATION}"' in grille and "Voir les points de ma demande" in grille


def test_le_co_demandeur_lit_les_criteres_confidentiels_sur_une_ligne(client, referentiel):
    d, _ = demande_de_famille(referentiel)
    instructeur = agent(referentiel["casa"], Role.INSTRUCTEUR)
    d = dalo(instructeur, d, CodePriorite.VIOLENCES_COUPLE)
    connecter(client, d, Lien.CO_DEMANDEUR)
    page = html_de(client.get(COTATION))
    tableau = lignes_du_tableau(page)
    assert "violences" not in page.lower()
    assert (cotation.CONFIDENTIELS_LIBELLE, "+150\xa0points") in tableau
    assert sum(points(p) for _, p in tableau) == d.score_cotation


# ---------------------------------------------------------------------------------------------------- the position


@pytest.fixture
def rangs(referentiel):
    """The holder (Antibes and Vallauris, T3 and T4) among demands of known scores: A (DALO, Antibes), B (the same
    situation as the holder's, registered before it: a tie), C (DALO, Vallauris only), D (DALO, any commune), and
    three that do not count: E (DALO, Antibes, a T2 only), F (DALO, Antibes, struck off), G (a draft)."""
    guichet = agent(referentiel["commune-antibes"], Role.AGENT_GUICHET)
    instructeur = agent(referentiel["casa"], Role.INSTRUCTEUR)

    def une(nom, **kw):
        return demande_complete(guichet, referentiel["commune-antibes"], personnes=famille_nommee(nom), **kw)

    m = {"B": une("Bertin")}
    m["moi"] = une("Moreau", communes=("06004", "06155"))
    m["A"] = dalo(instructeur, une("Aubry"))
    m["C"] = dalo(instructeur, une("Chevalier", communes=("06155",)))
    m["D"] = une("Dupuis")
    services.souhaits_definir(par=guichet, demande=m["D"], communes=[], typologies=["T3", "T4"], toute_commune=True)
    m["D"] = dalo(instructeur, m["D"])
    m["E"] = une("Etienne")
    services.souhaits_definir(
        par=guichet, demande=m["E"], communes=[Commune.objects.get(code_insee="06004")], typologies=["T2"]
    )
    m["E"] = dalo(instructeur, m["E"])
    m["F"] = dalo(instructeur, une("Faure"))
    services.demande_radier(par=guichet, demande=m["F"], motif=MotifRadiation.RADABA)
    m["G"] = une("Girard", enregistrer=False)
    m = {k: Demande.objects.get(pk=d.pk) for k, d in m.items()}
    moi = m["moi"].score_cotation
    assert m["B"].score_cotation == moi and m["B"].numero < m["moi"].numero
    assert all(m[k].score_cotation > moi for k in "ACDEF")
    assert m["D"].toute_commune and not m["D"].souhaits_communes.exists()
    assert (m["F"].etat, m["G"].etat) == (EtatDemande.RADIEE, EtatDemande.BROUILLON)
    return m


def test_le_rang_et_le_nombre_des_demandes_comparables(client, rangs, django_assert_num_queries):
    moi = rangs["moi"]
    communes = list(moi.souhaits_communes.order_by("rang").values_list("commune_id", "commune__nom"))
    with django_assert_num_queries(1):
        positions = cotation.positions(moi, communes)
    assert [
        (p.commune, p.typologie, p.rang, p.total, p.egales, p.egales_avant, p.toute_commune) for p in positions
    ] == [
        ("Antibes", "T3", 4, 4, 1, 1, 1),  # moi, A, B, D: A and D ahead, then B (as many points, filed first)
        ("Antibes", "T4", 4, 4, 1, 1, 1),
        ("Vallauris", "T3", 3, 3, 0, 0, 1),  # moi, C, D
        ("Vallauris", "T4", 3, 3, 0, 0, 1),
    ]
    connecter(client, moi)
    page = texte(client.get(COTATION))
    assert "Votre demande est en 4e position sur 4 demandes actives souhaitant un T3 à Antibes." in page
    assert "Votre demande est en 3e position sur 3 demandes actives souhaitant un T4 à Vallauris." in page
    assert "1 autre demande a autant de points que la vôtre, dont 1 qui passe avant elle" in page
    assert "à points égaux, la demande déposée la première passe devant" in page
    assert "Votre rang est 1 plus le nombre de demandes qui passent avant la vôtre." in page
    assert "Parmi ces demandes, 1 accepte toute commune du territoire." in page
    assert "C'est votre position aujourd'hui" in page
    for nom in ("Aubry", "Bertin", "Chevalier", "Dupuis"):
        assert nom not in page
    for k in "ABCD":
        assert rangs[k].numero not in page


def test_une_demande_de_toute_commune_a_sa_position_sur_le_territoire(client, rangs):
    connecter(client, rangs["D"])
    page = texte(client.get(COTATION))
    assert "Votre demande accepte toute commune du territoire : voici sa position sur tout le territoire." in page
    # moi, A, B, C, D wish a T3 (E a T2 only, F struck off, G a draft): D is level with A and C (DALO, same file),
    # filed the same day with a higher local number: they go first
    assert re.search(
        r"Votre demande est en 3e position sur 5 demandes actives souhaitant un T3 sur le territoire", page
    )
    assert "2 autres demandes ont autant de points que la vôtre, dont 2 qui passent avant elle" in page


def _positions(demande) -> dict:
    communes = list(demande.souhaits_communes.order_by("rang").values_list("commune_id", "commune__nom"))
    return {(p.commune, p.typologie): (p.rang, p.total, p.egales, p.egales_avant) for p in cotation.positions(
        demande, communes)}  # fmt: skip


def test_une_demande_sans_typologie_compte_pour_chaque_typologie(rangs, referentiel):
    """A demand that names no typology accepts any, as one that accepts any commune: it is comparable for each
    typology the holder wishes, in the communes it wishes."""
    guichet = agent(referentiel["commune-antibes"], Role.AGENT_GUICHET)
    h = demande_complete(guichet, referentiel["commune-antibes"], personnes=famille_nommee("Henry"))
    services.souhaits_definir(par=guichet, demande=h, communes=[Commune.objects.get(code_insee="06004")], typologies=[])
    h = Demande.objects.get(pk=h.pk)
    assert h.typologies == [] and h.score_cotation == rangs["moi"].score_cotation and h.numero > rangs["moi"].numero
    positions = _positions(rangs["moi"])
    assert positions[("Antibes", "T3")] == (4, 5, 2, 1)  # moi, A, B, D and H (as many points, filed after)
    assert positions[("Antibes", "T4")] == (4, 5, 2, 1)
    assert positions[("Vallauris", "T3")] == (3, 3, 0, 0)  # H does not wish Vallauris


def test_a_points_egaux_l_ordre_est_celui_de_la_recherche_des_candidats(rangs):
    """Among equal points, the earlier filing date goes first, then the lower local number (ORDER BY points DESC,
    date_depot, numero of positionnements/recherche/requete.py): the rank counts them."""
    moi, b = rangs["moi"], rangs["B"]
    assert b.date_depot == moi.date_depot and b.numero < moi.numero
    assert _positions(moi)[("Antibes", "T3")] == (4, 4, 1, 1)
    Demande.objects.filter(pk=b.pk).update(date_depot=moi.date_depot + dt.timedelta(days=1))
    assert _positions(moi)[("Antibes", "T3")] == (3, 4, 1, 0)  # B filed after: its lower number no longer counts
    assert _positions(Demande.objects.get(pk=b.pk))[("Antibes", "T3")] == (4, 4, 1, 1)


def test_une_demande_radiee_n_a_plus_de_position(client, rangs):
    connecter(client, rangs["F"])
    page = texte(client.get(COTATION))
    assert "Votre demande est radiée : elle n'a plus de position." in page and "position sur" not in page
    points_gardes = rangs["F"].score_cotation
    assert points_gardes is not None  # the model keeps the last computed score of a struck-off demand
    assert "Votre demande est radiée : elle n'a plus de cotation ni de position." in page
    assert f"Ses derniers points calculés : {points_gardes} point" in page
    assert "pas encore calculée" not in page and "calculée à nouveau chaque nuit" not in page


def test_une_demande_radiee_sans_cotation_ne_dit_pas_qu_elle_n_est_pas_encore_calculee(client, rangs):
    Demande.objects.filter(pk=rangs["F"].pk).update(score_cotation=None, detail_cotation={})
    connecter(client, rangs["F"])
    page = texte(client.get(COTATION))
    assert "Votre demande est radiée : elle n'a plus de cotation ni de position." in page
    assert "pas encore calculée" not in page and "derniers points" not in page


def test_aucune_demande_a_egalite_ne_passe_avant_elle(client, rangs):
    """Level with B, filed before it: « dont 0 qui passent avant elle » is not written."""
    moi, b = rangs["moi"], rangs["B"]
    Demande.objects.filter(pk=b.pk).update(date_depot=moi.date_depot + dt.timedelta(days=1))
    connecter(client, moi)
    page = texte(client.get(COTATION))
    assert "1 autre demande a autant de points que la vôtre ; aucune ne passe avant elle :" in page
    assert "dont 0" not in page
