"""Browser journey of the lists (issue 16): an instructor filters the demand list, sorts it by a header, walks its
pages, exports CSV and XLSX and finds in each file exactly the rows of the pages (same count, same numbers, same
order); saves the filter and opens it again. The secretariat's session list: the creation form folded at the top,
its error shown and focused. Screenshots of both lists at 1280×800 and 390×844."""

import csv
import datetime as dt
import io
import random
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.utils import timezone
from faker import Faker

from commissions.models import Seance
from demandes.models import Demande
from demo.demandes import creer_demandes_demo
from territoire.models import Utilisateur
from tests.navigateur.outils import CAPTURES, se_connecter

pytestmark = pytest.mark.navigateur

TAILLES = {"1280": {"width": 1280, "height": 800}, "390": {"width": 390, "height": 844}}


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", "--scale", "0", verbosity=0)
    faker = Faker("fr_FR")
    faker.seed_instance(16)
    creer_demandes_demo(nombre=90, hasard=random.Random(16), faker=faker, jour=timezone.localdate())


def _captures(page, nom):
    """The page at 1280×800 (from its top) and at 390×844 (a phone: scrolled to the list, whose table scrolls
    sideways inside its own region)."""
    CAPTURES.mkdir(parents=True, exist_ok=True)
    for taille, viewport in TAILLES.items():
        page.set_viewport_size(viewport)
        if taille == "390":
            page.locator("#total-liste").scroll_into_view_if_needed()
            page.evaluate("document.getElementById('total-liste').scrollIntoView({block: 'start'})")
        else:
            page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(CAPTURES / f"{nom}-{taille}.png"))
    page.set_viewport_size(TAILLES["1280"])


def _numeros(page) -> list[str]:
    return [t.strip() for t in page.locator("table tbody tr td:first-child a").all_inner_texts()]


def test_la_liste_filtree_s_exporte_telle_quelle_en_csv_et_xlsx(page, live_server, demo):
    se_connecter(page, live_server, "instructeur.casa")
    page.goto(f"{live_server.url}/demandes/?par_page=25")
    page.get_by_label("État").select_option("ACTIVE")
    page.get_by_role("search", name="Filtrer les demandes").get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**etat=ACTIVE**")
    # sort by the oldest filing first: a click on the header, said by aria-sort
    page.get_by_role("link", name="Dépôt (trier)").click()
    page.wait_for_url("**ordre=date_depot**")
    assert page.locator("th[aria-sort]").get_attribute("aria-sort") == "ascending"
    assert page.locator("th[aria-sort]").inner_text().strip().startswith("Dépôt")
    # the same filters in the URL on every page
    assert "etat=ACTIVE" in page.url and "par_page=25" in page.url
    _captures(page, "liste-demandes")

    total = int(page.locator("#total-liste").inner_text().split()[0].replace("\u202f", "").replace("\xa0", ""))
    attendus = Demande.objects.filter(etat="ACTIVE").count()
    assert total == attendus and total > 25  # more than one page
    numeros = _numeros(page)
    while page.get_by_role("link", name="Suivante").count():
        page.get_by_role("link", name="Suivante").click()
        page.wait_for_load_state()
        assert "etat=ACTIVE" in page.url and "ordre=date_depot" in page.url
        numeros += _numeros(page)
    assert len(numeros) == total == len(set(numeros))

    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Exporter en CSV").click()
    contenu = Path(telechargement.value.path()).read_bytes().decode("utf-8-sig")
    lignes = list(csv.reader(io.StringIO(contenu), delimiter=";"))
    assert lignes[0][0] == "Numéro" and [ligne[0] for ligne in lignes[1:]] == numeros
    assert {ligne[8] for ligne in lignes[1:]} == {"Enregistrée (active)"}

    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Exporter en XLSX").click()
    feuille = openpyxl.load_workbook(io.BytesIO(Path(telechargement.value.path()).read_bytes())).active
    rangs = list(feuille.iter_rows(values_only=True))
    assert [r[0] for r in rangs[1:]] == numeros

    # save the filter, come back to a bare list, open the saved one
    page.locator("summary", has_text="Enregistrer ce filtre").click()
    page.get_by_label("Nom du filtre").fill("Enregistrées, les plus anciennes")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.wait_for_selector("text=retrouvez-le dans « Mes filtres »")
    page.goto(f"{live_server.url}/demandes/")
    page.locator("summary", has_text="Mes filtres (1)").click()
    page.get_by_role("link", name="Enregistrées, les plus anciennes").click()
    page.wait_for_url("**ordre=date_depot**")
    assert _numeros(page) == numeros[:25]
    # the table scrolls in a region reachable by keyboard
    region = page.locator("div.table-responsive[role=region]")
    assert region.get_attribute("tabindex") == "0" and region.get_attribute("aria-label") == "Demandes"


def test_la_creation_d_une_seance_en_haut_de_la_liste_montre_son_erreur(page, live_server, demo):
    secretariat = Utilisateur.objects.get(username="secretariat.ccpc")
    maintenant = timezone.now().replace(hour=9, minute=30, second=0, microsecond=0)
    for n in range(56):  # two years of sessions every two weeks, the last three to come
        Seance.objects.create(
            date=maintenant + dt.timedelta(days=14 * (n - 52) + 7),
            lieu="Salle du conseil, Sophia Antipolis",
            numero=f"CCPC-L-{n + 1:02d}",
            etat="PREPAREE" if n >= 52 else "CLOSE",
            creee_par=secretariat,
        )
    se_connecter(page, live_server, "secretariat.ccpc")
    page.goto(f"{live_server.url}/commissions/")
    # upcoming first (the nearest), then the most recent; 50 a page
    assert _numeros(page)[:5] == ["CCPC-L-53", "CCPC-L-54", "CCPC-L-55", "CCPC-L-56", "CCPC-L-52"]
    assert page.get_by_text("Page 1 sur 2").is_visible()
    assert not page.locator("#id_lieu").is_visible()  # folded: the list comes first
    _captures(page, "liste-seances")
    page.locator("summary", has_text="Nouvelle séance").click()
    hier = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    page.locator("#id_date").fill(f"{hier}T14:30")
    page.locator("#id_lieu").fill("Salle du conseil")
    page.get_by_role("button", name="Créer la séance").click()
    page.wait_for_load_state()
    # the form comes back open at the top, its error summary in view and focused, the input kept
    assert page.locator("#id_lieu").is_visible() and page.locator("#id_lieu").input_value() == "Salle du conseil"
    assert page.evaluate("document.activeElement.id") == "erreurs-seance"
    assert page.locator("#erreurs-seance").is_visible()
    boite = page.locator("#erreurs-seance").bounding_box()
    assert boite["y"] < 800
    assert "passé" in page.locator("main").inner_text()
    page.screenshot(path=str(CAPTURES / "liste-seances-erreur-1280.png"))
