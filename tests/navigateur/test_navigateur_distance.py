"""Browser journey of issue 20: a session of the CCPC held at a distance; the demo's member (membre.ccpc, convened)
gives avis on a phone (390 × 844): the dwelling and its candidates by code, no name or demand number, an avis
refused without its reason then given, a message in the dwelling's thread; the page never scrolls sideways."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commissions import services
from commissions.models import AvisMembre, MessageFil
from positionnements import services as positionnements_services
from territoire.models import Utilisateur
from tests.navigateur.outils import CAPTURES, se_connecter

pytestmark = pytest.mark.navigateur


def test_un_membre_donne_ses_avis_a_distance_sur_un_telephone(page, live_server, monde):  # noqa: F811
    demandes, dispo = monde
    instructeur = Utilisateur.objects.get(username="instructeur.casa")
    secretariat = Utilisateur.objects.get(username="secretariat.ccpc")
    positionnements_services.positionner(
        par=instructeur,
        disponibilite=dispo,
        numeros=[demandes["Ernst"].numero, demandes["Arnaud"].numero, demandes["Blanc"].numero],
    )
    s = services.seance_creer(par=secretariat, date=timezone.now() + dt.timedelta(hours=1), lieu="À distance")
    s = services.ordre_du_jour_definir(par=secretariat, seance=s, disponibilites=[dispo])
    s = services.convoquer(par=secretariat, seance=s)
    s = services.distance_ouvrir(
        par=secretariat, seance=s, debut=timezone.now(), fin=timezone.now() + dt.timedelta(hours=48)
    )

    page.set_viewport_size({"width": 390, "height": 844})
    se_connecter(page, live_server, "membre.ccpc")
    page.goto(f"{live_server.url}/commissions/seances/{s.pk}/")
    page.get_by_role("link", name="Donner mes avis en ligne").click()
    page.wait_for_selector("text=Séance à distance")
    texte = page.locator("main").inner_text()
    assert "Candidat A1" in texte and "Candidat A3" in texte
    for d in demandes.values():
        assert d.numero not in texte
        assert d.personnes.get(lien="DEMANDEUR").nom not in texte

    premier, deuxieme = (p.pk for p in dispo.positionnements.order_by("rang")[:2])
    page.locator(f"label[for=d-{premier}-VALIDE]").click()
    page.locator(f"label[for=d-{deuxieme}-REFUSE]").click()
    page.get_by_role("button", name="Enregistrer mes avis (A)").click()
    page.wait_for_selector("text=1 avis enregistré")
    assert "Candidat A2 : Un avis ajourné ou refusé dit son motif." in page.locator("main").inner_text()
    # on a phone the refusal is said under the candidate, on screen, and the choice is kept (found by a newcomer)
    expect(page.locator(f"#refus-{deuxieme}")).to_be_in_viewport()
    assert page.locator(f"#d-{deuxieme}-REFUSE").is_checked()
    page.locator(f"label[for=d-{deuxieme}-REFUSE]").click()
    page.get_by_label("Motif (ajourné ou refusé)").nth(1).fill("Taux d'effort trop élevé")
    with page.expect_navigation():  # the first candidate's avis is sent again as it was: only the second counts
        page.get_by_role("button", name="Enregistrer mes avis (A)").click()
    page.wait_for_selector("text=1 avis enregistré.")
    with page.expect_navigation():  # the form sent again whole, nothing changed: it says so
        page.get_by_role("button", name="Enregistrer mes avis (A)").click()
    page.wait_for_selector("text=Aucun changement : vos avis étaient déjà enregistrés tels quels.")
    page.get_by_label("Votre message").fill("A3 : les ressources sont-elles à jour ?")
    page.get_by_role("button", name="Ajouter au fil").click()
    page.wait_for_selector("text=Message ajouté au fil du logement.")
    assert "A3 : les ressources sont-elles à jour ?" in page.locator("main").inner_text()

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page.locator(f"#logement-{dispo.pk}").scroll_into_view_if_needed()
    page.screenshot(path=str(CAPTURES / "seance-a-distance-390.png"))
    page.screenshot(path=str(CAPTURES / "seance-a-distance-390-page.png"), full_page=True)

    assert dict(AvisMembre.objects.filter(seance=s).values_list("positionnement_id", "decision")) == {
        premier: "VALIDE",
        deuxieme: "REFUSE",
    }
    assert MessageFil.objects.filter(seance=s).count() == 1

    # the secretariat follows the count on the session's page and closes it, confirming
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    se_connecter(page, live_server, "secretariat.ccpc")
    page.goto(f"{live_server.url}/commissions/seances/{s.pk}/")
    texte = page.locator("#titre-distance").locator("..").inner_text()
    assert "1 membre a pris part" in texte and "A1" in texte and "1 validé" in texte
    page.locator("#titre-distance").scroll_into_view_if_needed()
    page.screenshot(path=str(CAPTURES / "seance-a-distance-secretariat.png"))
    page.get_by_role("button", name="Clore la séance à distance").click()
    effets = page.locator("#effets").inner_text().replace("\xa0", " ")
    assert "1 membre a pris part : quorum non atteint" in effets
    page.get_by_role("button", name="Confirmer la clôture").click()
    page.wait_for_selector("text=Séance close sans quorum")
    assert page.get_by_role("link", name="Télécharger le procès-verbal (PDF)").is_visible()
