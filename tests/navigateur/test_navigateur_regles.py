"""Browser journey of issue 20: a landlord's administrator lowers its effort rate in its rules' page, then CASA's
instructor asks « pourquoi pas ? » on that landlord's dwelling and reads that the landlord's rule refuses the
household."""

import pytest

from demo.comptes import DEMO_PASSWORD
from territoire.models import Organisation, Utilisateur
from territoire.roles import Role
from tests.navigateur.outils import CAPTURES, se_connecter
from tests.territoire.fabriques import agent

pytestmark = pytest.mark.navigateur


def test_le_bailleur_baisse_son_taux_d_effort_et_la_casa_lit_la_regle_du_bailleur(page, live_server, monde):
    demandes, dispo = monde
    erilia = Organisation.objects.get(slug="erilia")
    # the demo's account when the world holds the demo's accounts, else made here
    admin = Utilisateur.objects.filter(username="admin.erilia").first() or agent(
        erilia, Role.ADMINISTRATEUR, username="admin.erilia"
    )
    admin.set_password(DEMO_PASSWORD)
    admin.save()

    se_connecter(page, live_server, "admin.erilia")
    lien = page.locator("a.dropdown-item", has_text="Règles de positionnement")  # the account menu
    page.goto(live_server.url + lien.get_attribute("href"))
    main = page.locator("main")
    assert "Règles de positionnement du bailleur Erilia" in main.inner_text()
    assert "règle de la CASA" in main.locator("table").first.inner_text()
    page.get_by_label("Taux d'effort maximal (%)").fill("20")
    page.get_by_label("Motif du changement").fill("Règlement intérieur d'attribution 2026")
    page.get_by_role("button", name="Enregistrer la nouvelle version").click()
    page.wait_for_selector("text=Nouvelle version enregistrée")
    en_vigueur = main.locator("table").first.inner_text()
    assert "20,0" in en_vigueur and "règle du bailleur Erilia" in en_vigueur
    assert "Règlement intérieur d'attribution 2026" in main.locator("table").nth(1).inner_text()
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(CAPTURES / "regles-du-bailleur.png"), full_page=True)
    # on a phone the history's table is wider than the screen: it scrolls in its region, which says so, the page not
    page.set_viewport_size({"width": 390, "height": 844})
    region = page.locator('div.table-responsive[aria-label="Historique des versions"]').element_handle()
    # the layout settles after the resize event: wait for the measured state rather than read it once. The predicate
    # is a function: a bare expression would be run through eval(), which our CSP forbids (and fails when it polls)
    page.wait_for_function(
        "r => r.classList.contains('deborde') && document.documentElement.scrollWidth <= 390"
        " && getComputedStyle(r, '::before').content.includes('Faites défiler le tableau')",
        arg=region,
        timeout=10_000,
    )
    page.screenshot(path=str(CAPTURES / "regles-du-bailleur-telephone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})

    # CASA asks why a household (effort rate of 23 %) is not among the candidates of Erilia's dwelling
    page.context.clear_cookies()
    se_connecter(page, live_server, "instructeur.casa")
    page.goto(f"{live_server.url}/positionnements/logements/{dispo.pk}/")
    assert "Aucune demande ne convient à ce logement" in main.inner_text()
    page.get_by_label("Pourquoi une demande n'est pas dans la liste ?").fill(demandes["Arnaud"].numero)
    page.get_by_role("button", name="Vérifier").click()
    verdict = page.locator("#verdict").inner_text()
    assert "au-delà des 20,0" in verdict and "règle du bailleur Erilia" in verdict
    page.locator("#regles-appliquees summary").click()
    assert "règle du bailleur Erilia" in page.locator("#regles-appliquees").inner_text()
