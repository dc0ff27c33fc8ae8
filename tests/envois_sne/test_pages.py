"""The outbox's pages (/sne/envois/): CASA's administrators only (403 for every other role), the list with its
filters and counts, a missing RPLS identifier and a rejection shown with their reasons, « corriger et renvoyer », the
upload of the SNE's acknowledgement (a bad file: a French message, nothing written), the daily file downloaded."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from envois_sne import services
from envois_sne.codes import EtatEvenementSNE, TypeEvenementSNE
from envois_sne.models import EvenementSNE, FichierEnvoiSNE, RetourSNE
from territoire.roles import Role
from tests.envois_sne.fabriques import DEBUT, bail_signe, documents_du_zip, donner_nur, nur, retour_xml
from tests.territoire.fabriques import agent

E = EtatEvenementSNE


@pytest.fixture
def admin(referentiel):
    return agent(referentiel["casa"], Role.ADMINISTRATEUR)


@pytest.fixture
def envoyes(retours):
    """The CAL file applied, every demand numbered by the SNE, the day's file sent: the attribution waits for the
    dwelling's RPLS identifier; four positionnements and four decisions are sent."""
    bail_signe(retours)
    for n, d in enumerate(retours["demandes"].values(), start=1):
        donner_nur(d, n)
    services.envoyer_du_jour(depuis=DEBUT)
    return retours


def test_la_page_montre_les_evenements_leurs_compteurs_et_ce_qui_attend(client, admin, envoyes):
    client.force_login(admin)
    page = client.get("/sne/envois/").content.decode()
    assert 'dont 0 prêt, <a href="?attente=on">1 en attente d\'une donnée</a>' in page
    assert "Envoyé, en attente d&#x27;acquittement</a> : 8" in page
    attente = client.get("/sne/envois/?attente=on").content.decode()
    assert "1 événement</p>" in attente
    assert "n&#x27;a pas d&#x27;identifiant RPLS : le bailleur l&#x27;ajoute par l&#x27;import de son parc" in attente
    par_type = client.get(f"/sne/envois/?type={TypeEvenementSNE.DECISION_CAL}&etat={E.ENVOYE}").content.decode()
    assert "4 événements</p>" in par_type
    assert "0 événement</p>" in client.get(f"/sne/envois/?etat={E.ACQUITTE}").content.decode()  # 0 and 1: singular
    # the NUR, the local number under it (as the demand lists)
    d = EvenementSNE.objects.filter(type=TypeEvenementSNE.DECISION_CAL).select_related("demande").first().demande
    assert d.nur and d.numero
    assert f'{d.nur} <br> <span class="small text-muted">n° local {d.numero}</span>' in " ".join(par_type.split())
    fichier = FichierEnvoiSNE.objects.get()
    assert fichier.nom in page
    # unknown filters and pages are ignored, never an error
    assert client.get("/sne/envois/?etat=XYZ&type=INCONNU&page=abc&attente=peut-etre").status_code == 200


def test_un_rejet_se_lit_et_se_corrige_depuis_la_page(client, admin, envoyes):
    client.force_login(admin)
    e = EvenementSNE.objects.filter(type=TypeEvenementSNE.POSITIONNEMENT).order_by("pk").first()
    contenu = retour_xml({"identifiant": e.numero, "statut": "REJETE", "motif": "Bailleur inconnu du SNE"})
    reponse = client.post("/sne/envois/", {"fichier": SimpleUploadedFile("retour.xml", contenu)}, follow=True)
    assert "lu : 0 acquitté, 1 rejeté, 0 numéro unique enregistré, 0 déjà connu." in reponse.content.decode()
    assert "0 acquitté, 1 rejeté, 0 numéro unique reçu</li>" in reponse.content.decode()
    page = client.get(f"/sne/envois/?etat={E.REJETE}").content.decode()
    assert "Bailleur inconnu du SNE" in page and "Corriger et renvoyer" in page
    detail = client.get(f"/sne/envois/{e.pk}/").content.decode()
    assert "Bailleur inconnu du SNE" in detail and "interfaceNuu" in detail
    reponse = client.post(f"/sne/envois/{e.pk}/renvoyer/", follow=True)
    assert f"L&#x27;événement {e.numero} est reconstruit et de nouveau à envoyer." in reponse.content.decode()
    e.refresh_from_db()
    assert e.etat == E.A_ENVOYER
    # back to send: no longer in the old file, which its history keeps
    fichier = FichierEnvoiSNE.objects.get()
    assert e.fichier is None
    detail = client.get(f"/sne/envois/{e.pk}/").content.decode()
    assert "À envoyer\n" in detail and f"({fichier.nom})" not in detail and f"Envoyé dans {fichier.nom}" in detail
    liste = client.get(f"/sne/envois/?etat={E.A_ENVOYER}&type={TypeEvenementSNE.POSITIONNEMENT}").content.decode()
    assert e.numero in liste and fichier.nom not in liste.split("Fichiers du jour envoyés")[0]
    # a second click: refused with a message, no error
    reponse = client.post(f"/sne/envois/{e.pk}/renvoyer/", follow=True)
    assert "n&#x27;est pas rejeté" in reponse.content.decode()


def test_un_retour_mal_forme_depuis_la_page_n_ecrit_rien(client, admin, envoyes):
    client.force_login(admin)
    e = EvenementSNE.objects.filter(etat=E.ENVOYE).first()
    contenu = retour_xml(
        {"identifiant": e.numero, "statut": "ACCEPTE", "nur": nur(40)},
        {"identifiant": "EVT-99999999", "statut": "ACCEPTE"},
    )
    reponse = client.post("/sne/envois/", {"fichier": SimpleUploadedFile("retour.xml", contenu)})
    assert reponse.status_code == 200
    assert "l&#x27;événement EVT-99999999 est inconnu" in reponse.content.decode()
    assert not RetourSNE.objects.exists()
    e.refresh_from_db()
    assert e.etat == E.ENVOYE
    assert client.post("/sne/envois/", {}).status_code == 200  # no file: the form says so


def test_le_fichier_du_jour_se_telecharge(client, admin, envoyes):
    client.force_login(admin)
    fichier = FichierEnvoiSNE.objects.get()
    reponse = client.get(f"/sne/envois/fichiers/{fichier.pk}/")
    assert reponse["Content-Type"] == "application/zip"
    assert len(documents_du_zip(reponse.content)) == fichier.nombre_evenements == 8


@pytest.mark.parametrize(
    ("organisation", "role"),
    [
        ("casa", Role.INSTRUCTEUR),
        ("casa", Role.LECTEUR),
        ("casa", Role.SECRETARIAT_COMMISSION),
        ("erilia", Role.GESTIONNAIRE_BAILLEUR),
        ("erilia", Role.ADMINISTRATEUR),
        ("commune-antibes", Role.AGENT_GUICHET),
        ("prefecture-06", Role.RESERVATAIRE),
    ],
)
def test_les_autres_roles_recoivent_403(client, envoyes, referentiel, organisation, role):
    client.force_login(agent(referentiel[organisation], role))
    e = EvenementSNE.objects.first()
    fichier = FichierEnvoiSNE.objects.get()
    for url in ("/sne/envois/", f"/sne/envois/{e.pk}/", f"/sne/envois/fichiers/{fichier.pk}/"):
        assert client.get(url).status_code == 403, url
    contenu = retour_xml({"identifiant": e.numero, "statut": "REJETE", "motif": "x"})
    assert client.post("/sne/envois/", {"fichier": SimpleUploadedFile("r.xml", contenu)}).status_code == 403
    assert client.post(f"/sne/envois/{e.pk}/renvoyer/").status_code == 403
    assert not RetourSNE.objects.exists()


def test_sans_compte_on_est_renvoye_a_la_connexion(client, envoyes):
    assert client.get("/sne/envois/").status_code == 302
