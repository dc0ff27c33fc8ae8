import os
import shutil

import pytest
from django.core.management import call_command

from territoire.models import Organisation
from territoire.services import organisation_epci

# Playwright's sync API runs an event loop in the test thread; Django's live server is fine with it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def referentiel(db):
    """The real referential: 24 communes, QPV, CASA, its communes, the State, Action Logement, Erilia."""
    call_command("charger_referentiel", verbosity=0)
    return {o.slug: o for o in Organisation.objects.all()}


@pytest.fixture
def casa(db):
    return organisation_epci()


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
def celery_worker_reel(transactional_db):
    """A real Celery worker (in a thread of this process) consuming the tests' queue on the real Redis."""
    from celery.contrib.testing.worker import start_worker

    from casa_logement.celery import app

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10, queues=["tests"]) as worker:
        yield worker


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failed browser test, keep the page's screenshot and HTML in test-results/echecs/ to see what went wrong."""
    rapport = yield
    if rapport.when == "call" and rapport.failed and "page" in getattr(item, "funcargs", {}):
        from pathlib import Path

        dossier = Path(__file__).resolve().parent.parent / "test-results" / "echecs"
        dossier.mkdir(parents=True, exist_ok=True)
        page = item.funcargs["page"]
        nom = item.name.replace("/", "_")
        try:
            page.screenshot(path=str(dossier / f"{nom}.png"), full_page=True)
            (dossier / f"{nom}.html").write_text(page.content(), encoding="utf-8")
        except Exception:  # noqa: BLE001, S110 - the report matters more than the capture
            pass
    return rapport
