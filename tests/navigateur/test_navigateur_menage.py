"""Browser journey of issue 16: a counter agent registers a demand whose household of four persons is composed in
place at step 2 (three persons added without leaving the step, one removed then added back), checks the full
recapitulation at step 6, registers, and downloads the attestation d'enregistrement whose text says what article
R441-2-4 CCH requires. Screenshots at 1280×800 and 390×844 (`CASA_CAPTURES=docs/screenshots` refreshes the ones in
the docs)."""

import re

import pytest

from demandes import attestation
from demandes.codes import EtatDemande
from demandes.models import Demande
from programmation.models import Residence
from territoire.models import Commune, Organisation
from tests.navigateur.outils import CAPTURES, se_connecter
from tests.pdf import texte_pdf

pytestmark = pytest.mark.navigateur
TAILLES = {"1280": (1280, 800), "390": (390, 844)}


def _capturer(page, nom: str, *, document_a4: bool = False) -> None:
    """The page at both sizes (whole page), checking that a page of the site never scrolls sideways (an A4 document
    shown as HTML may)."""
    CAPTURES.mkdir(parents=True, exist_ok=True)
    for suffixe, (largeur, hauteur) in TAILLES.items():
        page.set_viewport_size({"width": largeur, "height": hauteur})
        if not document_a4:
            assert page.evaluate("document.documentElement.scrollWidth") <= largeur, f"{nom} défile de côté"
        page.screenshot(path=str(CAPTURES / f"{nom}-{suffixe}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})


def _personne(page, i, lien, prenom, naissance, nom="", a_charge=False, montant=""):
    page.locator(f"#id_personnes-{i}-lien").select_option(lien)
    if nom:
        page.locator(f"#id_personnes-{i}-nom").fill(nom)
    page.locator(f"#id_personnes-{i}-prenom").fill(prenom)
    page.locator(f"#id_personnes-{i}-date_naissance").fill(naissance)
    if a_charge:
        page.locator(f"#id_personnes-{i}-a_charge").check()
    if montant:
        page.locator(f"#id_personnes-{i}-ressource_type").select_option("SAL")
        page.locator(f"#id_personnes-{i}-ressource_montant").fill(montant)


def test_un_menage_de_quatre_compose_sur_place_puis_l_attestation(page, live_server, demo, tmp_path):  # noqa: F811
    # Social housing of Erilia in the two communes the household will wish (the attestation lists the landlords).
    erilia = Organisation.objects.get(slug="erilia")
    for code, nom in (("06004", "Les Terrasses"), ("06155", "Le Fournas")):
        Residence.objects.get_or_create(
            bailleur=erilia,
            reference=f"ESSAI-{code}",
            defaults={"nom": nom, "adresse": "rue", "commune": Commune.objects.get(code_insee=code)},
        )
    se_connecter(page, live_server, "guichet.antibes")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("link", name="Enregistrer une nouvelle demande").click()

    # Step 1: the applicant.
    page.locator("#id_nom").fill("Ferreira")
    page.get_by_label("Prénom").fill("Ana")
    page.get_by_label("Date de naissance").fill("1986-07-09")
    page.get_by_label("Nationalité").select_option("UE")
    page.get_by_label("Situation familiale").select_option("MARIE")
    page.get_by_label("Adresse actuelle").fill("4 chemin des Terriers, 06600 Antibes")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    # Step 2: no blank block; three persons added in place, the amount typed with a point.
    page.wait_for_selector("text=Ressources du demandeur")
    etape_2 = page.url
    assert page.locator("[data-menage-bloc]:visible").count() == 0
    page.locator("#id_ressource_type").select_option("SAL")
    page.locator("#id_ressource_montant").fill("1650.50")
    page.get_by_label("Le demandeur et le co-demandeur vivent en couple").check()
    ajouter = page.get_by_role("button", name="Ajouter une personne")
    ajouter.click()
    assert page.evaluate("document.activeElement.id") == "id_personnes-0-lien"  # the focus in the new block
    _personne(page, 0, "CO_DEMANDEUR", "Paulo", "1984-02-11", nom="Ferreira", montant="1 200,00")
    ajouter.click()
    _personne(page, 1, "ENFANT", "Sofia", "2013-09-30", a_charge=True)
    ajouter.click()
    _personne(page, 2, "ENFANT", "Tiago", "2016-04-18", a_charge=True)
    assert page.url == etape_2  # never left the step
    assert page.locator("[data-menage-total]").inner_text() == "4 personnes"

    # Sofia removed (her block hidden, marked for deletion), then added back in a new block.
    page.get_by_role("button", name="Retirer la personne 2").click()
    assert page.locator("#personne-1").is_hidden()
    assert page.locator("#id_personnes-1-DELETE").is_checked()
    assert page.locator("[data-menage-total]").inner_text() == "3 personnes"
    assert page.locator("#personne-2 legend").inner_text() == "Personne 2"  # numbers follow
    ajouter.click()
    _personne(page, 3, "ENFANT", "Sofia", "2013-09-30", a_charge=True)
    assert page.locator("#id_personnes-TOTAL_FORMS").input_value() == "4"
    assert page.locator("[data-menage-bloc]:visible").count() == 3
    assert page.locator("[data-menage-total]").inner_text() == "4 personnes"
    _capturer(page, "demande-etape-2-menage-4-personnes")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    # Steps 3 to 5.
    page.wait_for_selector("text=Logement actuel")
    page.locator("#id_logement_actuel").select_option("LP")
    page.locator("#id_loyer_actuel").fill("950.00")
    page.get_by_label("Logement trop petit").check()
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.get_by_label("Commune souhaitée n° 1").select_option(label="Antibes")
    page.get_by_label("Commune souhaitée n° 2").select_option(label="Vallauris")
    page.get_by_label("T3").check()
    page.get_by_label("T4").check()
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.get_by_label("Revenu fiscal de référence N-2 du ménage (€)").fill("28 500")
    page.get_by_label("Année des revenus").fill("2024")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    # Step 6: the recapitulation lists the four persons, amounts the French way, a « Modifier » link per step.
    page.wait_for_selector("#recapitulatif")
    lignes = page.locator("#recap-personnes tbody tr")
    assert lignes.count() == 4
    noms = " ".join(lignes.all_inner_texts())
    for nom in ("Ana FERREIRA", "Paulo FERREIRA", "Tiago", "Sofia"):
        assert nom in noms, nom
    recap = page.locator("#recapitulatif").inner_text().replace("\xa0", " ")
    assert "1 650,50 €" in recap and "1 200,00 €" in recap and "950,00 €" in recap and "950.00" not in recap
    assert "28 500 € (revenus 2024)" in recap
    assert page.locator("#recapitulatif").get_by_role("link", name=re.compile("^Modifier")).count() == 6
    _capturer(page, "demande-etape-6-recapitulatif")
    page.get_by_role("button", name="Enregistrer la demande").click()

    # Registered: the attestation is offered at once.
    page.wait_for_selector("text=Demande enregistrée sous le numéro local")
    numero = re.search(r"numéro local ([A-Z]+-\d{4}-\d{6,8})", page.locator("main").inner_text()).group(1)
    demande = Demande.objects.get(numero=numero)
    assert demande.etat == EtatDemande.ACTIVE and demande.nombre_personnes == 4
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Télécharger l'attestation d'enregistrement").click()
    pdf = tmp_path / "attestation.pdf"
    telechargement.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    texte = texte_pdf(pdf.read_bytes())
    texte = " ".join(texte.replace("\xa0", " ").split())
    for attendu in (
        "Attestation d'enregistrement",
        "Ana FERREIRA",
        "4 chemin des Terriers, 06600 Antibes",
        numero,
        demande.date_depot.strftime("%d/%m/%Y"),
        "1. Antibes, 2. Vallauris",
        "Erilia Antibes, Vallauris",
        "commission de médiation",
        f"jusqu'au {demande.date_echeance:%d/%m/%Y}",
        "4 personnes : le demandeur, le co-demandeur, 2 enfants",
        "Pièces justificatives",
    ):
        assert attendu in texte, attendu
    assert "1 650,50" not in texte and "Sofia" not in texte  # no income nor other person's name on the attestation

    # The same attestation, its HTML shown by the browser, for the docs.
    page.set_content(attestation.attestation_html(demande))
    _capturer(page, "attestation-enregistrement", document_a4=True)
