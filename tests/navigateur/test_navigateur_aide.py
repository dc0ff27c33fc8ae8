"""Browser journey of the help (issue 16): from the login page a person opens the glossary and jumps to a term by its
anchor; signed in, the « Aide » link of the header opens the help of the role, whose first task leads to its page.
Screenshots at 1280×800 and 390×844 (`CASA_CAPTURES=docs/screenshots` refreshes the ones in the docs)."""

import pytest

from tests.navigateur.outils import CAPTURES, se_connecter

pytestmark = pytest.mark.navigateur
TAILLES = {"ordinateur": (1280, 800), "telephone": (390, 844)}


def _capturer(page, nom: str) -> None:
    for suffixe, (largeur, hauteur) in TAILLES.items():
        page.set_viewport_size({"width": largeur, "height": hauteur})
        assert page.evaluate("document.documentElement.scrollWidth") <= largeur, f"{nom} défile de côté"
        page.screenshot(path=str(CAPTURES / f"{nom}-{suffixe}.png"))
    page.set_viewport_size({"width": 1280, "height": 800})


def test_le_glossaire_depuis_la_connexion_puis_l_aide_du_role(page, live_server, demo):  # noqa: F811
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_role("link", name="glossaire").click()
    assert page.url.endswith("/aide/glossaire/")
    page.get_by_role("navigation", name="Lettres du glossaire").get_by_role("link", name="D", exact=True).click()
    assert page.url.endswith("#dalo") or page.url.endswith("#date-de-depot")
    page.goto(f"{live_server.url}/aide/glossaire/#dalo")
    dalo = page.locator("#dalo")
    assert dalo.inner_text() == "DALO" and dalo.is_visible()
    # the page scrolls to it (smoothly: Bootstrap's scroll-behavior)
    for _ in range(50):
        if page.evaluate("document.getElementById('dalo').getBoundingClientRect().top") < 200:
            break
        page.wait_for_timeout(100)
    assert page.evaluate("document.getElementById('dalo').getBoundingClientRect().top") < 200
    page.goto(f"{live_server.url}/aide/glossaire/")
    _capturer(page, "aide-glossaire")

    se_connecter(page, live_server, "gestionnaire.erilia")
    page.locator("#lien-aide").click()
    assert page.url.endswith("/aide/")
    guide = page.locator("#role-gestionnaire-bailleur")
    assert "Transmettre les décisions de votre CAL" in guide.inner_text()
    _capturer(page, "aide-gestionnaire-bailleur")
    guide.get_by_role("link", name="Retours CAL").click()
    assert page.url.endswith("/positionnements/cal/")
    assert page.locator("#prerempli-xlsx").is_visible()
