"""What the browser journeys share: where screenshots go, signing in with the second factor as a person does."""

import os
from pathlib import Path

from demo.comptes import DEMO_PASSWORD
from tests.territoire.fabriques import code_totp

CAPTURES = Path(
    os.environ.get("CASA_CAPTURES", Path(__file__).resolve().parent.parent.parent / "test-results" / "captures")
)


TITRE_PAR_ROLE = {
    "ADMINISTRATEUR": "Administration",
    "INSTRUCTEUR": "Instruction des demandes",
    "SECRETARIAT_COMMISSION": "Secrétariat de la CCPC",
    "GESTIONNAIRE_BAILLEUR": "Gestion locative",
    "AGENT_GUICHET": "Guichet enregistreur",
    "RESERVATAIRE": "Réservataire",
    "MEMBRE_COMMISSION": "Membre de la CCPC",
    "LECTEUR": "Consultation",
}


CLES_TOTP: dict[str, str] = {}


def second_facteur(page, login):
    """The second factor as a person gives it: at first login, enrol (read the secret shown under the QR code, type
    the app's code, note the recovery codes); afterwards, type the app's current code."""
    if page.locator("#cle-secrete").count():
        CLES_TOTP[login] = page.locator("#cle-secrete").inner_text()
        page.get_by_label("Code à six chiffres").fill(code_totp(CLES_TOTP[login]))
        page.get_by_role("button", name="Activer").click()
        assert page.locator("#codes-de-secours li").count() == 10
        page.get_by_role("link", name="J'ai noté mes codes, continuer").click()
    else:
        # the next 30-second step: the current one may already have been used at enrolment (no replay)
        page.get_by_label("Code").fill(code_totp(CLES_TOTP[login], decalage=30))
        page.get_by_role("button", name="Valider").click()


def se_connecter(page, live_server, login):
    page.goto(f"{live_server.url}/")
    assert "/connexion/" in page.url
    page.get_by_label("Identifiant").fill(login)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    if "/securite/deuxieme-facteur/" in page.url:
        second_facteur(page, login)
    page.wait_for_url(f"{live_server.url}/")


# -- axe-core (tests/navigateur/test_accessibilite.py, test_portail.py): a page fails on these impacts.
IMPACTS_BLOQUANTS = ("critical", "serious")


def script_axe() -> str:
    """axe-core as bundled by axe-playwright-python, loaded by the browser with each page (an init script: once per
    page, not once per check, and out of reach of the page's Content-Security-Policy)."""
    from axe_playwright_python.base import AXE_SCRIPT

    return AXE_SCRIPT


def violations_graves(page) -> list[str]:
    """axe-core's critical and serious violations on the page as it stands (all its rules: WCAG 2.x A and AA, best
    practices), one line each, naming a few elements and the first element's reason."""
    violations = page.evaluate(
        """async (impacts) => (await axe.run(document, {resultTypes: ['violations']})).violations
          .filter(v => impacts.includes(v.impact))
          .map(v => ({id: v.id, impact: v.impact, aide: v.help, nombre: v.nodes.length,
                      cibles: v.nodes.slice(0, 4).map(n => n.target.join(' ')),
                      detail: [...v.nodes[0].any, ...v.nodes[0].all].map(c => c.message).find(m => m) || ''}))""",
        list(IMPACTS_BLOQUANTS),
    )
    return [
        f"{v['id']} ({v['impact']}, {v['nombre']} élément(s) : {', '.join(v['cibles'])}) — {v['aide']}. {v['detail']}"
        for v in violations
    ]


def defilement_lateral(page) -> str | None:
    """None if the document is no wider than the window; else how much wider, and the first elements that stick out
    (outside a scrolling region)."""
    return page.evaluate(
        """() => {
          const d = document.documentElement;
          if (d.scrollWidth <= window.innerWidth) return null;
          // what sticks out: a box, or the text it holds (a long word), outside a table's scrolling region (or
          // positioned out of its clip: an absolute element escapes an unpositioned region)
          const larges = [...document.querySelectorAll('main *, header *, footer *')].filter(e => {
            const r = e.getBoundingClientRect();
            return Math.max(r.right, r.left + e.scrollWidth) > window.innerWidth + 1
              && (!e.closest('.table-responsive') || getComputedStyle(e).position === 'absolute');
          }).slice(0, 3).map(e => {
            const classes = typeof e.className === 'string' ? e.className.trim().split(/\\s+/).join('.') : '';
            return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (classes ? '.' + classes : '');
          });
          return `la page défile de côté (${d.scrollWidth} px pour ${window.innerWidth}) : ${larges.join(', ')}`;
        }"""
    )
