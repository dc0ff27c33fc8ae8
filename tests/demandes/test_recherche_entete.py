"""The header's search box (issue 16): a demand by its number (NUR or local number, issue 18) or its holders' name,
accents ignored, within scope."""

import importlib

import pytest

from demandes.models import Demande
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


def _avec_nur(demande, nur):
    Demande.objects.filter(pk=demande.pk).update(nur=nur)
    demande.refresh_from_db()
    return demande


def test_un_nur_ou_un_numero_local_entier_ouvre_la_demande(client, referentiel):
    """Issue 18: the NUR and the local number each find the demand, typed with spaces and in lower case."""
    _, _, a, v = _demandes(referentiel)
    a = _avec_nur(a, "00610260000AB06004")
    client.force_login(agent(referentiel["casa"], Role.INSTRUCTEUR))
    for texte in (
        a.nur,
        " 006 1026 0000ab 06004 ",
        a.numero,
        a.numero.lower(),
        f" {a.numero[:7]} {a.numero[7:].lower()} ",
        v.numero,
    ):
        reponse = client.get("/demandes/recherche/", {"q": texte})
        attendue = v if texte == v.numero else a
        assert reponse.status_code == 302, texte
        assert reponse["Location"] == f"/demandes/{attendue.pk}/"


def test_le_debut_d_un_nur_ou_d_un_numero_local_liste_les_demandes(client, referentiel):
    """A prefix of either number lists the demands it begins, each shown by its NUR (else its local number), the
    local number under a NUR."""
    _, _, a, v = _demandes(referentiel)
    a = _avec_nur(a, "006102600004206004")
    client.force_login(agent(referentiel["casa"], Role.INSTRUCTEUR))
    page = client.get("/demandes/recherche/", {"q": "006 10"}).content.decode()
    assert "1 demande trouvée" in page and a.nur in page and f"n° local {a.numero}" in page
    assert f"/demandes/{v.pk}/" not in page
    page = client.get("/demandes/recherche/", {"q": a.numero[:10].lower()}).content.decode()
    assert "2 demandes trouvées" in page
    assert a.nur in page and v.numero in page  # each shown by the number to show
    assert f'">{a.numero}</a>' not in page  # a NUR known: the local number is no longer the link


def test_le_filtre_de_la_liste_trouve_par_nur_et_par_numero_local(client, referentiel):
    _, _, a, v = _demandes(referentiel)
    a = _avec_nur(a, "006102600004206004")
    client.force_login(agent(referentiel["casa"], Role.INSTRUCTEUR))
    for texte, attendues in (
        ("0061026 000042", {a}),
        (a.numero.lower(), {a}),
        (v.numero[:12].lower(), {a, v}),
        ("006 1026 000099", set()),
    ):
        page = client.get("/demandes/", {"q": texte}).content.decode()
        assert {d for d in (a, v) if f"/demandes/{d.pk}/" in page} == attendues, texte
    page = client.get("/demandes/", {"q": a.numero}).content.decode()
    assert a.nur in page and f"n° local {a.numero}" in page


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


@pytest.mark.parametrize(
    ("tape", "cherche"),
    [
        ("casa 2026 012774", "CASA-2026-012774"),
        ("CASA2026012774", "CASA-2026-012774"),
        ("CASA_2026-0127", "CASA-2026-0127"),
        ("casa 2026", "CASA-2026"),
        ("006 0325 001234 g0612", "0060325001234G0612"),
    ],
)
def test_un_numero_tape_a_la_main_est_remis_dans_sa_forme(tape, cherche):
    from demandes.selectors import numero_normalise

    assert numero_normalise(tape) == cherche
