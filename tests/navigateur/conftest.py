"""Fixtures of the browser journeys: Debian's Chromium (skipped, and said, where it is absent), a page, the demo's
data, the world of the positionnement journeys."""

import datetime as dt
import os
import shutil

import pytest
from django.core.management import call_command
from django.utils import timezone

from demandes import services as demandes_services
from demandes.codes import CodePriorite
from programmation import services as parc_services
from territoire.models import Organisation, Utilisateur
from tests.demandes.fabriques import demande_complete
from tests.positionnements.fabriques import famille_nommee, logement_cree

# Playwright's sync API runs an event loop in the test thread; Django's live server is fine with it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def navigateur():
    """Debian's Chromium driven by Playwright (never `playwright install`). Required in CI (.ci/run installs it)."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Chromium est absent alors que .ci/run devait l'installer.")
        pytest.skip("Chromium absent de cette machine : apt-get install chromium, ou lancez bash .ci/run.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(navigateur):
    context = navigateur.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", "--scale", "0", verbosity=0)


@pytest.fixture
def monde(transactional_db):
    call_command("seed_demo", "--scale", "0", verbosity=0)
    guichet = Utilisateur.objects.get(username="guichet.antibes")
    antibes = Organisation.objects.get(slug="commune-antibes")
    demandes = {
        nom: demande_complete(guichet, antibes, personnes=famille_nommee(nom), **kw)
        for nom, kw in (
            ("Arnaud", {"rfr": 18000}),
            ("Blanc", {"rfr": 22000}),
            ("Costa", {"rfr": 26000}),
            ("Durand", {"communes": ("06155",)}),
            ("Ernst", {"rfr": 25000}),
        )
    }
    demandes_services.critere_ajouter(
        par=Utilisateur.objects.get(username="instructeur.casa"),
        demande=demandes["Ernst"],
        code=CodePriorite.DALO,
        preuve="Décision de la commission de médiation",
        date_decision=dt.date(2026, 6, 1),
    )
    erilia = Organisation.objects.get(slug="erilia")
    dispo = parc_services.disponibilite_declarer(
        par=Utilisateur.objects.get(username="gestionnaire.erilia"),
        logement=logement_cree(erilia, "A11"),
        date_liberation=timezone.localdate() + dt.timedelta(days=40),
    )
    for d in demandes.values():
        d.refresh_from_db()
    return demandes, dispo
