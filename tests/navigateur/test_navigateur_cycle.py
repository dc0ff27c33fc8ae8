"""Browser journeys of the demand's life (issue 14): a double click sends a form once; a CASA instructor corrects a
filing date with its proof, and the demand's page shows the validity, the new seniority and the history line."""

import datetime as dt
import re

import pytest
from django.core.management import call_command

from demandes.codes import EtatDemande
from demandes.models import Demande
from territoire.models import Organisation, Utilisateur
from tests.demandes.fabriques import demande_complete
from tests.navigateur.outils import CAPTURES, se_connecter

pytestmark = pytest.mark.navigateur


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", "--scale", "0", verbosity=0)


def test_un_double_clic_sur_enregistrer_ne_cree_qu_un_brouillon(page, live_server, demo):
    se_connecter(page, live_server, "guichet.antibes")
    page.goto(f"{live_server.url}/demandes/nouvelle/")
    page.locator("#id_nom").fill("Doublon")
    page.get_by_label("Prénom").fill("Clic")
    page.get_by_label("Date de naissance").fill("1987-03-14")
    page.get_by_label("Nationalité").select_option("FR")
    page.get_by_label("Situation familiale").select_option("CELIBATAIRE")
    avant = Demande.objects.filter(etat=EtatDemande.BROUILLON).count()
    page.get_by_role("button", name="Enregistrer et continuer").dblclick()
    page.wait_for_selector("text=Ressources du demandeur")
    assert Demande.objects.filter(etat=EtatDemande.BROUILLON).count() == avant + 1
    assert Demande.objects.filter(personnes__nom="Doublon").count() == 1


def test_un_instructeur_de_la_casa_corrige_une_date_de_depot_avec_son_justificatif(page, live_server, demo, tmp_path):
    agent = Utilisateur.objects.get(username="guichet.antibes")
    demande = demande_complete(agent, Organisation.objects.get(slug="commune-antibes"))
    se_connecter(page, live_server, "instructeur.casa")
    page.goto(f"{live_server.url}/demandes/{demande.pk}/")
    assert "Validité et courriers" in page.locator("main").inner_text()
    page.get_by_role("link", name="Corriger la date de dépôt").click()
    # Without a proof: refused, nothing changed.
    nouvelle = demande.date_depot - dt.timedelta(days=3)
    page.get_by_label("Date de dépôt attestée par le justificatif").fill(nouvelle.isoformat())
    page.get_by_label("Motif de la correction").fill("Formulaire tamponné à l'accueil, saisi en retard")
    page.get_by_role("button", name="Corriger la date de dépôt").click()
    assert "Ce champ est obligatoire" in page.locator("main").inner_text()
    preuve = tmp_path / "formulaire-tamponne.pdf"
    preuve.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page.get_by_label("Date de dépôt attestée par le justificatif").fill(nouvelle.isoformat())
    page.get_by_label("Motif de la correction").fill("Formulaire tamponné à l'accueil, saisi en retard")
    page.get_by_label(re.compile("^Justificatif")).set_input_files(str(preuve))
    page.get_by_role("button", name="Corriger la date de dépôt").click()
    page.wait_for_selector("text=Date de dépôt corrigée")
    texte = page.locator("main").inner_text()
    assert f"Date de dépôt corrigée du {demande.date_depot:%d/%m/%Y} au {nouvelle:%d/%m/%Y}" in texte
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(CAPTURES / "demande-date-de-depot-corrigee.png"), full_page=True)
    demande.refresh_from_db()
    assert demande.date_depot == nouvelle
    assert demande.pieces.filter(type="PREUVE_DEPOT").count() == 1
