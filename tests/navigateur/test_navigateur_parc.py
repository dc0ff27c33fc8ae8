"""Browser journey of the parc: a landlord imports its stock (a wrong file first), declares a dwelling free, and
CASA sees it in the list of dwellings awaiting positioning."""

import pytest
from django.core.management import call_command

from tests.navigateur.outils import CAPTURES, se_connecter
from tests.programmation.fabriques import BONNES, csv_cp1252

pytestmark = pytest.mark.navigateur


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", "--scale", "0", verbosity=0)


def test_un_bailleur_importe_son_parc_et_declare_un_logement_que_la_casa_voit(
    page, live_server, demo, tmp_path, celery_worker_reel
):
    faux = tmp_path / "parc_faux.csv"
    faux.write_bytes(csv_cp1252(BONNES[0], BONNES[1].replace(";T2;", ";T0;")))
    bon = tmp_path / "parc.csv"
    bon.write_bytes(csv_cp1252(*BONNES))

    se_connecter(page, live_server, "gestionnaire.erilia")
    page.get_by_role("link", name="Parc", exact=True).click()
    page.get_by_role("link", name="Importer le parc (CSV, XLSX)").click()
    page.get_by_label("Fichier (CSV, XLSX, XLS ou ODS, 20 Mo au plus)").set_input_files(str(faux))
    page.get_by_role("button", name="Vérifier le fichier").click()
    page.wait_for_selector("text=Refusé (erreurs)")  # checked by a real worker, the page polls
    assert "typologie : « T0 » inconnue (valeurs admises : T1, T2" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Appliquer au parc").count() == 0
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(CAPTURES / "parc-import-erreurs.png"), full_page=True)

    page.get_by_role("link", name="Imports").click()
    page.get_by_label("Fichier (CSV, XLSX, XLS ou ODS, 20 Mo au plus)").set_input_files(str(bon))
    page.get_by_role("button", name="Vérifier le fichier").click()
    page.get_by_role("button", name="Appliquer au parc").click()
    page.get_by_role("button", name="Confirmer l'application au parc").click()
    page.wait_for_selector("text=Parc mis à jour")

    page.get_by_role("link", name="Parc", exact=True).click()
    page.get_by_role("link", name="Le Hameau des Pêcheurs").click()
    page.get_by_role("link", name="Déclarer libre").click()
    page.get_by_label("Libre le").fill("2026-12-20")
    page.get_by_role("button", name="Déclarer").click()
    page.wait_for_selector("text=déclaré à pourvoir")

    page.locator("header .dropdown-toggle").click()
    page.get_by_role("button", name="Se déconnecter").click()
    se_connecter(page, live_server, "instructeur.casa")
    page.get_by_role("link", name="Logements à pourvoir sans leurs trois candidats").click()
    texte = page.locator("main").inner_text()
    assert "Le Hameau des Pêcheurs — B01" in texte
    assert "20/12/2026" in texte
    page.screenshot(path=str(CAPTURES / "logements-a-pourvoir.png"), full_page=True)
