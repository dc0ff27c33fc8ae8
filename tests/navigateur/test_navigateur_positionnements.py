"""Browser journey of issue 5: an agent opens a vacant dwelling, sees the ranked candidates with their reasons, asks
why a demand is absent, positions three, and the landlord of the dwelling sees them."""

import pytest

from tests.navigateur.outils import CAPTURES, se_connecter

pytestmark = pytest.mark.navigateur


def test_un_agent_positionne_trois_candidats_que_le_bailleur_voit(page, live_server, monde):
    demandes, dispo = monde
    se_connecter(page, live_server, "instructeur.casa")
    page.get_by_role("link", name="Positionnements").first.click()
    assert "1 logement en attente" in page.locator("main").inner_text()
    page.get_by_role("link", name="Candidats").click()
    main = page.locator("main")
    assert "4 demandes conviennent au logement" in main.inner_text()
    lignes = page.locator("main table").nth(1).locator("tbody tr")
    assert lignes.count() == 4
    premiere = lignes.nth(0)
    assert demandes["Ernst"].numero in premiere.inner_text() and "DALO" in premiere.inner_text()
    premiere.locator("summary").click()
    assert "T3 adapté à un ménage de 4 personnes." in premiere.inner_text()

    # why is the demand of Vallauris absent?
    page.get_by_label("Pourquoi une demande n'est pas dans la liste ?").fill(demandes["Durand"].numero)
    page.get_by_role("button", name="Vérifier").click()
    assert "La commune du logement ne fait pas partie des communes souhaitées." in page.locator("#verdict").inner_text()

    # two candidates without a stated exception: refused, nothing saved; then three in rank order
    for nom in ("Ernst", "Arnaud"):
        page.get_by_label(f"Positionner {demandes[nom].numero}").check()
    page.get_by_role("button", name="Positionner les candidats cochés").click()
    assert "La loi demande trois candidats par logement" in page.locator("#erreur-positionnement").inner_text()
    page.get_by_label(f"Positionner {demandes['Blanc'].numero}").check()
    page.get_by_role("button", name="Positionner les candidats cochés").click()
    page.wait_for_selector("text=3 candidats positionnés.")
    positionnes = page.locator("main table").first.inner_text()
    assert positionnes.index(demandes["Ernst"].numero) < positionnes.index(demandes["Arnaud"].numero)
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(CAPTURES / "positionnement-candidats.png"), full_page=True)

    # the landlord sees them on its dwelling, without the candidate list
    page.context.clear_cookies()
    se_connecter(page, live_server, "gestionnaire.erilia")
    page.goto(f"{live_server.url}/positionnements/")
    texte = page.locator("main").inner_text()
    for nom in ("Ernst", "Arnaud", "Blanc"):
        assert demandes[nom].numero in texte
    page.goto(f"{live_server.url}/positionnements/logements/{dispo.pk}/")
    assert "Recherche de candidats" not in page.locator("main").inner_text()
    assert page.locator("main table").first.locator("tbody tr").count() == 3
