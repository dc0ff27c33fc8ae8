"""axe-core on every page of the role matrix (docs/roles.md), for each role that reaches it, at two sizes.

The pages are the matrix's `GET` rows answered 200 to the role, in the world of tests/projet/test_matrice_roles.py (its
parser, actors and objects are reused: a new row of the matrix is checked here without a line of this file changing).
Files (CSV, XLSX, PDF, a piece), the API's data and htmx fragments are not pages: they are listed apart, not read.
Each role signs in once (its session, second factor verified, is handed to the browser as a cookie) and its pages are
read in one tab at 1280×800 then at 390×844. A page fails on any violation of impact « critical » or « serious »
(axe-core's rules: WCAG 2.x A and AA, best practices) and, at 390 px, if the page itself scrolls sideways (WCAG
1.4.10, reflow: only a table's own scrolling region may). What was read is summed up at the end of the run and
listed in test-results/axe-pages.txt (tests/conftest.py).
"""

import os
import re
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.navigateur.outils import defilement_lateral, script_axe, violations_graves
from tests.projet.matrice import ACTEURS, CAS, PUBLIQUES, monde_de_la_matrice, objets_de

pytestmark = pytest.mark.navigateur

TAILLES = {"1280×800": (1280, 800), "390×844": (390, 844)}
# Downloads and machine-readable answers, known by their address: not pages a person reads (the API's documentation is);
# a piece of a demand is its file. Whatever else the browser downloads is listed apart too (ouvrir).
FICHIERS = re.compile(r"\.(csv|xlsx|pdf)(\?|$)|^/api/(?!docs/)|/etat/$|/pieces/\{piece\}/$")
CAPTURES = Path(
    os.environ.get("CASA_CAPTURES", Path(__file__).resolve().parent.parent.parent / "test-results" / "captures")
)


@pytest.fixture
def monde(referentiel):
    """The world of the role matrix (tests/projet/matrice.py)."""
    return monde_de_la_matrice(referentiel)


def pages_du_role(acteur: str) -> list[str]:
    """The matrix's GET paths answered 200 to `acteur`, placeholders ({demande}…) left in, files aside."""
    return [
        cas.values[1]
        for cas in CAS
        if cas.values[0] == "GET" and cas.values[2][acteur] == 200 and not FICHIERS.search(cas.values[1])
    ]


def pages_sans_compte() -> list[str]:
    """The pages open without an account (« | sans compte | code | » table) answered 200."""
    chemins = [ligne[0].split(" ", 1)[1] for ligne in PUBLIQUES if ligne[0].startswith("GET ") and ligne[1] == "200"]
    return [c for c in chemins if not FICHIERS.search(c)]


def ouvrir(page, url):
    """Opens `url` like a person: returns (status, content type), or (None, why) when the browser downloads a file."""
    from playwright.sync_api import Error

    try:
        reponse = page.goto(url)
    except Error as erreur:
        if "Download is starting" in str(erreur):
            return None, "fichier téléchargé"
        raise
    if page.locator("#swagger-ui").count():  # the API's documentation draws itself from the schema
        page.wait_for_selector("#swagger-ui .opblock", state="attached")
    return reponse.status, reponse.headers.get("content-type", "").split(";")[0]


def parcourir(navigateur, base_url, chemins, qui, journal, cookie=None, attendu=200) -> list[str]:
    """Reads each (matrix path, real path) at both sizes in one browser context; returns the faults found. The
    pages must answer `attendu` (an error page is read like any other)."""
    fautes = []
    contexte = navigateur.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
    contexte.add_init_script(script=script_axe())
    if cookie:
        contexte.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}])
    page = contexte.new_page()
    page.set_default_timeout(15_000)
    try:
        for motif, chemin in chemins:
            page.set_viewport_size({"width": 1280, "height": 800})
            statut, type_ = ouvrir(page, base_url + chemin)
            if statut is None or (statut == attendu and type_ != "text/html"):
                journal["fichiers"].append((qui, motif, type_))
                continue
            if statut != attendu:
                fautes.append(f"{qui} {chemin} : réponse {statut} au lieu de {attendu}")
                continue
            if not page.evaluate("() => !!document.title"):  # an htmx fragment: part of a page, read with it
                journal["fichiers"].append((qui, motif, "fragment"))
                continue
            for taille, (largeur, hauteur) in TAILLES.items():
                page.set_viewport_size({"width": largeur, "height": hauteur})
                fautes += [f"{qui} {chemin} à {taille} : {ligne}" for ligne in violations_graves(page)]
                if largeur < 576 and (defile := defilement_lateral(page)):
                    fautes.append(f"{qui} {chemin} à {taille} : {defile}")
                journal["pages"].append((qui, motif, chemin, taille))
    finally:
        contexte.close()
    return fautes


def session_de(user) -> str:
    """A signed-in session of `user`, second factor verified (tests/conftest.py), as its cookie's value."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.mark.parametrize("acteur", ACTEURS)
def test_les_pages_du_role_sont_accessibles(navigateur, live_server, monde, acteur, journal_accessibilite):  # noqa: F811
    user = monde["acteurs"][acteur]
    objets = objets_de(monde, user)
    chemins = [(m, re.sub(r"\{(\w+)\}", lambda g: str(objets[g.group(1)]), m)) for m in pages_du_role(acteur)]
    journal_accessibilite["fichiers"] += [
        (acteur, c.values[1], "fichier")
        for c in CAS
        if c.values[0] == "GET" and c.values[2][acteur] == 200 and FICHIERS.search(c.values[1])
    ]
    debut = time.monotonic()
    fautes = parcourir(navigateur, live_server.url, chemins, acteur, journal_accessibilite, session_de(user))
    journal_accessibilite["durees"][acteur] = time.monotonic() - debut
    assert not fautes, "\n".join(fautes)


def test_les_pages_sans_compte_sont_accessibles(navigateur, live_server, referentiel, journal_accessibilite):
    debut = time.monotonic()
    chemins = [(c, c) for c in pages_sans_compte()]
    fautes = parcourir(navigateur, live_server.url, chemins, "sans compte", journal_accessibilite)
    journal_accessibilite["durees"]["sans compte"] = time.monotonic() - debut
    assert not fautes, "\n".join(fautes)


def test_sur_un_telephone_seul_le_tableau_defile(navigateur, live_server, monde):  # noqa: F811
    """At 390×844, the dwelling page and the tracking table do not scroll the page sideways: their wide tables
    scroll inside a region that the keyboard reaches (Tab) and that says what it holds. Captures of both pages."""
    instructeur = monde["acteurs"]["instructeur"]
    contexte = navigateur.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    contexte.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session_de(instructeur), "url": live_server.url}]
    )
    page = contexte.new_page()
    CAPTURES.mkdir(parents=True, exist_ok=True)
    pages = {
        "logement-telephone": f"/positionnements/logements/{monde['dispo'].pk}/",
        "suivi-tableau-telephone": "/suivi/",
    }
    try:
        for nom, chemin in pages.items():
            page.goto(live_server.url + chemin)
            page.screenshot(path=str(CAPTURES / f"{nom}.png"), full_page=True)
        for chemin in pages.values():
            page.goto(live_server.url + chemin)
            assert defilement_lateral(page) is None, chemin
            regions = page.locator("main .table-responsive")
            assert regions.count() >= 1, chemin
            for i in range(regions.count()):
                region = regions.nth(i)
                assert region.get_attribute("tabindex") == "0", chemin
                assert region.get_attribute("role") == "region", chemin
                assert region.get_attribute("aria-label"), chemin
            # the widest region scrolls; the keyboard reaches it and moves it
            large = max(
                (regions.nth(i) for i in range(regions.count())),
                key=lambda r: r.evaluate("e => e.scrollWidth - e.clientWidth"),
            )
            assert large.evaluate("e => e.scrollWidth > e.clientWidth"), chemin
            large.focus()
            page.keyboard.press("ArrowRight")
            page.keyboard.press("ArrowRight")
            page.wait_for_function("e => e.scrollLeft > 0", arg=large.element_handle(), timeout=3_000)
    finally:
        contexte.close()


def test_apres_un_envoi_refuse_le_focus_va_au_resume_des_erreurs(navigateur, live_server, monde):  # noqa: F811
    """A form sent back with errors: the focus is on its error summary (read first), which lists each error as a link
    to its field; following a link puts the focus in that field. Same for an error message after a redirect."""
    admin = monde["acteurs"]["admin_casa"]
    contexte = navigateur.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    contexte.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session_de(admin), "url": live_server.url}])
    page = contexte.new_page()
    try:
        page.goto(f"{live_server.url}/utilisateurs/nouveau/")
        page.get_by_label("Prénom").fill("Inès")
        page.get_by_label("Adresse électronique").fill("pas-une-adresse")
        page.get_by_role("button", name="Créer le compte et envoyer l'invitation").click()
        page.wait_for_load_state()
        resume = page.locator("[data-resume-erreurs]")
        assert resume.evaluate("e => e === document.activeElement")
        assert "Le formulaire n'a pas été enregistré" in resume.inner_text()
        lien = resume.get_by_role(
            "link", name=re.compile("^Adresse électronique : Saisissez une adresse e-mail valide")
        )
        lien.click()
        assert page.evaluate("document.activeElement.id") == "id_email"
        assert resume.get_by_role("link", name=re.compile("^Nom : ")).get_attribute("href") == "#id_last_name"
        assert page.get_by_label("Prénom").input_value() == "Inès"  # the input is kept
        CAPTURES.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(CAPTURES / "resume-erreurs-telephone.png"))

        # an action refused with a message after a redirect: the message takes the focus
        page.goto(f"{live_server.url}/suivi/")
        page.evaluate("document.querySelector('#produire-mois').removeAttribute('max')")
        page.locator("#produire-mois").fill("13")
        page.get_by_role("button", name=re.compile("^Produire")).click()
        page.wait_for_load_state()
        message = page.locator("[data-resume-erreurs]")
        assert "Mois invalide" in message.inner_text()
        assert message.evaluate("e => e === document.activeElement")
    finally:
        contexte.close()


@pytest.mark.sans_second_facteur
def test_les_pages_du_second_facteur_sont_accessibles(navigateur, live_server, monde, journal_accessibilite):  # noqa: F811
    """The two pages between the password and the application (not rows of the matrix: a verified session is sent
    on): the enrolment of a first authenticator, and the code asked of a person who has one."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    debut = time.monotonic()
    fautes = []
    for qui, user in (
        ("sans appareil", monde["acteurs"]["guichet"]),
        ("avec appareil", monde["acteurs"]["instructeur"]),
    ):
        if qui == "avec appareil":
            TOTPDevice.objects.create(user=user, name="téléphone", confirmed=True)
        chemin = "/securite/deuxieme-facteur/"
        fautes += parcourir(
            navigateur,
            live_server.url,
            [(chemin, chemin)],
            f"second facteur ({qui})",
            journal_accessibilite,
            session_de(user),
        )
    journal_accessibilite["durees"]["second facteur"] = time.monotonic() - debut
    assert not fautes, "\n".join(fautes)


@pytest.mark.parametrize("code", [403, 404])
def test_les_pages_d_erreur_sont_accessibles(navigateur, live_server, monde, code, journal_accessibilite):  # noqa: F811
    """The refusal (403) and « not found » (404) pages, in the site's layout: the first page of the matrix that
    answers them to the reader."""
    lecteur = monde["acteurs"]["lecteur"]
    objets = objets_de(monde, lecteur)
    motif = next(
        c.values[1]
        for c in CAS
        if c.values[0] == "GET" and c.values[2]["lecteur"] == code and not FICHIERS.search(c.values[1])
    )
    chemin = re.sub(r"\{(\w+)\}", lambda g: str(objets[g.group(1)]), motif)
    qui = f"lecteur ({code})"
    debut = time.monotonic()
    fautes = parcourir(
        navigateur, live_server.url, [(motif, chemin)], qui, journal_accessibilite, session_de(lecteur), attendu=code
    )
    journal_accessibilite["durees"][qui] = time.monotonic() - debut
    assert not fautes, "\n".join(fautes)
