"""Browser journey of issue 3: a counter agent registers a complete demand through every step (with an error and
its correction), then a CASA instructor qualifies it."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from demandes.codes import EtatDemande
from demandes.models import Demande
from tests.navigateur.outils import CAPTURES, se_connecter

pytestmark = pytest.mark.navigateur


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", "--scale", "0", verbosity=0)


def capture(page, nom):
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(Path(CAPTURES) / f"{nom}.png"), full_page=True)


def test_un_agent_de_guichet_enregistre_une_demande_puis_la_casa_la_qualifie(page, live_server, demo, tmp_path):
    se_connecter(page, live_server, "guichet.antibes")
    page.get_by_role("link", name="Enregistrer une nouvelle demande").click()

    # Step 1: the applicant. First an error: a birth date in the future.
    page.locator("#id_nom").fill("Benali")
    page.get_by_label("Prénom").fill("Samira")
    page.get_by_label("Date de naissance").fill("2031-03-14")
    page.get_by_label("Nationalité").select_option("FR")
    page.get_by_label("Situation familiale").select_option("MARIE")
    page.get_by_label("Téléphone").fill("06 11 22 33 44")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    assert "dans le futur" in page.locator("#id_date_naissance_erreur").inner_text()
    assert page.get_by_label("Prénom").input_value() == "Samira"  # input kept
    page.get_by_label("Date de naissance").fill("1987-03-14")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    # Step 2: household and resources.
    page.wait_for_selector("text=Ressources du demandeur")
    page.locator("#id_ressource_type").select_option("SAL")
    page.locator("#id_ressource_montant").fill("1 500,00")
    page.get_by_label("Le demandeur et le co-demandeur vivent en couple").check()
    ajouter = page.get_by_role("button", name="Ajouter une personne")
    ajouter.click()
    page.locator("#id_personnes-0-lien").select_option("CO_DEMANDEUR")
    page.locator("#id_personnes-0-nom").fill("Benali")
    page.locator("#id_personnes-0-prenom").fill("Yacine")
    page.locator("#id_personnes-0-date_naissance").fill("1985-06-01")
    page.locator("#id_personnes-0-ressource_type").select_option("SAL")
    page.locator("#id_personnes-0-ressource_montant").fill("800")
    ajouter.click()
    page.locator("#id_personnes-1-lien").select_option("ENFANT")
    page.locator("#id_personnes-1-prenom").fill("Inès")
    page.locator("#id_personnes-1-date_naissance").fill("2011-05-20")
    page.locator("#id_personnes-1-a_charge").check()
    # The youngest child in a third block, without leaving the step.
    ajouter.click()
    page.locator("#id_personnes-2-lien").select_option("ENFANT")
    page.locator("#id_personnes-2-prenom").fill("Adam")
    page.locator("#id_personnes-2-date_naissance").fill("2018-02-02")
    page.locator("#id_personnes-2-a_charge").check()
    page.get_by_role("button", name="Enregistrer et continuer").click()

    # Step 3: situation and reasons.
    page.locator("#id_logement_actuel").select_option("LP")
    page.get_by_label("Logement trop petit").check()
    page.get_by_role("button", name="Enregistrer et continuer").click()

    # Step 4: wishes.
    page.get_by_label("Commune souhaitée n° 1").select_option(label="Antibes")
    page.get_by_label("Commune souhaitée n° 2").select_option(label="Vallauris")
    page.get_by_label("T3").check()
    page.get_by_label("T4").check()
    page.get_by_role("button", name="Enregistrer et continuer").click()

    # Step 5: income. An amount that is not a number first.
    page.get_by_label("Revenu fiscal de référence N-2 du ménage (€)").fill("vingt et un mille")
    page.get_by_label("Année des revenus").fill("2024")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    assert "n'est pas un montant" in page.locator("#id_revenu_fiscal_reference_erreur").inner_text()
    page.get_by_label("Revenu fiscal de référence N-2 du ménage (€)").fill("21 000")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    # Step 6: check and register.
    page.wait_for_selector("text=Éligibilité")
    texte = page.locator("main").inner_text()
    assert "Personnes / catégorie de ménage" in texte
    capture(page, "demande-verification")
    page.get_by_role("button", name="Enregistrer la demande").click()
    page.wait_for_selector("text=Demande enregistrée sous le numéro local")
    numero = re.search(r"numéro local ([A-Z]+-\d{4}-\d{6,8})", page.locator("main").inner_text()).group(1)
    demande = Demande.objects.get(numero=numero)
    assert demande.etat == EtatDemande.ACTIVE
    assert demande.nombre_personnes == 4 and demande.categorie_menage == 4
    assert demande.premier_quartile is True
    capture(page, "demande-enregistree")

    # The CASA instructor finds it by name without the accent and qualifies it.
    page.get_by_role("button", name=re.compile("Camille|Sophie|Julien|Nadia|Thomas|Karim|Élodie|Marc")).click()
    page.get_by_role("button", name="Se déconnecter").click()
    se_connecter(page, live_server, "instructeur.casa")
    page.goto(f"{live_server.url}/demandes/?q=samira+benali")
    page.get_by_role("link", name=numero).click()
    # Qualifying too early is refused: the pieces are missing.
    page.get_by_role("button", name="Qualifier (pièces complètes)").click()
    assert "Pièces manquantes pour qualifier la demande" in page.locator("main").inner_text()
    # The interview, following the guide, then the pieces.
    page.get_by_role("link", name="Pièces et entretien").click()
    page.get_by_label("Composition du ménage et situation familiale", exact=False).check()
    page.get_by_label("Ressources, charges", exact=False).check()
    page.get_by_role("button", name="Enregistrer l'entretien").click()
    page.wait_for_selector("text=Entretien enregistré")
    pdf = tmp_path / "avis.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page.locator("#id_type").select_option("AVIS_IMPOSITION")
    page.get_by_label("Fichier (PDF, JPEG ou PNG, 10 Mo au plus)").set_input_files(str(pdf))
    page.get_by_role("button", name="Enregistrer la pièce").click()
    page.wait_for_selector("text=Pièce enregistrée")
    for piece in ("IDENTITE", "LOGEMENT_ACTUEL", "RESSOURCES"):
        page.locator("#id_type").select_option(piece)
        page.get_by_label("Vue en original au guichet (pas de copie)").check()
        page.get_by_role("button", name="Enregistrer la pièce").click()
        page.wait_for_selector("text=Pièce enregistrée")
    capture(page, "demande-pieces")
    page.get_by_role("button", name="Qualifier (pièces complètes)").click()
    page.wait_for_selector("text=Demande qualifiée")
    assert page.locator("#etat-demande").inner_text() == "Qualifiée"
    capture(page, "demande-qualifiee")
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.QUALIFIEE
