"""Browser journey of the shared notes on a demand (docs/partenaires.md « Notes partagées sur une demande »): CASA's
instructor writes a note for the landlord and a sensitive one from the demand's page, then corrects the first;
Erilia's manager, whose dwelling the demand is positioned on, follows the link of the dwelling's page to the
thread's own page, reads it (the sensitive note neither shown nor counted) and answers. Both pages at 1280 px and
at a phone's 390 px: no sideways scrolling, no serious axe-core violation."""

import pytest
from django.core.management import call_command

from partenariat.models import NoteDemande, Visibilite
from positionnements.models import Positionnement
from programmation import services as parc_services
from territoire.models import Organisation, Utilisateur
from tests.demandes.fabriques import demande_complete
from tests.navigateur.outils import CAPTURES, defilement_lateral, script_axe, se_connecter, violations_graves
from tests.positionnements.fabriques import famille_nommee, logement_cree

pytestmark = pytest.mark.navigateur

TELEPHONE = {"width": 390, "height": 844}


@pytest.fixture
def monde(transactional_db):
    """The demo's accounts (scale 0), a demand registered at Antibes positioned on a dwelling of Erilia."""
    call_command("seed_demo", "--scale", "0", verbosity=0)
    guichet = Utilisateur.objects.get(username="guichet.antibes")
    demande = demande_complete(
        guichet, Organisation.objects.get(slug="commune-antibes"), personnes=famille_nommee("Notes")
    )
    dispo = parc_services.disponibilite_declarer(
        par=Utilisateur.objects.get(username="gestionnaire.erilia"),
        logement=logement_cree(Organisation.objects.get(slug="erilia"), "N1"),
        date_liberation=demande.date_depot.replace(year=demande.date_depot.year + 1),
    )
    Positionnement.objects.create(
        disponibilite=dispo, demande=demande, rang=1, propose_par=Utilisateur.objects.get(username="instructeur.casa")
    )
    return demande, dispo


def _verifier_la_mise_en_page(page, nom):
    """At 1280 px then 390 px: nothing scrolls sideways, axe-core finds nothing serious; a screenshot of each."""
    CAPTURES.mkdir(parents=True, exist_ok=True)
    for largeur, taille in (("1280", {"width": 1280, "height": 900}), ("390", TELEPHONE)):
        page.set_viewport_size(taille)
        page.reload()
        assert defilement_lateral(page) is None, f"{nom} à {largeur} px"
        assert violations_graves(page) == [], f"{nom} à {largeur} px"
        page.screenshot(path=str(CAPTURES / f"notes-{nom}-{largeur}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_la_casa_et_le_bailleur_se_parlent_sur_le_fil(page, live_server, monde):
    demande, dispo = monde
    page.context.add_init_script(script=script_axe())
    se_connecter(page, live_server, "instructeur.casa")
    page.goto(f"{live_server.url}/demandes/{demande.pk}/")
    section = page.locator("#notes-partagees")
    assert "Aucune note que vous puissiez lire." in section.inner_text()
    page.locator("#id_note_texte").fill("Le ménage a besoin d'un rez-de-chaussée : merci de le dire à la CAL.")
    page.locator("#id_note_visibilite_1").check()  # CASA et le bailleur d'un logement où la demande est positionnée
    section.get_by_role("button", name="Ajouter la note").dblclick()
    page.wait_for_selector("text=Note ajoutée au fil de la demande.")
    assert NoteDemande.objects.count() == 1  # a double click writes once
    section = page.locator("#notes-partagees")
    section.locator("summary", has_text="Ajouter une note").click()
    page.locator("#id_note_texte").fill("Suivi par le centre médico-psychologique.")
    page.locator("#id_note_visibilite_0").check()  # CASA seulement
    page.locator("#id_note_sensible").check()
    section.get_by_role("button", name="Ajouter la note").click()
    page.wait_for_selector("text=Note ajoutée au fil de la demande.")
    assert page.locator("#nombre-notes").inner_text() == "2"
    # correct the first note: a new note, the first one marked
    premiere = NoteDemande.objects.order_by("pk").first()
    note = page.locator(f"#note-{premiere.pk}")
    note.locator("summary", has_text="Corriger").click()
    note.get_by_role("textbox").fill("Le ménage a besoin d'un rez-de-chaussée ou d'un ascenseur.")
    note.get_by_role("button", name="Ajouter la correction").click()
    page.wait_for_selector("text=Note ajoutée au fil de la demande.")
    assert "Corrigée par" in page.locator(f"#note-{premiere.pk}").inner_text()
    correction = NoteDemande.objects.get(corrige=premiere)
    assert correction.visibilite == Visibilite.CASA_BAILLEUR
    _verifier_la_mise_en_page(page, "page-de-la-demande")

    page.context.clear_cookies()
    se_connecter(page, live_server, "gestionnaire.erilia")
    page.goto(f"{live_server.url}/positionnements/logements/{dispo.pk}/")  # its way to the thread
    page.get_by_role("link", name="Notes partagées").click()
    page.wait_for_url(f"**/notes/demandes/{demande.pk}/")
    texte = page.locator("main").inner_text()
    assert "ou d'un ascenseur" in texte and "Corrigée par" in texte
    assert "médico-psychologique" not in texte and page.locator("#nombre-notes").inner_text() == "2"
    assert page.locator("input[name=sensible]").count() == 0
    page.locator("#id_note_texte").fill("Visite prévue le 12 ; ascenseur en service.")
    page.locator("#id_note_visibilite_2").check()  # Tous les partenaires qui voient la demande
    page.get_by_role("button", name="Ajouter la note").click()
    page.wait_for_selector("text=Note ajoutée au fil de la demande.")
    assert page.locator("#nombre-notes").inner_text() == "3"
    _verifier_la_mise_en_page(page, "page-du-fil")
