"""Browser journey of an action that cannot be undone (issue 16): the radiation of a demand asks for a confirmation
that says its reason and how long the demand stays readable; « Annuler » leaves it active; « Confirmer » strikes it
off once, and the same confirmation sent again (a double click, a replay) makes no second event and no error."""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from demandes import cycle, retention
from demandes.codes import EtatDemande
from demandes.models import Demande, TransitionDemande
from territoire.models import Organisation, Utilisateur
from tests.demandes.fabriques import demande_complete, demandeur
from tests.navigateur.outils import CAPTURES, se_connecter

pytestmark = pytest.mark.navigateur


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", "--scale", "0", verbosity=0)


def radiations(demande) -> int:
    return TransitionDemande.objects.filter(demande=demande, vers=EtatDemande.RADIEE).count()


def test_la_radiation_se_confirme_dit_son_motif_et_sa_conservation_et_ne_se_fait_qu_une_fois(page, live_server, demo):
    guichet = Organisation.objects.get(slug="commune-antibes")
    demande = demande_complete(
        Utilisateur.objects.get(username="guichet.antibes"), guichet, personnes=[demandeur(nom="Vasseur")]
    )
    se_connecter(page, live_server, "instructeur.casa")
    url = f"{live_server.url}/demandes/{demande.pk}/"
    page.goto(url)
    page.get_by_label("Motif de radiation").select_option(label="Renonciation du demandeur")
    page.get_by_label("Commentaire").fill("courrier du demandeur")
    page.get_by_role("button", name="Radier").click()

    # the confirmation page: what will be done, the reason, the retention in force
    page.wait_for_selector("h1:has-text('Radier la demande')")
    effets = page.locator("#effets").inner_text().replace("\xa0", " ")
    jour = timezone.localdate()
    mois = retention.conservation_mois()
    assert f"sera radiée pour « renonciation du demandeur » (courrier du demandeur) à la date du {jour:%d/%m/%Y}" in (
        effets
    )
    assert f"Elle restera consultable {mois} mois, jusqu'au {cycle.mois_apres(jour, mois):%d/%m/%Y}" in effets
    assert "Une radiation ne s'annule pas." in page.locator("main").inner_text()
    assert page.locator("h1").inner_text().endswith("\xa0?")  # never a lone « ? » on a phone's last line
    CAPTURES.mkdir(parents=True, exist_ok=True)
    for largeur, hauteur in ((1280, 800), (390, 844)):
        page.set_viewport_size({"width": largeur, "height": hauteur})
        assert page.evaluate("document.documentElement.scrollWidth") <= largeur  # no sideways scroll on a phone
        page.screenshot(path=str(CAPTURES / f"confirmation-radiation-{largeur}.png"))
    page.set_viewport_size({"width": 1280, "height": 900})

    # « Annuler »: back to the demand, still active, nothing recorded
    page.get_by_role("link", name="Annuler").click()
    page.wait_for_url(url)
    assert Demande.objects.get(pk=demande.pk).etat == EtatDemande.ACTIVE and radiations(demande) == 0
    assert "Radiée" not in page.locator("main").inner_text()

    # « Confirmer », clicked twice in a row: struck off once
    page.get_by_label("Motif de radiation").select_option(label="Renonciation du demandeur")
    page.get_by_role("button", name="Radier").click()
    formulaire = page.locator("form:has(#confirmer)")
    champs = {
        nom: formulaire.locator(f"input[name='{nom}']").input_value()
        for nom in ("csrfmiddlewaretoken", "motif", "commentaire", "confirmation")
    }
    bouton = page.get_by_role("button", name="Confirmer la radiation")
    assert bouton.get_attribute("data-en-cours") == "Action en cours…"
    bouton.dblclick()
    page.wait_for_selector("text=Demande radiée")
    assert Demande.objects.get(pk=demande.pk).etat == EtatDemande.RADIEE
    assert radiations(demande) == 1

    # the same confirmation sent again (a replay of the request, as a reload or a click without JavaScript would)
    reponse = page.request.post(
        f"{live_server.url}/demandes/{demande.pk}/radier/", form=champs, headers={"Referer": url}
    )
    assert reponse.status == 200  # after its redirect to the demand's page: no 500
    assert "l'action n'est faite qu'une fois" in re.sub(r"&#x27;", "'", reponse.text())
    assert radiations(demande) == 1
