"""Browser journey of the applicant's space (issue 19), on a phone (390×844): an applicant whose demand a CAL has just
attributed asks for the sign-in link, opens it from the e-mail (sent by a real Celery worker), reads the steps, sends
a missing piece and refuses the dwelling with a reason; the landlord's CAL page shows the answer. Then axe-core reads
every page of the space (signed in and public) at 390×844 and 1280×800: no serious or critical violation, no sideways
scrolling on the phone. The world: the CAL returns' (tests/positionnements/fabriques_cal.py), the frozen day."""

import re
import time

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from positionnements.etats import EtatPositionnement as E
from positionnements.etats import SourceDepot
from positionnements.models import DepotDecisionsCAL
from tests.navigateur.outils import CAPTURES, defilement_lateral, script_axe, violations_graves
from tests.portail.fabriques import NE_LE, connecter
from tests.portail.fabriques import PAGES as PAGES_DE_L_ESPACE
from tests.positionnements.fabriques import monde_positionnements
from tests.positionnements.fabriques_cal import retours_de
from tests.positionnements.fabriques_offres import cal_tenue, positionnement_offert

pytestmark = [pytest.mark.navigateur, pytest.mark.worker, pytest.mark.jour_fige]
TELEPHONE = {"width": 390, "height": 844}


@pytest.fixture
def retours_portail(referentiel, transactional_db):
    """The CAL returns' world with Erilia's CAL held 3 days ago: « aisee » has an offer on A12 (10 days to answer)."""
    r = retours_de(monde_positionnements(referentiel))
    cal_tenue(r, il_y_a=3)
    return r


@pytest.fixture(autouse=True)
def limites_neuves(settings):
    import uuid

    settings.RATELIMIT_CACHE_PREFIX = f"rl:nav-{uuid.uuid4().hex}:"


def _courriel_de_connexion(delai: float = 20.0):
    """The sign-in e-mail the worker sends after the commit (the last one with a sign-in link: the worker also sends
    the partners' notifications of the world's making, docs/partenaires.md)."""
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        connexions = [m for m in mail.outbox if "/mon-logement/entrer/" in m.body]
        if connexions:
            return connexions[-1]
        time.sleep(0.1)
    pytest.fail("Le courriel de connexion n'est pas parti.")


def test_un_demandeur_se_connecte_lit_ses_etapes_envoie_une_piece_et_refuse_le_logement(
    navigateur, live_server, retours_portail, celery_worker_reel
):
    demande = retours_portail["demandes"]["aisee"]
    offre = positionnement_offert(demande)
    assert offre is not None
    CAPTURES.mkdir(parents=True, exist_ok=True)
    contexte = navigateur.new_context(viewport=TELEPHONE, locale="fr-FR", is_mobile=True, has_touch=True)
    page = contexte.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{live_server.url}/mon-logement/")
        page.get_by_label("Numéro de votre demande").fill(demande.numero.lower().replace("-", " "))
        page.get_by_label("Votre date de naissance").fill(f"{NE_LE:%d/%m/%Y}")
        page.get_by_role("button", name=re.compile("lien", re.I)).click()
        page.wait_for_url(re.compile(r"/mon-logement/lien-envoye/$"))
        page.screenshot(path=str(CAPTURES / "portail-lien-envoye.png"), full_page=True)

        message = _courriel_de_connexion()
        lien = re.search(r"https?://\S+/mon-logement/entrer/\S+/", message.body)[0]
        assert demande.numero not in message.body and message.body.startswith("Bonjour Élodie,")
        page.goto(live_server.url + "/" + lien.split("/", 3)[3])
        page.get_by_role("button", name="Entrer dans mon espace").click()
        page.wait_for_url(re.compile(r"/mon-logement/ma-demande/$"))
        assert demande.numero in page.content()
        # the offer is announced on « Ma demande »
        assert page.get_by_text(re.compile("logement vous est proposé|proposition", re.I)).first.is_visible()
        page.screenshot(path=str(CAPTURES / "portail-ma-demande.png"), full_page=True)

        # the steps: the CAL's decision in words, dated
        page.get_by_role("link", name="Les étapes").first.click()
        page.wait_for_url(re.compile(r"/mon-logement/etapes/$"))
        etapes = page.locator("main").inner_text()
        assert re.search(r"commission d.attribution", etapes, re.I), etapes
        assert "Antibes" in etapes
        page.screenshot(path=str(CAPTURES / "portail-etapes.png"), full_page=True)

        # a missing piece sent from the phone
        page.goto(f"{live_server.url}/mon-logement/pieces/envoyer/")
        page.get_by_label("Quelle pièce envoyez-vous ?").select_option(index=1)
        page.get_by_label("Le fichier").set_input_files(
            {"name": "bulletin de salaire.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}
        )
        page.get_by_role("button", name="Envoyer la pièce").click()
        page.wait_for_load_state()
        assert demande.pieces_en_ligne.count() == 1
        assert page.get_by_text(re.compile("bulletin de salaire.pdf|à valider|envoyée", re.I)).first.is_visible()
        page.screenshot(path=str(CAPTURES / "portail-piece-envoyee.png"), full_page=True)

        # the offer refused with a reason from the list
        page.goto(f"{live_server.url}/mon-logement/offre/")
        assert page.get_by_text(re.compile("A12|Les Oliviers")).first.is_visible()
        page.screenshot(path=str(CAPTURES / "portail-offre.png"), full_page=True)
        page.get_by_label("Pourquoi refusez-vous ce logement ?").select_option("LOCALISATION")
        page.get_by_label(re.compile("Je confirme que je refuse ce logement")).check()
        page.get_by_role("button", name="Refuser le logement").click()
        page.wait_for_load_state()
        assert page.get_by_text(re.compile("Votre refus est enregistré")).is_visible()
        page.screenshot(path=str(CAPTURES / "portail-offre-refusee.png"), full_page=True)
    finally:
        contexte.close()

    offre.refresh_from_db()
    assert offre.etat == E.REFUS_CANDIDAT
    assert DepotDecisionsCAL.objects.get(source=SourceDepot.PORTAIL).par is None
    # the landlord's CAL page shows the answer at once
    gestionnaire = Client()
    gestionnaire.force_login(retours_portail["gestionnaire"])
    recues = " ".join(gestionnaire.get(reverse("positionnements:cal") + "?vue=recues").content.decode().split())
    assert demande.numero in recues and "par le candidat, dans son espace" in recues


def test_chaque_page_de_l_espace_est_accessible(navigateur, live_server, retours_portail, journal_accessibilite):
    """axe-core on every page of the space, signed in as an applicant with an offer, and on its public pages."""
    client = Client()
    connecter(client, retours_portail["demandes"]["aisee"])
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    # the space's pages (the attestation is a PDF, not a page), then its public ones
    noms = [nom for nom in PAGES_DE_L_ESPACE if nom != "attestation"] + ["grille", "delais_publics"]
    pages = [reverse(f"portail:{nom}") for nom in noms]
    fautes = []
    contexte = navigateur.new_context(viewport=TELEPHONE, locale="fr-FR")
    contexte.add_init_script(script=script_axe())
    contexte.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page = contexte.new_page()
    page.set_default_timeout(15_000)
    try:
        for chemin in pages:
            reponse = page.goto(live_server.url + chemin)
            if reponse.status != 200 or page.url[len(live_server.url) :][:14] != "/mon-logement/":
                fautes.append(f"{chemin} : réponse {reponse.status} ({page.url})")
                continue
            for largeur, hauteur in ((390, 844), (1280, 800)):
                page.set_viewport_size({"width": largeur, "height": hauteur})
                fautes += [f"{chemin} à {largeur} px : {v}" for v in violations_graves(page)]
                if largeur < 576 and (defile := defilement_lateral(page)):
                    fautes.append(f"{chemin} à {largeur} px : {defile}")
                journal_accessibilite["pages"].append(("demandeur", chemin, chemin, f"{largeur}×{hauteur}"))
            page.set_viewport_size(TELEPHONE)
    finally:
        contexte.close()
    assert not fautes, "\n".join(fautes)
