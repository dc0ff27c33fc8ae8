"""Browser journey of issue 16: a landlord downloads the CAL template pre-filled with its candidates awaiting the CAL,
uploads it back unchanged (every row recognised, none « inconnue », nothing applied), then fills one decision in the
spreadsheet and uploads it again: the decision is applied as with any file (a real Celery worker checks and
applies)."""

import datetime as dt
import io

import openpyxl
import pytest

from positionnements import services as positionnements_services
from positionnements.etats import EtatPositionnement
from positionnements.models import Positionnement
from territoire.models import Utilisateur
from tests.horloge import JOUR
from tests.navigateur.outils import CAPTURES, se_connecter

pytestmark = [pytest.mark.navigateur, pytest.mark.jour_fige]  # on the frozen day of tests/horloge.py
AUJOURDHUI = JOUR
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHAMP = "Fichier des décisions (CSV, XLSX, XLS ou ODS, 20 Mo au plus)"


def _appliquer(page) -> None:
    """« Appliquer les décisions », then its confirmation page when there is one (an action that cannot be undone)."""
    page.get_by_role("button", name="Appliquer les décisions").click()
    page.wait_for_load_state()
    confirmer = page.get_by_role("button", name="Confirmer l'application")
    if confirmer.count():
        confirmer.click()


def test_le_fichier_pre_rempli_renvoye_tel_quel_puis_complete(page, live_server, monde, celery_worker_reel):  # noqa: F811
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

    se_connecter(page, live_server, "gestionnaire.erilia")
    page.get_by_role("link", name="Retours CAL").click()
    encart = page.locator("#prerempli").inner_text()
    assert "Fichier pré-rempli" in encart and "candidats en attente" in encart
    with page.expect_download() as telechargement:
        page.locator("#prerempli-xlsx").click()
    assert telechargement.value.suggested_filename.startswith("decisions_cal_erilia_")
    contenu = telechargement.value.path().read_bytes()
    feuille = openpyxl.load_workbook(io.BytesIO(contenu))["Décisions CAL"]
    entete = [c.value for c in feuille[1]]
    lignes = {li[0]: li for li in feuille.iter_rows(min_row=2, values_only=True) if li[0]}
    for d in (e, a, b):  # the résidence's reference is written for the landlord
        li = lignes[d.numero]
        assert (li[entete.index("residence")], li[entete.index("logement")]) == (ref, "A11")
        assert li[entete.index("decision")] is None
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(CAPTURES / "cal-prerempli.png"), full_page=True)

    # sent back unchanged: every row recognised, none unknown, nothing applied
    page.get_by_label(CHAMP).set_input_files({"name": "prerempli.xlsx", "mimeType": XLSX, "buffer": contenu})
    page.get_by_role("button", name="Déposer et vérifier").click()
    page.locator("#sans-decision").wait_for(timeout=60_000)
    texte = page.locator("main").inner_text()
    assert page.locator("#rapport-erreurs").count() == 0
    assert "inconnu" not in texte and "n'est pas dans le parc" not in texte
    assert len(lignes) == 3
    assert page.locator("#sans-decision").inner_text() == (
        "3 lignes reconnues sans décision (colonnes de la CAL vides), laissées de côté : lignes 2, 3, 4."
    )
    assert "complétez date_cal et decision des candidats examinés" in page.locator("#rien-de-nouveau").inner_text()
    assert page.get_by_role("button", name="Appliquer les décisions").count() == 0
    assert page.locator("#etat-depot").inner_text() == "Vérifié, rien à appliquer"
    page.screenshot(path=str(CAPTURES / "cal-prerempli-tel-quel.png"), full_page=True)
    assert Positionnement.objects.filter(disponibilite=dispo, etat=EtatPositionnement.VALIDE).count() == 3

    # one decision filled in the spreadsheet: applied as today's flow does
    classeur = openpyxl.load_workbook(io.BytesIO(contenu))
    feuille = classeur["Décisions CAL"]
    rang = next(r for r in range(2, feuille.max_row + 1) if feuille.cell(row=r, column=1).value == b.numero)
    feuille.cell(row=rang, column=entete.index("date_cal") + 1).value = AUJOURDHUI - dt.timedelta(days=5)
    feuille.cell(row=rang, column=entete.index("decision") + 1).value = "non-attribution"
    feuille.cell(row=rang, column=entete.index("motif_decision") + 1).value = "ressources insuffisantes"
    sortie = io.BytesIO()
    classeur.save(sortie)
    page.get_by_role("link", name="Retours CAL").click()
    page.get_by_label(CHAMP).set_input_files({"name": "prerempli.xlsx", "mimeType": XLSX, "buffer": sortie.getvalue()})
    page.get_by_role("button", name="Déposer et vérifier").click()
    page.get_by_role("button", name="Appliquer les décisions").wait_for(timeout=60_000)
    assert "1 décision à enregistrer" in page.locator("main").inner_text()
    _appliquer(page)
    page.wait_for_selector("#etat-depot:has-text('Appliqué')", timeout=60_000)
    assert Positionnement.objects.get(disponibilite=dispo, demande=b).etat == EtatPositionnement.NON_ATTRIBUE
    assert Positionnement.objects.get(disponibilite=dispo, demande=e).etat == EtatPositionnement.VALIDE
