"""The confirmation step of the actions that cannot be undone (commun/confirmation.py): the action's form
answers a page that says what will happen and writes nothing; its « Confirmer » acts once; the same confirmation
sent again (a double click without JavaScript, a reload, a replay) does nothing more and answers no 500; a token
made for another page, another person or more than two hours ago confirms nothing. Then the demand's other
irreversible actions: a piece withdrawn, a warning recorded, an answer noted."""

import datetime as dt
import html

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from commun import confirmation
from demandes import cycle, services
from demandes.codes import EtatDemande, MotifRadiation, TypeCourrier
from demandes.models import Demande, TransitionDemande
from territoire.models import Habilitation
from territoire.roles import Role
from tests.demandes.fabriques import demande_complete, demandeur
from tests.territoire.fabriques import agent

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def instructeur(referentiel):
    return agent(referentiel["casa"], Role.INSTRUCTEUR)


def nouvelle_demande(referentiel, nom: str = "Martin") -> Demande:
    """A demand filed on 05/10/2026, registered on 10/10/2026 at Antibes (valid until 05/10/2027)."""
    guichet = referentiel["commune-antibes"]
    with time_machine.travel(dt.datetime(2026, 10, 10, 10, 0), tick=False):
        a = agent(guichet, Role.AGENT_GUICHET)
        Habilitation.objects.filter(utilisateur=a).update(date_debut=dt.date(2020, 1, 1))
        return demande_complete(a, guichet, personnes=[demandeur(nom=nom)])


@pytest.fixture
def demande(referentiel):
    return nouvelle_demande(referentiel)


def texte(reponse) -> str:
    """The page's main part, unescaped (a failed assertion shows what the page said)."""
    page = html.unescape(reponse.content.decode())
    return page[page.find("<main") : page.find("</main>")] if "<main" in page else page


def radiations(d: Demande) -> int:
    return TransitionDemande.objects.filter(demande=d, vers=EtatDemande.RADIEE).count()


def test_radier_demande_confirmation_dit_motif_et_conservation_puis_radie_une_fois(
    client, demande, instructeur, confirmer
):
    client.force_login(instructeur)
    url = f"/demandes/{demande.pk}/radier/"
    reponse = confirmer(client, url, {"motif": MotifRadiation.RADABA, "commentaire": "courrier du 02/12"}, follow=True)
    page = texte(type("R", (), {"content": reponse.confirmation.encode()}))
    jour = timezone.localdate()
    assert f"Radier la demande n° {demande.numero} ?" in page
    assert f"sera radiée pour « renonciation du demandeur » (courrier du 02/12) à la date du {jour:%d/%m/%Y}" in page
    # the retention in force (demandes/retention.py: 12 months after the radiation), with its date
    assert f"Elle restera consultable 12 mois, jusqu'au {cycle.mois_apres(jour, 12):%d/%m/%Y}" in page
    assert "ses données personnelles seront alors effacées" in page
    assert f'href="/demandes/{demande.pk}/"' in page and "Annuler" in page
    d = Demande.objects.get(pk=demande.pk)
    assert (d.etat, d.motif_radiation) == (EtatDemande.RADIEE, MotifRadiation.RADABA)
    assert "Demande radiée" in texte(reponse)
    assert radiations(demande) == 1

    # the same confirmation again (reload, replay, double click without JavaScript): no second event, no 500
    encore = client.post(url, reponse.champs, follow=True)
    assert encore.status_code == 200 and encore.redirect_chain[-1][0] == f"/demandes/{demande.pk}/"
    assert confirmation.DEJA_FAITE in texte(encore)
    assert radiations(demande) == 1


def test_une_demande_deja_radiee_ne_demande_pas_de_confirmation(client, demande, instructeur):
    services.demande_radier(par=instructeur, demande=demande, motif=MotifRadiation.RADABA)
    client.force_login(instructeur)
    reponse = client.post(f"/demandes/{demande.pk}/radier/", {"motif": MotifRadiation.RADIRR}, follow=True)
    assert "Cette demande est radiée : elle ne peut plus être modifiée." in texte(reponse)
    assert 'name="confirmation"' not in texte(reponse)
    assert radiations(demande) == 1


def test_un_motif_manquant_se_dit_avant_toute_confirmation(client, demande, instructeur):
    client.force_login(instructeur)
    reponse = client.post(f"/demandes/{demande.pk}/radier/", {"motif": ""}, follow=True)
    assert "Choisissez le motif de radiation." in texte(reponse) and 'name="confirmation"' not in texte(reponse)


def test_une_confirmation_ne_vaut_que_pour_sa_page_sa_personne_et_deux_heures(
    client, demande, instructeur, referentiel
):
    client.force_login(instructeur)
    url = f"/demandes/{demande.pk}/radier/"
    donnees = {"motif": MotifRadiation.RADABA}

    def jeton_de(c, u=url):
        page = texte(c.post(u, donnees))
        debut = page.index('name="confirmation" value="') + len('name="confirmation" value="')
        return page[debut : page.index('"', debut)]

    # a token made for another demand's radiation
    autre = nouvelle_demande(referentiel, "Rossi")
    faux = jeton_de(client, f"/demandes/{autre.pk}/radier/")
    reponse = client.post(url, {**donnees, "confirmation": faux})
    assert reponse.status_code == 200 and confirmation.AUTRE in texte(reponse)
    # a token made for another person (a colleague's page sent by mistake)
    collegue = Client()
    collegue.force_login(agent(referentiel["casa"], Role.INSTRUCTEUR))
    reponse = client.post(url, {**donnees, "confirmation": jeton_de(collegue)})
    assert reponse.status_code == 200 and confirmation.AUTRE in texte(reponse)
    # a token forged or cut
    assert confirmation.AUTRE in texte(client.post(url, {**donnees, "confirmation": "abc"}))
    # a page left open more than two hours
    jeton = jeton_de(client)
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=confirmation.DUREE + 60)):
        client.force_login(instructeur)  # the session itself ended after 30 minutes
        reponse = client.post(url, {**donnees, "confirmation": jeton})
    assert reponse.status_code == 200 and confirmation.EXPIREE in texte(reponse)
    assert Demande.objects.get(pk=demande.pk).etat != EtatDemande.RADIEE


def test_renouveler_et_reactiver_sont_confirmes(client, demande, instructeur, confirmer):
    """Renewal: tested with its window in tests/demandes/test_demandes_cycle.py; here the reactivation says it
    reactivates."""
    with time_machine.travel(dt.datetime(2027, 11, 20, 10, 0), tick=False):
        services.demandes_non_renouvelees_radier()
        assert Demande.objects.get(pk=demande.pk).etat == EtatDemande.RADIEE
        client.force_login(instructeur)
        reponse = confirmer(client, f"/demandes/{demande.pk}/renouveler/", {"recu_le": "2027-11-20"}, follow=True)
    page = texte(type("R", (), {"content": reponse.confirmation.encode()}))
    assert f"Réactiver la demande n° {demande.numero} ?" in page
    assert "sera réactivée avec son numéro et son ancienneté ; elle sera valable jusqu'au 20/11/2028" in page
    assert Demande.objects.get(pk=demande.pk).etat == EtatDemande.ACTIVE
    assert "Demande réactivée" in texte(reponse)


def test_retirer_une_piece_est_confirme(client, demande, instructeur, confirmer):
    piece = services.piece_deposer(
        par=instructeur,
        demande=demande,
        type="IDENTITE",
        fichier=SimpleUploadedFile("cni.pdf", PDF, content_type="application/pdf"),
    )
    client.force_login(instructeur)
    reponse = confirmer(client, f"/demandes/{demande.pk}/pieces/{piece.pk}/retirer/", follow=True)
    assert "sera retirée du dossier" in html.unescape(reponse.confirmation)
    assert "Pièce retirée." in texte(reponse)
    piece.refresh_from_db()
    assert piece.retiree


def test_un_avertissement_et_sa_reponse_sont_confirmes(client, demande, instructeur, confirmer):
    client.force_login(instructeur)
    jour = timezone.localdate()
    reponse = confirmer(
        client,
        f"/demandes/{demande.pk}/avertissement/",
        {"objet": "Justificatif de ressources", "envoye_le": jour.isoformat()},
        follow=True,
    )
    radiation = cycle.radiation_apres_avertissement(jour)
    assert f"la demande sera radiée (demandeur injoignable) le {radiation:%d/%m/%Y}" in html.unescape(
        reponse.confirmation
    )
    courrier = demande.courriers.get(type=TypeCourrier.AVERTISSEMENT)
    reponse = confirmer(
        client,
        f"/demandes/{demande.pk}/avertissement/{courrier.pk}/reponse/",
        {"recu_le": jour.isoformat()},
        follow=True,
    )
    assert "La demande ne sera pas radiée pour cet avertissement." in html.unescape(reponse.confirmation)
    courrier.refresh_from_db()
    assert courrier.repondu_le == jour
