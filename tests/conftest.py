import os

import pytest
from django.core.management import call_command

from territoire.models import Organisation
from territoire.services import organisation_epci
from tests.commissions.fabriques import ccpc_de
from tests.positionnements.fabriques import monde_positionnements
from tests.positionnements.fabriques_cal import retours_de
from tests.programmation.fabriques import programme_de

# Playwright's sync API runs an event loop in the test thread; Django's live server is fine with it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_addoption(parser):
    parser.addoption(
        "--epingler-requetes",
        action="store_true",
        help="pin the SQL queries counted in tests/projet/requetes_matrice.json (tests/projet/test_matrice_roles.py)",
    )


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "jour_fige: the test lives on tests.horloge.JOUR at 10:00 in Paris, the clock ticking from there"
    )


# -- Suite-wide guards (les-emplois' habits): every test, every page, every task run in the tests goes through them.


@pytest.fixture(scope="session", autouse=True)
def verrou_nomme_avec_select_related():
    """`select_for_update()` with `select_related()` locks the joined rows too (the landlord's organisation of a
    deposit, the dwelling and residence of a vacancy…), which blocks every insert that points to them for as long as
    the transaction lasts. With `select_related`, a lock names what it locks: `select_for_update(of=("self",))` or
    the tables meant; otherwise the query raises TypeError and the test fails."""
    from django.db.models.sql.compiler import SQLCompiler

    as_sql = SQLCompiler.as_sql

    def as_sql_garde(self, *args, **kwargs):
        requete = self.query
        if requete.select_for_update and requete.select_related and not requete.select_for_update_of:
            raise TypeError(
                "select_for_update() avec select_related() verrouille aussi les lignes jointes : nommez ce qui est "
                f'verrouillé, select_for_update(of=("self",)) (modèle {requete.model.__name__})'
            )
        return as_sql(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SQLCompiler, "as_sql", as_sql_garde)
        yield


@pytest.fixture(scope="session", autouse=True)
def requetes_sans_ordre_au_hasard():
    """A queryset with no order (no order_by(), no Meta.ordering) comes back in random order (ORDER BY RANDOM()), so
    that neither a test nor a page relies on the order PostgreSQL happens to return today (after Adam Johnson,
    « Make Django tests always return unordered querysets in random order »). A page whose order matters says it with
    order_by(); a test whose expectation does not depend on the order compares without it (sets, sorted lists).
    Left alone: explicit `.order_by()` (no order wanted, as in a subquery), DISTINCT and UNION, whose ORDER BY may
    only name selected columns."""
    from django.db.models.sql.compiler import SQLCompiler

    paires = SQLCompiler._order_by_pairs

    def paires_au_hasard(self):
        requete = self.query
        meta = requete.get_meta()
        if (
            requete.extra_order_by
            or requete.order_by
            or not requete.default_ordering
            or (meta is not None and meta.ordering)
            or requete.distinct
            or requete.combinator
        ):
            return paires(self)
        requete.order_by = ("?",)
        try:
            return list(paires(self))
        finally:
            requete.order_by = ()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SQLCompiler, "_order_by_pairs", paires_au_hasard)
        yield


@pytest.fixture(autouse=True)
def horloge(request):
    """The tests marked `jour_fige`, and those on the CAL returns' world (fixture `retours`, dated from today), run
    on tests.horloge.JOUR: set before any other fixture of the test builds its data."""
    if request.node.get_closest_marker("jour_fige") or "retours" in request.fixturenames:
        from tests.horloge import figer

        with figer():
            yield
    else:
        yield


@pytest.fixture
def referentiel(db):
    """The real referential: 24 communes, QPV, CASA, its communes, the State, Action Logement, Erilia."""
    call_command("charger_referentiel", verbosity=0)
    return {o.slug: o for o in Organisation.objects.all()}


@pytest.fixture(autouse=True)
def second_facteur_a_la_connexion_forcee(request):
    """`client.force_login(user)` stands for a whole login, second factor included: the person gets an enrolled
    TOTP device and the session is verified with it (django_otp.login's session key). The second factor itself is
    tested through its pages (tests/territoire/test_securite.py, and the browser journeys that enrol a device). A test
    marked `sans_second_facteur` gets Django's plain force_login, to see the refusal."""
    if request.node.get_closest_marker("sans_second_facteur"):
        yield
        return
    from django.test import Client

    force_login_django = Client.force_login

    def force_login(self, user, backend=None):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        force_login_django(self, user, backend)
        appareil, _ = TOTPDevice.objects.get_or_create(user=user, name="tests", defaults={"confirmed": True})
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = appareil.persistent_id
        session.save()

    # its own MonkeyPatch: a test's monkeypatch.undo() must not take the second factor away
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Client, "force_login", force_login)
        yield


@pytest.fixture
def casa(db):
    return organisation_epci()


# -- The worlds several apps' tests play on (their builders are in tests/<app>/fabriques.py). A module may define its
# own `monde` (the role matrix, the flux, the browser journeys): the nearest definition wins.


@pytest.fixture
def monde(referentiel):
    """Five demands at Antibes's counter, two vacancies of Erilia (tests/positionnements/fabriques.py)."""
    return monde_positionnements(referentiel)


@pytest.fixture
def ccpc(monde, referentiel):
    """`monde` with its commission: members, a secretariat, a session in 7 days (tests/commissions/fabriques.py)."""
    return ccpc_de(monde, referentiel)


@pytest.fixture
def retours(monde):
    """`monde`, four candidates validated 40 days ago, Erilia's manager (tests/positionnements/fabriques_cal.py).
    A test using it runs on the frozen day of tests/horloge.py (fixture `horloge`)."""
    return retours_de(monde)


@pytest.fixture
def programme(referentiel):
    """(CASA's instructor, a programme of 20 dwellings at Valbonne) (tests/programmation/fabriques.py)."""
    return programme_de(referentiel)


@pytest.fixture
def celery_worker_reel(transactional_db):
    """A real Celery worker (in a thread of this process) consuming the tests' queues on the real Redis: « tests » and
    each kind's (« tests.imports »…, casa_logement/files.py)."""
    from celery.contrib.testing.worker import start_worker

    from casa_logement.celery import app
    from casa_logement.files import toutes_les_files

    with start_worker(
        app, pool="solo", perform_ping_check=False, shutdown_timeout=10, queues=toutes_les_files()
    ) as worker:
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


@pytest.fixture
def confirmer():
    """Sends an action that asks for a confirmation (commun/confirmation.py) as a person does: the action's
    form first, which must answer the confirmation page and write nothing to the database (no INSERT, UPDATE or
    DELETE but the session's), then that page's « Confirmer » with the fields it holds. Returns the second answer;
    its `confirmation` attribute is the confirmation page's text (its no-break spaces as spaces) and `champs` what it
    posted back (to replay it)."""
    import html
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def envoyer(client, url, donnees=None, **kwargs):
        with CaptureQueriesContext(connection) as requetes:
            page = client.post(url, donnees or {})
        texte = page.content.decode()
        assert page.status_code == 200 and 'name="confirmation"' in texte, (page.status_code, texte[:3000])
        ecritures = [
            q["sql"]
            for q in requetes.captured_queries
            if q["sql"].lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE")
            and "django_session" not in q["sql"]
        ]
        assert not ecritures, ecritures
        formulaire = texte[
            texte.index('class="confirmation"') : texte.index("</form>", texte.index('class="confirmation"'))
        ]
        champs: dict[str, list[str]] = {}
        for nom, valeur in re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)">', formulaire):
            if nom != "csrfmiddlewaretoken":
                champs.setdefault(html.unescape(nom), []).append(html.unescape(valeur))
        reponse = client.post(url, champs, **kwargs)
        reponse.confirmation = texte.replace("\u00a0", " ")
        reponse.champs = champs
        return reponse

    return envoyer


# -- The accessibility sweep (tests/navigateur/test_accessibilite.py): what it read, written out, summed up at the end.
JOURNAL_ACCESSIBILITE = pytest.StashKey[dict]()


@pytest.fixture
def journal_accessibilite(request):
    """Where the axe-core sweep records each page read: {"pages": [(who, matrix path, real path, size)],
    "fichiers": [(who, path, why not a page)], "durees": {who: seconds}}."""
    return request.config.stash.setdefault(JOURNAL_ACCESSIBILITE, {"pages": [], "fichiers": [], "durees": {}})


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """After a run that included the axe-core sweep: the pages it checked, by role and size, printed whatever the
    output options (-q, no -s), and the full list in test-results/axe-pages.txt."""
    journal = config.stash.get(JOURNAL_ACCESSIBILITE, None)
    if not journal or not journal["pages"]:
        return
    from pathlib import Path

    par_page: dict[str, set[str]] = {}
    tailles = set()
    for qui, motif, _chemin, taille in journal["pages"]:
        par_page.setdefault(motif, set()).add(qui)
        tailles.add(taille)
    duree = sum(journal["durees"].values())
    lignes = [
        f"axe-core (critical, serious) : {len(journal['pages'])} lectures = {len(par_page)} pages de la matrice, "
        f"{len({(q, m) for q, m, _c, _t in journal['pages']})} couples page × rôle, {len(tailles)} tailles "
        f"({', '.join(sorted(tailles))}) ; {duree:.0f} s dans le navigateur",
    ]
    lignes += [f"  {motif} : {', '.join(sorted(qui))}" for motif, qui in par_page.items()]
    if journal["fichiers"]:
        lignes.append(
            "Non lus, ce ne sont pas des pages (fichiers, données de l'API, fragments) : "
            + ", ".join(sorted({f[1] for f in journal["fichiers"]}))
        )
    dossier = Path(__file__).resolve().parent.parent / "test-results"
    dossier.mkdir(exist_ok=True)
    detail = [f"{qui}\t{taille}\t{chemin}\t{motif}" for qui, motif, chemin, taille in journal["pages"]]
    (dossier / "axe-pages.txt").write_text(
        "\n".join(lignes + ["", "rôle\ttaille\tadresse lue\tligne de la matrice"] + detail) + "\n", encoding="utf-8"
    )
    terminalreporter.section("accessibilité : pages vérifiées par axe-core")
    for ligne in lignes:
        terminalreporter.write_line(ligne)
    terminalreporter.write_line(f"Détail (rôle, taille, adresse) : {dossier / 'axe-pages.txt'}")
