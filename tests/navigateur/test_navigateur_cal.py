"""Browser journey of issue 7: a landlord downloads the template, uploads a file with two errors, reads the report,
uploads the corrected file, applies it (a real Celery worker checks and applies); CASA sees the demand closed for
attribution."""

import datetime as dt

import pytest

from positionnements import services as positionnements_services
from positionnements.etats import EtatPositionnement
from positionnements.models import Positionnement
from positionnements.retours_cal import lecture
from territoire.models import Utilisateur
from tests.horloge import JOUR
from tests.navigateur.outils import CAPTURES, se_connecter

pytestmark = [pytest.mark.navigateur, pytest.mark.jour_fige]  # on the frozen day of tests/horloge.py
AUJOURDHUI = JOUR


def _fichier(lignes: list[list[str]]) -> dict:
    entete = ";".join(lecture.NOMS)
    texte = entete + "\r\n" + "".join(";".join(li) + "\r\n" for li in lignes)
    return {"name": "decisions_cal.csv", "mimeType": "text/csv", "buffer": texte.encode("cp1252")}


def test_un_bailleur_depose_corrige_et_applique_les_decisions_de_sa_cal(page, live_server, monde, celery_worker_reel):  # noqa: F811
    demandes, dispo = monde
    instructeur = Utilisateur.objects.get(username="instructeur.casa")
    e, a, b = (demandes[n] for n in ("Ernst", "Arnaud", "Blanc"))
    positionnements_services.positionner(par=instructeur, disponibilite=dispo, numeros=[e.numero, a.numero, b.numero])
    for p in Positionnement.objects.filter(disponibilite=dispo):
        positionnements_services.changer_etat(
            par=instructeur,
            positionnement=p,
            vers=EtatPositionnement.VALIDE,
            date_effet=AUJOURDHUI - dt.timedelta(days=30),
        )
    ref = dispo.logement.residence.reference
    cal, reponse, bail = (f"{AUJOURDHUI - dt.timedelta(days=n):%d/%m/%Y}" for n in (20, 15, 2))
    futur = f"{AUJOURDHUI + dt.timedelta(days=3):%d/%m/%Y}"

    se_connecter(page, live_server, "gestionnaire.erilia")
    page.get_by_role("link", name="Retours CAL").click()
    with page.expect_download() as telechargement:
        page.locator("#modele-csv").click()
    modele = telechargement.value.path().read_bytes().decode("cp1252")
    assert modele.startswith("numero_demande;residence;logement;date_cal;decision;rang;")

    # a file with two errors: an unknown demand, a lease signed in the future
    faux = _fichier(
        [
            [e.numero, ref, "A11", cal, "attribution par classement", "1", "", "", "acceptation", reponse, "", futur],
            ["006112600000999999", ref, "A11", cal, "attribution par classement", "2", "", "", "", "", "", ""],
            [b.numero, ref, "A11", cal, "non-attribution", "", "", "ressources insuffisantes", "", "", "", ""],
        ]
    )
    page.get_by_label("Fichier des décisions (CSV, XLSX, XLS ou ODS, 20 Mo au plus)").set_input_files(faux)
    page.get_by_role("button", name="Déposer et vérifier").click()
    page.locator("#rapport-erreurs").wait_for(timeout=60_000)
    rapport = page.locator("main table").inner_text()
    assert f"la date du bail {futur} est dans le futur" in rapport
    assert "la demande 006112600000999999 n'a été proposée par la CASA sur aucun logement" in rapport
    assert "2 erreurs à corriger : rien n'a été enregistré." in page.locator("#rapport-erreurs").inner_text()
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(CAPTURES / "cal-rapport-erreurs.png"), full_page=True)
    assert Positionnement.objects.filter(etat=EtatPositionnement.VALIDE).count() == 3

    # the corrected file
    page.get_by_role("link", name="Retours CAL").click()
    bon = _fichier(
        [
            [e.numero, ref, "A11", cal, "attribution par classement", "1", "", "", "acceptation", reponse, "", bail],
            [a.numero, ref, "A11", cal, "attribution par classement", "2", "", "", "", "", "", ""],
            [b.numero, ref, "A11", cal, "non-attribution", "", "", "ressources insuffisantes", "", "", "", ""],
        ]
    )
    page.get_by_label("Fichier des décisions (CSV, XLSX, XLS ou ODS, 20 Mo au plus)").set_input_files(bon)
    page.get_by_role("button", name="Déposer et vérifier").click()
    page.get_by_role("button", name="Appliquer les décisions").wait_for(timeout=60_000)
    assert "3 décisions à enregistrer, dont 1 bail signé" in page.locator("main").inner_text()
    page.get_by_role("button", name="Appliquer les décisions").click()
    effets = page.locator("#effets").inner_text().replace("\xa0", " ")
    assert "3 décisions seront enregistrées" in effets and "la demande sera radiée pour attribution" in effets
    page.get_by_role("button", name="Confirmer l'application").click()
    page.wait_for_selector("#etat-depot:has-text('Appliqué')", timeout=60_000)
    assert "3 décisions enregistrées, dont 1 bail signé" in page.locator("#resultat-depot").inner_text()
    page.screenshot(path=str(CAPTURES / "cal-applique.png"), full_page=True)

    # CASA sees the demand struck off for attribution, and the attribution in its view of the CAL returns
    page.context.clear_cookies()
    se_connecter(page, live_server, "instructeur.casa")
    page.get_by_role("link", name="Retours CAL").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280  # the menu fits a 1280-pixel screen
    page.get_by_role("link", name="Attributions").click()
    assert e.numero in page.locator("main table").inner_text()
    page.goto(f"{live_server.url}/demandes/{e.pk}/")
    etat = page.locator("main").inner_text()
    assert "Radiée" in etat and "Attribution d'un logement (bail signé)" in etat
