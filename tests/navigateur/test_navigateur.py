"""Browser journeys: Playwright driving Debian's Chromium against the live server.

Screenshots go to test-results/captures/ (or to $CASA_CAPTURES: `CASA_CAPTURES=docs/screenshots make pytest`
refreshes the ones in the docs)."""

import re

import pytest

from demo.comptes import DEMO_ACCOUNTS, DEMO_USERS
from tests.navigateur.outils import CAPTURES, TITRE_PAR_ROLE, se_connecter

pytestmark = pytest.mark.navigateur


# The secret of each account's authenticator, read on the enrolment page (as a person would type it into an app).


@pytest.mark.parametrize(("login", "libelle", "slug", "role"), DEMO_USERS, ids=[u[0] for u in DEMO_USERS])
def test_chaque_role_se_connecte_et_voit_sa_page_d_accueil(page, live_server, demo, login, libelle, slug, role):
    se_connecter(page, live_server, login)
    panneau = page.locator(f'section[data-role="{role}"]')
    assert panneau.get_by_role("heading", level=2).inner_text() == TITRE_PAR_ROLE[role]
    assert re.search(r"Nous sommes le \d\d/\d\d/\d{4}", page.locator("main").inner_text())
    # The header fits 1280 px in two lines for every role, the organisation's name never cut.
    assert page.locator("header nav").bounding_box()["height"] < 110
    if page.locator("#organisation-courante").count():
        assert page.locator("#organisation-courante").evaluate("e => e.scrollWidth <= e.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(CAPTURES / f"accueil-{login}.png"), full_page=True)
    # Sign out from the user menu.
    page.get_by_role(
        "button", name=re.compile("^ ?" + re.escape(page.locator(".dropdown-toggle").inner_text().strip()))
    ).click()
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(re.compile(r"/connexion/"))


def test_le_selecteur_d_organisation_change_la_page_d_accueil(page, live_server, demo):
    se_connecter(page, live_server, "multi.organisations")
    assert {login for login, _ in DEMO_ACCOUNTS} >= {"multi.organisations"}
    selecteur = page.get_by_label("Agir pour")
    selecteur.select_option(label="Commune de Vallauris")
    page.wait_for_selector('section[data-role="AGENT_GUICHET"]')
    assert "Vallauris" in page.locator("main").inner_text()
    page.get_by_label("Agir pour").select_option(label="Communauté d'Agglomération Sophia Antipolis")
    page.wait_for_selector('section[data-role="INSTRUCTEUR"]')
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(CAPTURES / "selecteur-organisation.png"), full_page=True)


def test_un_administrateur_cree_un_compte_au_clavier(page, live_server, demo):
    se_connecter(page, live_server, "admin.casa")
    page.goto(f"{live_server.url}/utilisateurs/nouveau/")
    page.get_by_label("Prénom").fill("Inès")
    page.locator("#id_last_name").fill("Garnier")
    page.get_by_label("Adresse électronique").fill("pas-une-adresse")
    page.get_by_label("Identifiant de connexion").fill("ines.garnier")
    page.get_by_label("Organisation").select_option(label="Erilia")
    page.get_by_label("Rôle").select_option(label="Agent de guichet communal")
    page.get_by_role("button", name="Créer le compte et envoyer l'invitation").click()
    # Errors next to their fields, input kept.
    assert "Saisissez une adresse e-mail valide." in page.locator("#id_email_erreur").inner_text()
    assert page.get_by_label("Prénom").input_value() == "Inès"
    page.get_by_label("Adresse électronique").fill("ines.garnier@erilia.fr")
    page.get_by_role("button", name="Créer le compte et envoyer l'invitation").click()
    assert "ne peut pas être donné" in page.locator("#id_role_erreur").inner_text()
    page.get_by_label("Rôle").select_option(label="Gestionnaire bailleur")
    page.get_by_label("Identifiant de connexion").press("Enter")  # submit from the keyboard
    page.wait_for_selector("text=Compte créé pour Inès Garnier")
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(CAPTURES / "utilisateur-cree.png"), full_page=True)


def test_le_lien_d_evitement_mene_au_contenu(page, live_server, demo):
    se_connecter(page, live_server, "lecteur.casa")
    page.keyboard.press("Tab")
    lien = page.get_by_role("link", name="Aller au contenu")
    assert lien.evaluate("e => e === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#contenu"


def test_la_recherche_de_l_en_tete_trouve_une_demande_par_son_nom_ou_son_numero(page, live_server, demo):
    from territoire.models import Utilisateur
    from tests.demandes.fabriques import demande_complete, demandeur

    instructeur = Utilisateur.objects.get(username="instructeur.casa")
    demande = demande_complete(
        instructeur, instructeur.habilitations.get().organisation, personnes=[demandeur(nom="Bénézet", prenom="Zoé")]
    )
    personne = demande.personnes.get()
    se_connecter(page, live_server, "instructeur.casa")
    recherche = page.get_by_role("searchbox", name="Numéro de demande ou nom du demandeur")
    recherche.fill("BENEZET")  # no accents, capitals
    recherche.press("Enter")
    page.wait_for_url(re.compile(r"/demandes/recherche/"))
    lien = page.get_by_role("link", name=personne.demande.numero)
    assert lien.count() == 1
    assert page.get_by_role("searchbox", name="Numéro de demande ou nom du demandeur").input_value()
    page.get_by_role("searchbox", name="Numéro de demande ou nom du demandeur").fill(personne.demande.numero)
    page.get_by_role("searchbox", name="Numéro de demande ou nom du demandeur").press("Enter")
    page.wait_for_url(f"{live_server.url}/demandes/{personne.demande.pk}/")
    assert personne.demande.numero in page.locator("h1").inner_text()
