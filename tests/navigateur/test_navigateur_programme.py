"""Browser journey of issue 4: CASA creates a programme, convenes the réservataires, records a split that is
refused (totals wrong), corrects it, validates it and downloads the minutes PDF; then takes the programme through
financing and works to its delivery, whose dwellings are then to fill."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.navigateur.outils import CAPTURES, se_connecter

pytestmark = pytest.mark.navigateur


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", "--scale", "0", verbosity=0)


def test_la_casa_cree_un_programme_et_valide_sa_repartition(page, live_server, demo):
    se_connecter(page, live_server, "instructeur.casa")
    page.goto(f"{live_server.url}/parc/programmes/")
    page.get_by_role("link", name="Nouveau programme").click()
    page.locator("#id_bailleur").select_option(label="Erilia")
    page.locator("#id_commune").select_option(label="Valbonne")
    page.locator("#id_nom").fill("Les Terrasses de Garbejaïre")
    page.locator("#id_adresse").fill("Route des Colles, Sophia Antipolis")
    page.locator("#id_livraison_prevue").fill("2028-06-30")
    page.get_by_label("T2 PLUS").fill("6")
    page.get_by_label("T3 PLUS").fill("4")
    page.get_by_role("button", name="Créer le programme").click()
    page.wait_for_selector("text=Programme créé.")

    page.locator("#id_date").fill("2027-01-15T10:00")
    page.locator("#id_lieu").fill("Salle du conseil, Sophia Antipolis")
    page.locator("#id_organisations").select_option(label="Préfecture des Alpes-Maritimes (DDETS 06)")
    page.get_by_role("button", name="Convoquer").click()
    assert "Seront convoqués, par courriel" in page.locator("#effets").inner_text().replace("\xa0", " ")
    page.get_by_role("button", name="Confirmer la convocation").click()
    page.wait_for_selector("text=Réunion convoquée")

    page.get_by_label("Erilia présente").check()
    page.get_by_label("Préfecture des Alpes-Maritimes (DDETS 06) T2 PLUS").fill("3")
    page.get_by_label("Erilia T2 PLUS").fill("4")  # 7 for 6: refused
    page.get_by_label("Erilia T3 PLUS").fill("4")
    page.get_by_role("button", name="Enregistrer présences et répartition").click()
    assert "T2 PLUS : 7 répartis pour 6 au programme" in page.locator("main").inner_text()
    page.get_by_label("Erilia T2 PLUS").fill("3")
    page.get_by_role("button", name="Enregistrer présences et répartition").click()
    page.wait_for_selector("text=Présences et répartition enregistrées.")
    page.get_by_role("button", name="Valider la répartition").click()
    page.get_by_role("button", name="Confirmer la validation").click()
    page.wait_for_selector("text=Répartition validée")
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(CAPTURES / "reunion-reservataires.png"), full_page=True)
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Télécharger le compte rendu (PDF)").click()
    chemin = telechargement.value.path()
    with open(chemin, "rb") as f:
        assert f.read(4) == b"%PDF"

    # the programme goes on: financed, works, delivered; its dwellings are then to fill
    page.locator('nav[aria-label="Fil d\'Ariane"]').get_by_role("link", name="Les Terrasses de Garbejaïre").click()
    page.get_by_label("Commentaire (facultatif)").fill("Agrément et garantie d'emprunt obtenus")
    page.get_by_role("button", name="Passer à « Financé »").click()
    page.get_by_role("button", name="Confirmer : « Financé »").click()
    page.wait_for_selector("text=Le programme est désormais « Financé ».")
    page.get_by_role("button", name="Passer à « En chantier »").click()
    page.get_by_role("button", name="Confirmer : « En chantier »").click()
    page.wait_for_selector("text=Le programme est désormais « En chantier ».")
    assert "Agrément et garantie d'emprunt obtenus" in page.locator("main").inner_text()
    page.get_by_role("link", name="Livrer le programme…").click()
    page.locator("#id_date_livraison").fill(timezone.localdate().isoformat())
    page.get_by_label("Surface (m²) T2 PLUS").fill("0")
    page.get_by_role("button", name="Livrer : créer la résidence et les logements").click()
    assert "T2 PLUS : la surface doit être comprise entre 1 et 300 m²" in page.locator("main").inner_text()
    page.get_by_label("Surface (m²) T2 PLUS").fill("47,5")
    page.get_by_role("button", name="Livrer : créer la résidence et les logements").click()
    assert "ses 10 logements seront créés" in page.locator("#effets").inner_text().replace("\xa0", " ")
    page.get_by_role("button", name="Confirmer la livraison").click()
    page.wait_for_selector("text=Programme livré : 10 logements créés")
    tableau = page.locator("main table").last.inner_text()
    assert "Préfecture des Alpes-Maritimes (DDETS 06)" in tableau and "47,5 m²" in tableau
    page.screenshot(path=str(CAPTURES / "programme-livre.png"), full_page=True)
    page.goto(f"{live_server.url}/parc/a-pourvoir/")
    assert "10 logements en attente de positionnement" in page.locator("main").inner_text()
