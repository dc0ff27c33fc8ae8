"""Browser journey of issue 8: a CASA agent reads the month's tracking table (targets, 12-month charts), opens the list
behind a figure, downloads the XLSX and the PDF report; a landlord sees its own figures and not another's."""

import io

import openpyxl
import pytest
from django.core.management import call_command

from suivi.models import TableauMensuel
from territoire.models import Organisation
from tests.navigateur.outils import CAPTURES, se_connecter

pytestmark = pytest.mark.navigateur


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", "--scale", "0.03", verbosity=0)


def test_la_casa_lit_le_tableau_et_un_bailleur_le_sien(page, live_server, demo):
    tableau = TableauMensuel.objects.order_by("-annee", "-mois").first()
    attributions = tableau.donnees["vues"]["territoire"][""]["mois"]["attributions"]
    assert attributions > 0
    se_connecter(page, live_server, "instructeur.casa")
    page.get_by_role("link", name="Suivi", exact=True).click()
    main = page.locator("main")
    assert f"{tableau.mois:02d}/{tableau.annee}" in page.locator("#choix-tableau").inner_text()
    assert "par la tâche planifiée du 1er du mois" in page.locator("#produit").inner_text()
    assert page.locator("main svg").count() == 2  # the 12-month charts
    assert "Attributions hors QPV au 1er quartile" in main.inner_text()
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(CAPTURES / "suivi-tableau.png"), full_page=True)
    # the list behind the month's leases
    page.locator("#tableau-suivi tbody tr", has_text="Attributions (baux signés)").locator("a").first.click()
    assert f"{attributions} enregistrement" in page.locator("#total-liste").inner_text()
    assert page.locator("main table tbody tr").count() == min(attributions, 100)
    page.go_back()
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Exporter (XLSX)").click()
    classeur = openpyxl.load_workbook(io.BytesIO(telechargement.value.path().read_bytes()))
    assert classeur.sheetnames[:4] == ["Territoire", "Bailleurs", "Réservataires", "Communes"]
    assert classeur["Territoire"]["C2"].value == attributions
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Rapport pour la CIL (PDF)").click()
    assert telechargement.value.path().read_bytes()[:4] == b"%PDF"

    page.context.clear_cookies()
    se_connecter(page, live_server, "gestionnaire.erilia")
    page.get_by_role("link", name="Suivi", exact=True).click()
    assert page.locator("#choix-vue").input_value() == "bailleur"
    assert page.locator("#choix-cle").inner_text().strip() == "Erilia"
    autre = Organisation.objects.filter(type="BAILLEUR").exclude(slug="erilia").first()
    reponse = page.goto(f"{live_server.url}/suivi/?vue=bailleur&cle={autre.pk}")
    assert reponse.status == 403
