"""Browser journey of the SNE's pages (issue 18): CASA's administrator uploads a file of the SNE, waits for the report
while a real Celery worker imports it, reads it (filtered by result), settles the conflict it raised on the
reconciliation page, and finds the demand's « SNE » panel; then one of the households the file brought signs a lease
(CAL return of the landlord) and the administrator finds the attribution's event in the outbox (« Envois » tab), with
what R441-2-9 CCH asks: the dwelling's RPLS identifier, the household DALO or not, the contingent. The pages are
captured at 1280 × 800 and 390 pixels wide (test-results/captures/, tests/navigateur/outils.py)."""

import datetime as dt

import pytest

from demandes import services as demandes_services
from demandes.codes import CodePriorite
from demandes.models import Demande
from envois_sne import tasks as envois_tasks
from envois_sne.codes import EtatEvenementSNE, TypeEvenementSNE
from envois_sne.models import EvenementSNE
from positionnements import services as positionnements_services
from positionnements.etats import EtatPositionnement, ExceptionTroisCandidats
from positionnements.retours_cal import services as retours_cal_services
from programmation import services as parc_services
from programmation.import_parc.application import parc_importer
from programmation.import_parc.lecture import NOMS as COLONNES_PARC
from programmation.models import Logement
from sne.models import ConflitSNE, EtatConflit, ImportSNE
from territoire.models import Organisation, Utilisateur
from tests.demandes.fabriques import demande_complete
from tests.horloge import JOUR
from tests.navigateur.outils import CAPTURES, se_connecter
from tests.sne.fabriques import demande_xml, fichier_xml, importer, nur

pytestmark = [pytest.mark.navigateur, pytest.mark.jour_fige]

ECRANS = {"1280": {"width": 1280, "height": 800}, "390": {"width": 390, "height": 844}}
RPLS = "0600400211"  # the dwelling's RPLS identifier, 10 positions (programmation/rpls.py)


def _capturer(page, nom: str, ecran: str = "1280") -> None:
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(CAPTURES / f"sne-{nom}-{ecran}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= ECRANS[ecran]["width"], (nom, ecran)


def _le_fichier_du_jour() -> dict:
    """The day's file: the known demand with another surface (a conflict with the agent's change), two new demands,
    one for another territory (ignored), one with an unreadable number (refused), one that looks like a demand
    registered here (a probable duplicate)."""
    contenu = fichier_xml(
        demande_xml(nur(1), nom="ROUX", prenom="Camille", surface=52),
        demande_xml(nur(2), nom="GIRAUD", prenom="Inès", en_visite=[("Tom", dt.date(2015, 6, 1))], dalo="ACTIF"),
        demande_xml(nur(3), nom="NGUYEN", prenom="Sofia", enfants=[("Léa", dt.date(2019, 2, 3))]),
        demande_xml(nur(4), nom="ROSSI", prenom="Marie", communes=("75056",)),
        demande_xml("ABC", nom="PETIT", prenom="Lucie"),
        demande_xml(nur(5)),  # Élodie Martin, registered at Antibes's counter without her NUR: a probable duplicate
    )
    return {"name": "sne_transmission.xml", "mimeType": "application/xml", "buffer": contenu}


def _le_bail_de_ines_giraud() -> EvenementSNE:
    """What happens after the report, through the services the pages and the landlord's system use: CASA's instructor
    enters Inès Giraud's DALO criterion with its evidence (the report asked for it); Erilia's parc import brings a T2
    at Antibes with its RPLS identifier, on the préfecture's contingent; Erilia declares it freed, CASA proposes Inès
    Giraud (a DALO household designated by the préfet), the CCPC validates; Erilia's CAL attributes it and the lease is
    signed (the decisions sent by the landlord's system). The outbox's daily job, run by beat before all this and
    again now through the real worker, reports it: returns the attribution's event."""
    instructeur = Utilisateur.objects.get(username="instructeur.casa")
    gestionnaire = Utilisateur.objects.get(username="gestionnaire.erilia")
    erilia = Organisation.objects.get(slug="erilia")
    giraud = Demande.objects.get(nur=nur(2))
    demandes_services.critere_ajouter(
        par=instructeur,
        demande=giraud,
        code=CodePriorite.DALO,
        preuve="Décision de la commission de médiation du 03/02/2026",
        date_decision=dt.date(2026, 2, 3),
    )
    parc = [
        COLONNES_PARC,
        ["R-06004-SNE", "Les Mimosas", "4 chemin des Combes", "06004", "non", "M21", "T2", "47", "1", "oui", "non"]
        + ["PLUS", "395,60", "60", "prefecture-06", RPLS],
    ]
    contenu = "".join(";".join(ligne) + "\r\n" for ligne in parc).encode("cp1252")
    rapport = parc_importer(par=gestionnaire, bailleur=erilia, nom="parc.csv", contenu=contenu, appliquer=True)
    assert rapport.applique, rapport.erreurs
    dispo = parc_services.disponibilite_declarer(
        par=gestionnaire,
        logement=Logement.objects.get(identifiant_rpls=RPLS),
        date_liberation=JOUR + dt.timedelta(days=10),
    )
    (positionnement,) = positionnements_services.positionner(
        par=instructeur, disponibilite=dispo, numeros=[giraud.numero], exception=ExceptionTroisCandidats.DALO_PREFET
    )
    positionnements_services.changer_etat(
        par=Utilisateur.objects.get(username="secretariat.ccpc"),
        positionnement=positionnement,
        vers=EtatPositionnement.VALIDE,
        motif="CCPC",
        date_effet=JOUR - dt.timedelta(days=30),
    )
    cal, reponse, bail = (f"{JOUR - dt.timedelta(days=n):%d/%m/%Y}" for n in (20, 15, 2))
    decision = {"numero_demande": nur(2), "residence": "R-06004-SNE", "logement": "M21", "date_cal": cal}
    decision |= {"decision": "attribution", "reponse": "acceptation", "date_reponse": reponse, "date_bail": bail}
    _, verification = retours_cal_services.decisions_api(par=gestionnaire, lignes=[decision])
    assert verification.valide, verification.erreurs
    positionnement.refresh_from_db()
    assert positionnement.etat == EtatPositionnement.BAIL_SIGNE
    bilan = envois_tasks.envoyer_au_sne.delay().get(timeout=60)
    assert f"{TypeEvenementSNE.ATTRIBUTION.label} : 1" in bilan, bilan
    return EvenementSNE.objects.get(type=TypeEvenementSNE.ATTRIBUTION, demande=giraud)


def _l_attribution_dans_les_envois(page) -> None:
    """The administrator opens the outbox from the SNE's tabs, finds the attribution, opens it and reads what it says
    to the SNE; the list and the event captured at both widths."""
    evenement = _le_bail_de_ines_giraud()
    assert evenement.etat == EtatEvenementSNE.ENVOYE and not evenement.attente, evenement.attente
    page.set_viewport_size(ECRANS["1280"])
    page.get_by_role("link", name="SNE", exact=True).click()
    page.locator("#onglets-sne").get_by_role("link", name="Envois").click()
    assert page.title().startswith("Envois au SNE")
    page.get_by_label("Événement", exact=True).select_option(label=TypeEvenementSNE.ATTRIBUTION.label)
    page.get_by_role("button", name="Filtrer").click()
    lignes = page.get_by_role("region", name="Événements à envoyer au SNE").locator("tbody tr")
    assert lignes.count() == 1
    assert nur(2) in lignes.inner_text() and EtatEvenementSNE.ENVOYE.label in lignes.inner_text()
    _capturer(page, "envois")
    lignes.get_by_role("link", name=evenement.numero).click()
    assert page.locator("h1").inner_text().startswith(f"{evenement.numero} — {TypeEvenementSNE.ATTRIBUTION.label}")
    contenu = page.locator("section[aria-labelledby=titre-contenu] dl")
    dit = dict(zip(contenu.locator("dt").all_inner_texts(), contenu.locator("dd").all_inner_texts(), strict=True))
    assert dit["Identifiant RPLS du logement"] == RPLS, dit
    assert dit["Ménage reconnu prioritaire DALO"] == "Oui", dit
    assert dit["Contingent (type de réservataire)"] == "Préfet : publics prioritaires (PPRIOR)", dit
    assert dit["Numéro unique"] == nur(2), dit
    assert dit["Motif de radiation"] == "Attribution d'un logement (bail signé) (RADATT)", dit
    page.get_by_text("Le document XML").click()
    assert RPLS in page.locator("pre").inner_text()
    _capturer(page, "evenement")
    page.set_viewport_size(ECRANS["390"])
    page.reload()
    page.get_by_text("Le document XML").click()  # its long lines scroll inside the block, not the page
    _capturer(page, "evenement", "390")
    page.go_back()
    _capturer(page, "envois", "390")


def test_la_casa_importe_un_fichier_du_sne_tranche_un_conflit_et_voit_partir_une_attribution(
    page, live_server, demo, celery_worker_reel, settings, tmp_path
):
    instructeur = Utilisateur.objects.get(username="instructeur.casa")
    settings.CASA_SNE_DOSSIER_ENVOIS = str(tmp_path / "envois")  # the outbox's folder transport
    # the outbox's daily job ran this morning (beat): its next run reads the logs from there (envois_sne/collecte.py)
    envois_tasks.envoyer_au_sne.delay().get(timeout=60)
    importer(fichier_xml(demande_xml(nur(1), nom="ROUX", prenom="Camille", surface=40)), nom="veille.xml")
    connue = Demande.objects.get(nur=nur(1))
    demandes_services.demande_modifier(par=instructeur, demande=connue, surface_actuelle=45)
    guichet = Utilisateur.objects.get(username="guichet.antibes")
    locale = demande_complete(guichet, Organisation.objects.get(slug="commune-antibes"), communes=("06004",))

    page.set_viewport_size(ECRANS["1280"])
    se_connecter(page, live_server, "admin.casa")
    page.get_by_role("link", name="SNE", exact=True).click()
    page.get_by_label("Fichier du SNE (XML ou ZIP, 400 Mo au plus)").set_input_files(_le_fichier_du_jour())
    page.get_by_role("button", name="Importer le fichier").click()
    page.wait_for_selector("#resultat-import", timeout=60_000)  # polled, then the page reloads with the report
    resume = page.locator("#resultat-import").inner_text()
    assert resume == "6 demandes : 2 créées, 1 avec conflit, 1 doublon à trancher, 1 ignorée, 1 refusée", resume
    rapport = page.locator("#rapport").inner_text()
    assert "Mise à jour, conflit à trancher" in rapport
    assert "surface actuelle (m²) : valeur de l'agent gardée" in rapport
    assert "numéro unique invalide" in rapport and "aucune commune souhaitée sur le territoire" in rapport
    assert "DALO actif au SNE : critère à vérifier" in rapport
    _capturer(page, "rapport")

    page.get_by_role("link", name="Refusée (1)").click()
    assert page.locator("#rapport tbody tr").count() == 1
    with page.expect_download() as telechargement:
        page.locator("#rapport-csv").click()
    csv = telechargement.value.path().read_bytes().decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Rang;Numéro unique;Demande (n° local);Résultat")
    assert len(csv.splitlines()) == 2

    page.get_by_role("link", name="Toutes (6)").click()
    page.get_by_role("link", name="Trancher l'écart").click()
    assert page.title().startswith("Réconciliation avec le SNE (1 conflit, 1 doublon)")
    doublon = page.locator("#doublons article")
    assert f"Demande {locale.numero}" in doublon.inner_text() and "Élodie MARTIN, demandeur" in doublon.inner_text()
    carte = page.locator("article", has_text="surface actuelle (m²)")
    assert "52 m²" in carte.locator(".valeur-sne").inner_text()
    assert "45 m²" in carte.locator(".valeur-locale").inner_text()
    _capturer(page, "reconciliation")
    carte.get_by_role("button", name="Garder la valeur du SNE").click()
    assert "surface actuelle (m²), valeur du SNE retenue" in page.locator("main").inner_text()
    assert page.locator("#aucun-conflit").is_visible()
    assert ConflitSNE.objects.get().etat == EtatConflit.VALEUR_SNE
    connue.refresh_from_db()
    assert connue.surface_actuelle == 52
    page.get_by_role("button", name="Même demande : rattacher le numéro unique").click()
    titre = page.locator("h1").inner_text().replace("\xa0", " ")
    assert f"Rattacher le numéro unique {nur(5)} à la demande {locale.numero} ?" in titre
    _capturer(page, "doublon-confirmation")
    page.get_by_role("button", name="Confirmer le rattachement").click()
    assert f"Demande {locale.numero} rattachée au numéro unique {nur(5)}." in page.locator("main").inner_text()
    assert page.locator("#aucun-doublon").is_visible()
    locale.refresh_from_db()
    assert locale.nur == nur(5)

    nouvelle = Demande.objects.get(nur=nur(2))
    page.goto(f"{live_server.url}/demandes/{nouvelle.pk}/")
    panneau = page.locator("#panneau-sne").inner_text()
    assert nur(2) in panneau and "Actif, décision du 03/02/2026" in panneau and "Tom, né(e) le 01/06/2015" in panneau
    page.locator("#document-sne summary").click()
    assert "nuu:numUnique" in page.locator("#document-sne pre").inner_text()
    _capturer(page, "panneau-demande")

    page.goto(f"{live_server.url}/sne/imports/")
    _capturer(page, "imports")

    page.set_viewport_size(ECRANS["390"])
    page.reload()
    _capturer(page, "imports", "390")
    page.locator("#onglets-sne").get_by_role("link", name="Réconciliation").click()
    _capturer(page, "reconciliation", "390")
    page.goto(f"{live_server.url}/sne/imports/{ImportSNE.objects.latest('pk').pk}/")
    _capturer(page, "rapport", "390")
    page.goto(f"{live_server.url}/demandes/{nouvelle.pk}/")
    _capturer(page, "panneau-demande", "390")

    _l_attribution_dans_les_envois(page)
