"""Browser journey of issue 6: the secretariat creates a session, builds the agenda, convenes, has the dossier
produced (a real Celery worker) and downloads it, records attendance, records the avis (two validés with the order
changed, one ajourné with its reason), closes, and downloads the minutes; a convened member then sees the session
and only the members' dossier."""

import datetime as dt
import time

import pytest
from django.utils import timezone

from positionnements import services as positionnements_services
from territoire.models import Utilisateur
from tests.navigateur.outils import CAPTURES, se_connecter

pytestmark = pytest.mark.navigateur


def test_le_secretariat_tient_une_seance(page, live_server, monde, celery_worker_reel):  # noqa: F811
    demandes, dispo = monde
    instructeur = Utilisateur.objects.get(username="instructeur.casa")
    positionnements_services.positionner(
        par=instructeur,
        disponibilite=dispo,
        numeros=[demandes["Ernst"].numero, demandes["Arnaud"].numero, demandes["Blanc"].numero],
    )
    se_connecter(page, live_server, "secretariat.ccpc")
    page.get_by_role("link", name="Commission").first.click()
    page.locator("summary", has_text="Nouvelle séance").click()  # the creation form, folded at the top of the list
    page.locator("#id_date").fill((timezone.localdate() + dt.timedelta(days=10)).isoformat() + "T14:30")
    page.locator("#id_lieu").fill("Salle du conseil, Sophia Antipolis")
    page.get_by_role("button", name="Créer la séance").click()
    page.wait_for_selector("text=composez son ordre du jour")

    page.get_by_label("Retenir").first.check()
    page.get_by_role("button", name="Enregistrer l'ordre du jour").click()
    page.wait_for_selector("text=Ordre du jour enregistré : 1 logement.")
    page.get_by_role("button", name="Convoquer les membres").click()
    page.get_by_role("button", name="Confirmer la convocation").click()
    page.wait_for_selector("text=Membres convoqués")

    # the dossier, produced by a real Celery worker, its progress followed by the page
    page.get_by_role("button", name="Produire le dossier").click()
    page.wait_for_selector("text=Production du dossier lancée")
    page.get_by_role("link", name="Dossier des membres (PDF)").wait_for(timeout=60_000)
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Dossier de la CASA (nominatif, PDF)").click()
    CAPTURES.mkdir(parents=True, exist_ok=True)
    telechargement.value.save_as(CAPTURES / "dossier-casa.pdf")
    assert (CAPTURES / "dossier-casa.pdf").read_bytes()[:4] == b"%PDF"

    # attendance: every titular of the first colleges, the State's representative
    cases = page.locator("input[name=presents]")
    for i in range(cases.count()):
        if "suppléant" not in page.locator(f"label[for={cases.nth(i).get_attribute('id')}]").inner_text():
            cases.nth(i).check()
    page.get_by_role("button", name="Enregistrer les présences").click()
    page.wait_for_selector("text=Quorum atteint")

    e, a, b = (demandes[n].numero for n in ("Ernst", "Arnaud", "Blanc"))
    page.get_by_label(f"Avis pour {e}").select_option("VALIDE")
    page.get_by_label(f"Rang retenu pour {e}").fill("2")
    page.get_by_label(f"Avis pour {a}").select_option("VALIDE")
    page.get_by_label(f"Rang retenu pour {a}").fill("1")
    page.get_by_label(f"Avis pour {b}").select_option("AJOURNE")
    page.get_by_role("button", name="Enregistrer les avis").click()
    texte = page.locator("main").inner_text()
    assert "2 avis enregistré(s)." in texte and f"Demande {b} : Un avis ajourné ou refusé dit son motif." in texte
    page.get_by_label(f"Avis pour {b}").select_option("AJOURNE")
    page.get_by_label(f"Motif pour {b}").fill("Pièces de ressources à actualiser")
    page.get_by_role("button", name="Enregistrer les avis").click()
    page.wait_for_selector("text=3 avis enregistré(s).")
    page.get_by_role("button", name="Clore la séance").click()
    # the confirmation says what closing does (docs/screenshots/confirmation-cloture-*.png)
    effets = page.locator("#effets").inner_text().replace("\xa0", " ")
    assert "2 candidats validés (dans l'ordre retenu), 1 ajourné, 0 refusé" in effets
    CAPTURES.mkdir(parents=True, exist_ok=True)
    for largeur, hauteur in ((1280, 800), (390, 844)):
        page.set_viewport_size({"width": largeur, "height": hauteur})
        assert page.evaluate("document.documentElement.scrollWidth") <= largeur
        page.screenshot(path=str(CAPTURES / f"confirmation-cloture-{largeur}.png"))
    page.set_viewport_size({"width": 1280, "height": 900})
    debut = time.monotonic()
    page.get_by_role("button", name="Confirmer la clôture").click()
    page.wait_for_selector("text=Séance close")
    print(f"clôture de la séance : {time.monotonic() - debut:.1f} s")
    texte = page.locator("main").inner_text()
    assert "Pièces de ressources à actualiser" in texte
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(CAPTURES / "seance-close.png"), full_page=True)
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Télécharger le procès-verbal (PDF)").click()
    telechargement.value.save_as(CAPTURES / "proces-verbal.pdf")
    with open(CAPTURES / "proces-verbal.pdf", "rb") as f:
        assert f.read(4) == b"%PDF"
    # the commission's order: Arnaud first, Ernst second
    assert [p.demande.numero for p in dispo.positionnements.filter(etat="VALIDE").order_by("rang")] == [a, e]

    # a member convened (the demo account, an elected member of Vallauris) sees the session, the members' dossier only
    page.context.clear_cookies()
    se_connecter(page, live_server, "membre.ccpc")
    page.get_by_role("link", name="Commission").first.click()
    page.get_by_role("link", name="CCPC-").first.click()
    assert page.get_by_role("link", name="Dossier des membres (PDF)").is_visible()
    assert not page.get_by_role("link", name="Dossier de la CASA (nominatif, PDF)").count()
    assert page.request.get(page.url + "dossier.pdf").status == 403
