"""The header's search box (issue 16): a demand by its number or its holders' name, accents ignored, within scope."""

import importlib

from territoire.models_acces import LectureSensible, NatureLecture
from territoire.roles import Role
from tests.demandes.fabriques import demande_complete, demandeur
from tests.territoire.fabriques import agent


def _demandes(referentiel):
    antibes = agent(referentiel["commune-antibes"], Role.AGENT_GUICHET)
    vallauris = agent(referentiel["commune-vallauris"], Role.AGENT_GUICHET)
    a = demande_complete(antibes, referentiel["commune-antibes"], communes=("06004",))
    v = demande_complete(
        vallauris,
        referentiel["commune-vallauris"],
        communes=("06155",),
        personnes=[demandeur(nom="Bénézet-Œuvray", prenom="Zoé")],
    )
    return antibes, vallauris, a, v


def test_un_numero_entier_ouvre_la_demande(client, referentiel):
    antibes, _, a, _ = _demandes(referentiel)
    client.force_login(agent(referentiel["casa"], Role.INSTRUCTEUR))
    reponse = client.get("/demandes/recherche/", {"q": " " + a.numero.lower()[:7] + " " + a.numero[7:] + " "})
    assert reponse.status_code == 302
    assert reponse["Location"] == f"/demandes/{a.pk}/"


def test_le_debut_d_un_numero_liste_les_demandes(client, referentiel):
    _, _, a, v = _demandes(referentiel)
    client.force_login(agent(referentiel["casa"], Role.INSTRUCTEUR))
    commun = next(i for i in range(len(a.numero)) if a.numero[i] != v.numero[i])
    page = client.get("/demandes/recherche/", {"q": a.numero[:commun]}).content.decode()
    assert a.numero in page and v.numero in page
    assert "2 demandes trouvées" in page


def test_un_nom_sans_accents_ni_majuscules_trouve_la_demande(client, referentiel):
    _, _, a, v = _demandes(referentiel)
    client.force_login(agent(referentiel["casa"], Role.INSTRUCTEUR))
    page = client.get("/demandes/recherche/", {"q": "benezet-oeuvray"}).content.decode()
    assert v.numero in page and a.numero not in page
    assert "Zoé BÉNÉZET-ŒUVRAY" in page
    lecture = LectureSensible.objects.get(nature=NatureLecture.LISTE_DEMANDES)
    assert lecture.nombre == 1


def test_la_recherche_reste_dans_le_perimetre(client, referentiel):
    antibes, _, a, v = _demandes(referentiel)
    client.force_login(antibes)
    page = client.get("/demandes/recherche/", {"q": "benezet"}).content.decode()
    assert v.numero not in page
    assert "Aucune demande de votre périmètre ne correspond à « benezet »." in page
    reponse = client.get("/demandes/recherche/", {"q": v.numero})
    assert reponse.status_code == 200  # a list, empty: no redirect to a demand out of scope
    assert f"/demandes/{v.pk}/" not in reponse.content.decode()
    assert "Aucune demande de votre périmètre ne correspond" in reponse.content.decode()


def test_un_role_qui_ne_lit_pas_les_demandes_n_a_ni_boite_ni_page(client, referentiel):
    client.force_login(agent(referentiel["erilia"], Role.GESTIONNAIRE_BAILLEUR))
    assert 'id="recherche-entete"' not in client.get("/").content.decode()
    assert client.get("/demandes/recherche/", {"q": "martin"}).status_code == 403


def test_la_boite_est_dans_l_en_tete_des_roles_qui_lisent_les_demandes(client, referentiel):
    for organisation, role in (("casa", Role.INSTRUCTEUR), ("commune-antibes", Role.AGENT_GUICHET)):
        client.force_login(agent(referentiel[organisation], role))
        page = client.get("/").content.decode()
        assert 'id="recherche-entete"' in page and 'action="/demandes/recherche/"' in page


def test_un_texte_sans_lettres_ni_chiffres_est_explique(client, referentiel):
    client.force_login(agent(referentiel["casa"], Role.INSTRUCTEUR))
    for texte in ("!!!", "'", "😀", "x" * 5000):
        reponse = client.get("/demandes/recherche/", {"q": texte})
        assert reponse.status_code == 200
    page = client.get("/demandes/recherche/", {"q": "!!!"}).content.decode()
    assert "Cherchez un nom (des lettres) ou un numéro de demande (des chiffres)." in page
    assert not LectureSensible.objects.exists()


def test_la_demo_tourne_sans_debug_et_le_produit_a_un_nom(client, monkeypatch):
    monkeypatch.delenv("DJANGO_DEBUG", raising=False)
    local = importlib.reload(importlib.import_module("casa_logement.settings.local"))
    assert local.DEBUG is False
    assert local.CASA_DEMONSTRATION is True
    page = client.get("/une-page-qui-n-existe-pas/").content.decode()
    assert "Page introuvable — Toit commun" in page
    assert "URLconf" not in page


def test_le_nom_exact_passe_avant_un_nom_voisin(client, referentiel):
    """Found by a newcomer: « valerie guillon » listed a near name before the exact one."""
    casa = agent(referentiel["casa"], Role.INSTRUCTEUR)
    voisin = demande_complete(
        casa, referentiel["casa"], personnes=[demandeur(nom="Guillon", prenom="Thibault", courriel="")]
    )
    exacte = demande_complete(
        casa,
        referentiel["casa"],
        personnes=[
            demandeur(nom="Guillon", prenom="Valérie", date_naissance=demandeur()["date_naissance"].replace(year=1970))
        ],
    )
    client.force_login(casa)
    page = client.get("/demandes/recherche/", {"q": "valerie guillon"}).content.decode()
    assert exacte.numero in page
    assert voisin.numero not in page or page.index(exacte.numero) < page.index(voisin.numero)
    liste = client.get("/demandes/", {"q": "valerie guillon"}).content.decode()
    assert voisin.numero not in liste or liste.index(exacte.numero) < liste.index(voisin.numero)
