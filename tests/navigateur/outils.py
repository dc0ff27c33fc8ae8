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
