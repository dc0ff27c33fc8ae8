"""Access review (issue 15): the « revue des habilitations » every six months with its reminders and its escalation
to CASA, accounts unused for 90 days switched off (and reactivated), « qui voit quoi » exported for the CIL and the
DPO, and the sensitive reads shown to CASA's administrators. Time is frozen with time-machine at the edges."""

import csv
import datetime as dt
import html
import io
from zoneinfo import ZoneInfo

import openpyxl
import pghistory.models
import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from demandes import services as services_demandes
from territoire.acces import ce_que_voit
from territoire.models import (
    DecisionRevue,
    Habilitation,
    LectureSensible,
    LigneRevue,
    NatureLecture,
    RevueHabilitations,
    Utilisateur,
)
from territoire.roles import Role, TypeOrganisation
from territoire.services import organisation_epci
from territoire.tasks import desactiver_comptes_inutilises, revue_des_habilitations
from tests.demandes.fabriques import demande_complete
from tests.territoire.fabriques import HabilitationFactory, OrganisationFactory, UtilisateurFactory, agent

OUVERTURE = dt.date(2026, 12, 1)
MOT_DE_PASSE = "mot-de-passe-de-test"


def le(jour: dt.date, heure: int = 7):
    """That day at that hour in Paris (the nightly tasks run at dawn)."""
    return time_machine.travel(
        dt.datetime.combine(jour, dt.time(heure, 0), tzinfo=ZoneInfo("Europe/Paris")), tick=False
    )


def texte(reponse) -> str:
    """The page as a person reads it (entities such as &#x27; decoded)."""
    return html.unescape(reponse.content.decode())


def nuit(jour: dt.date, django_capture_on_commit_callbacks, tache=revue_des_habilitations) -> str:
    """Runs a nightly task on that day, its e-mails sent (they leave once the transaction is committed)."""
    with le(jour), django_capture_on_commit_callbacks(execute=True):
        return tache()


def se_connecte(client, identifiant: str) -> bool:
    """Logs in through the login page, as the person would; True if the session now holds the account."""
    client.logout()
    client.post("/connexion/", {"username": identifiant, "password": MOT_DE_PASSE})
    return "_auth_user_id" in client.session


def courriels_de(adresse: str, sujet: str = "") -> list:
    return [m for m in mail.outbox if m.to == [adresse] and sujet in m.subject]


@pytest.fixture
def monde(db):
    """Two landlords and CASA, each with an administrator; the landlord « Azur » has a manager, a reader and a
    partner system (API key account), all habilitated since 2026."""
    with le(dt.date(2026, 1, 5)):
        casa = organisation_epci()
        azur = OrganisationFactory(nom="Bailleur Azur", type=TypeOrganisation.BAILLEUR)
        esterel = OrganisationFactory(nom="Bailleur Estérel", type=TypeOrganisation.BAILLEUR)
        m = {
            "casa": casa,
            "azur": azur,
            "esterel": esterel,
            "admin_casa": agent(casa, Role.ADMINISTRATEUR, username="admin.casa", last_name="Casanova"),
            "admin_azur": agent(azur, Role.ADMINISTRATEUR, username="admin.azur", last_name="Azurin"),
            "gestionnaire": agent(
                azur, Role.GESTIONNAIRE_BAILLEUR, username="julie.roux", first_name="Julie", last_name="Roux"
            ),
            "lecteur": agent(azur, Role.LECTEUR, username="marc.bernard", first_name="Marc", last_name="Bernard"),
            "admin_esterel": agent(esterel, Role.ADMINISTRATEUR, username="admin.esterel"),
            "agent_esterel": agent(esterel, Role.GESTIONNAIRE_BAILLEUR, username="paul.estrade", last_name="Estrade"),
        }
        api = UtilisateurFactory(username="api-azur", first_name="Système", last_name="Azur", est_compte_api=True)
        HabilitationFactory(utilisateur=api, organisation=azur, role=Role.GESTIONNAIRE_BAILLEUR)
        m["api"] = api
    return m


def hab(user) -> Habilitation:
    return user.habilitations.get()


# --------------------------------------------------------------------------- opening, reminder, escalation


def test_une_revue_s_ouvre_pour_chaque_organisation_puis_tous_les_six_mois(monde, django_capture_on_commit_callbacks):
    resultat = nuit(OUVERTURE, django_capture_on_commit_callbacks)
    assert resultat.startswith("3 revues ouvertes")
    revue = RevueHabilitations.objects.get(organisation=monde["azur"])
    assert revue.ouverte_le == OUVERTURE
    assert revue.echeance == OUVERTURE + dt.timedelta(days=30)
    # One row per person's habilitation; the partner system's key is not reviewed (it has its own expiry).
    assert set(revue.lignes.values_list("habilitation__utilisateur__username", flat=True)) == {
        "admin.azur",
        "julie.roux",
        "marc.bernard",
    }
    # The next night opens nothing more; the campaign, once finished, comes back six months after its opening.
    assert nuit(OUVERTURE + dt.timedelta(days=1), django_capture_on_commit_callbacks).startswith("0 revues ouvertes")
    RevueHabilitations.objects.update(close_le=dt.datetime(2026, 12, 10, tzinfo=dt.UTC))
    assert nuit(dt.date(2027, 5, 31), django_capture_on_commit_callbacks).startswith("0 revues ouvertes")
    assert nuit(dt.date(2027, 6, 1), django_capture_on_commit_callbacks).startswith("3 revues ouvertes")
    assert RevueHabilitations.objects.filter(organisation=monde["azur"]).count() == 2


def test_le_rappel_a_l_administrateur_dit_un_nombre_et_un_lien_sans_nom_de_tiers(
    monde, django_capture_on_commit_callbacks
):
    nuit(OUVERTURE, django_capture_on_commit_callbacks)
    (message,) = courriels_de("admin.azur@exemple.fr")
    assert message.subject == "Toit commun : revue des habilitations de Bailleur Azur"
    assert "3 habilitations sur 3 restent à revoir" in message.body
    assert "À terminer avant le 31/12/2026" in message.body
    assert "https://127.0.0.1:8000/habilitations/revue/" in message.body
    for tiers in ("julie.roux", "Julie", "Roux", "marc.bernard", "Bernard", "Estrade", "api-azur"):
        assert tiers not in message.body and tiers not in message.subject
    # Nobody of another organisation is told about Azur; the manager and the reader get nothing.
    assert not any("Azur" in m.body for m in courriels_de("admin.esterel@exemple.fr"))
    assert not courriels_de("julie.roux@exemple.fr") and not courriels_de("marc.bernard@exemple.fr")
    # A reminder a week later, not before.
    nuit(OUVERTURE + dt.timedelta(days=6), django_capture_on_commit_callbacks)
    assert len(courriels_de("admin.azur@exemple.fr")) == 1
    nuit(OUVERTURE + dt.timedelta(days=7), django_capture_on_commit_callbacks)
    assert len(courriels_de("admin.azur@exemple.fr")) == 2


def test_une_revue_en_retard_est_signalee_une_fois_aux_administrateurs_de_la_casa(
    monde, client, django_capture_on_commit_callbacks
):
    nuit(OUVERTURE, django_capture_on_commit_callbacks)
    nuit(OUVERTURE + dt.timedelta(days=30), django_capture_on_commit_callbacks)  # the last day: not yet late
    assert not courriels_de("admin.casa@exemple.fr", "habilitations en retard")
    nuit(OUVERTURE + dt.timedelta(days=31), django_capture_on_commit_callbacks)
    (alerte,) = courriels_de("admin.casa@exemple.fr", "habilitations en retard")
    assert "- Bailleur Azur : 3 habilitations sur 3 à revoir" in alerte.body
    assert "https://127.0.0.1:8000/habilitations/revues/" in alerte.body
    assert "Roux" not in alerte.body and "julie.roux" not in alerte.body
    assert RevueHabilitations.objects.get(organisation=monde["azur"]).signalee_casa_le is not None
    # The administrators of Azur are told too that CASA knows; the escalation is not sent again the next night.
    assert "le retard a été signalé" in courriels_de("admin.azur@exemple.fr")[-1].body
    nuit(OUVERTURE + dt.timedelta(days=32), django_capture_on_commit_callbacks)
    assert len(courriels_de("admin.casa@exemple.fr", "habilitations en retard")) == 1
    # CASA's page shows every organisation's state; an organisation's administrator may not read it.
    with le(OUVERTURE + dt.timedelta(days=32)):
        client.force_login(monde["admin_casa"])
        page = texte(client.get("/habilitations/revues/?etat=en_retard"))
    ligne = page.split('id="revue-bailleur-azur"')[1].split("</tr>")[0]
    assert "En retard" in ligne and "3 à revoir" in ligne and "31/12/2026" in ligne
    client.force_login(monde["admin_azur"])
    assert client.get("/habilitations/revues/").status_code == 403


# --------------------------------------------------------------------------- deciding, one row at a time


@pytest.fixture
def revue_ouverte(monde, django_capture_on_commit_callbacks):
    nuit(OUVERTURE, django_capture_on_commit_callbacks)
    return RevueHabilitations.objects.get(organisation=monde["azur"])


def test_l_administrateur_confirme_ou_met_fin_ligne_a_ligne_et_voit_l_avancement(
    monde, revue_ouverte, client, confirmer
):
    admin = monde["admin_azur"]
    client.force_login(admin)
    page = texte(client.get("/habilitations/revue/"))
    assert "0 habilitation revue sur 3" in page
    assert "Julie Roux" in page and "Marc Bernard" in page and "Azur" in page
    assert "api-azur" not in page  # the API key's account is not in the review

    reponse = client.post(f"/habilitations/{hab(monde['gestionnaire']).pk}/revue/", {"decision": "CONFIRMEE"})
    assert reponse.status_code == 302 and reponse.url == "/habilitations/revue/"
    page = texte(client.get(reponse.url))
    assert "Habilitation confirmée : Gestionnaire bailleur de Julie Roux." in page
    assert "1 habilitation revue sur 3" in page

    h_lecteur = hab(monde["lecteur"])
    fin = confirmer(client, f"/habilitations/{h_lecteur.pk}/revue/", {"decision": "TERMINEE"})
    assert "Mettre fin à l'habilitation de" in fin.confirmation.replace("&#x27;", "'")
    h_lecteur.refresh_from_db()
    assert not h_lecteur.active  # ended through services.habilitation_retirer, audited with its author and page
    evenement = pghistory.models.Events.objects.tracks(h_lecteur).order_by("-pgh_id").first()
    assert evenement.pgh_diff["active"] == [True, False]
    assert evenement.pgh_context["user"] == admin.pk
    assert evenement.pgh_context["url"] == f"/habilitations/{h_lecteur.pk}/revue/"
    ligne = LigneRevue.objects.get(habilitation=h_lecteur)
    assert (ligne.decision, ligne.par) == (DecisionRevue.TERMINEE, admin)

    # An empty choice and its own administrator role ended are refused with a French message, nothing written.
    page = texte(client.post(f"/habilitations/{hab(admin).pk}/revue/", {}, follow=True))
    assert "Choisissez « Confirmer » ou « Mettre fin »" in page
    page = texte(client.post(f"/habilitations/{hab(admin).pk}/revue/", {"decision": "TERMINEE"}, follow=True))
    assert "propre rôle d'administrateur" in page
    assert hab(admin).active
    page = texte(client.post(f"/habilitations/{hab(admin).pk}/revue/", {"decision": "CONFIRMEE"}, follow=True))
    revue_ouverte.refresh_from_db()
    assert revue_ouverte.close_le is not None  # the last decision closes the campaign
    assert "terminée le" in page
    # A row already decided is not decided again.
    page = texte(
        client.post(f"/habilitations/{hab(monde['gestionnaire']).pk}/revue/", {"decision": "TERMINEE"}, follow=True)
    )
    assert "Aucune revue des habilitations n'est en cours" in page
    assert hab(monde["gestionnaire"]).active


def test_seul_l_administrateur_de_l_organisation_decide(monde, revue_ouverte, client):
    cible = hab(monde["gestionnaire"])
    for role in ("gestionnaire", "lecteur"):  # other roles of the organisation: 403
        client.force_login(monde[role])
        assert client.get("/habilitations/revue/").status_code == 403
        assert client.post(f"/habilitations/{cible.pk}/revue/", {"decision": "TERMINEE"}).status_code == 403
    client.force_login(monde["admin_esterel"])  # another organisation's administrator: 404
    assert client.post(f"/habilitations/{cible.pk}/revue/", {"decision": "TERMINEE"}).status_code == 404
    assert client.get("/habilitations/revue/?organisation=bailleur-azur").status_code == 200  # its own, not Azur's
    assert "Julie Roux" not in texte(client.get("/habilitations/revue/?organisation=bailleur-azur"))
    cible.refresh_from_db()
    assert cible.active
    assert LigneRevue.objects.get(habilitation=cible).decision == DecisionRevue.A_REVOIR
    # CASA's administrator opens Azur's review from the overview.
    client.force_login(monde["admin_casa"])
    assert "Julie Roux" in texte(client.get("/habilitations/revue/?organisation=bailleur-azur"))


# --------------------------------------------------------------------------- unused accounts


def test_un_compte_inutilise_90_jours_est_desactive_et_pas_avant(monde, client, django_capture_on_commit_callbacks):
    debut = dt.datetime(2026, 1, 5, 7, tzinfo=dt.UTC)
    Utilisateur.objects.filter(username__in=["admin.azur", "admin.casa", "admin.esterel", "paul.estrade"]).update(
        last_login=debut + dt.timedelta(days=80)
    )
    assert nuit(dt.date(2026, 4, 4), django_capture_on_commit_callbacks, desactiver_comptes_inutilises) == (
        "0 comptes désactivés faute d'utilisation"  # 89 days after the creation
    )
    assert nuit(dt.date(2026, 4, 6), django_capture_on_commit_callbacks, desactiver_comptes_inutilises) == (
        "2 comptes désactivés faute d'utilisation"  # 91 days: Julie Roux and Marc Bernard never logged in
    )
    desactives = set(Utilisateur.objects.filter(is_active=False).values_list("username", flat=True))
    assert desactives == {"julie.roux", "marc.bernard"}
    assert Utilisateur.objects.get(username="api-azur").is_active  # the API key's account: its key's expiry
    assert not se_connecte(client, "julie.roux")
    # Audited (who: the nightly task), and the administrator told with a count and a link, no name.
    evenement = pghistory.models.Events.objects.tracks(monde["gestionnaire"]).order_by("-pgh_id").first()
    assert evenement.pgh_diff["is_active"] == [True, False]
    assert evenement.pgh_context["tache"] == "territoire.tasks.desactiver_comptes_inutilises"
    (message,) = courriels_de("admin.azur@exemple.fr")
    assert message.subject == "Toit commun : 2 comptes désactivés faute d'utilisation"
    assert "2 comptes de Bailleur Azur n'ont pas servi depuis 90 jours" in message.body
    assert "https://127.0.0.1:8000/utilisateurs/" in message.body
    assert "Roux" not in message.body and "Bernard" not in message.body and "julie" not in message.body
    assert not courriels_de("admin.esterel@exemple.fr")


def test_un_compte_reactive_par_son_administrateur_a_de_nouveau_90_jours(
    monde, client, django_capture_on_commit_callbacks
):
    Utilisateur.objects.exclude(username="julie.roux").update(last_login=dt.datetime(2026, 4, 1, tzinfo=dt.UTC))
    nuit(dt.date(2026, 4, 10), django_capture_on_commit_callbacks, desactiver_comptes_inutilises)
    julie = Utilisateur.objects.get(username="julie.roux")
    assert not julie.is_active
    client.force_login(monde["lecteur"])  # someone who does not administer her: not even visible
    assert client.post(f"/utilisateurs/{julie.pk}/reactiver/").status_code == 404
    client.force_login(monde["admin_azur"])
    with le(dt.date(2026, 4, 12)):
        page = texte(client.get(f"/utilisateurs/{julie.pk}/"))
        assert "Compte désactivé le 10/04/2026 : il n'avait pas servi depuis le 05/01/2026." in page
        assert "Réactiver le compte" in page
        reponse = client.post(f"/utilisateurs/{julie.pk}/reactiver/", follow=True)
    assert "Compte réactivé" in texte(reponse)
    julie.refresh_from_db()
    assert julie.is_active
    assert se_connecte(client, "julie.roux")
    client.logout()
    Utilisateur.objects.filter(pk=julie.pk).update(last_login=None)  # she logged in, say, never after all
    Utilisateur.objects.exclude(pk=julie.pk).update(last_login=dt.datetime(2026, 7, 10, tzinfo=dt.UTC))
    # The reactivation counts as activity: not switched off again the next night, but 90 days later.
    nuit(dt.date(2026, 4, 13), django_capture_on_commit_callbacks, desactiver_comptes_inutilises)
    julie.refresh_from_db()
    assert julie.is_active
    nuit(dt.date(2026, 7, 12), django_capture_on_commit_callbacks, desactiver_comptes_inutilises)
    julie.refresh_from_db()
    assert not julie.is_active
    client.force_login(monde["admin_azur"])
    page = texte(client.post(f"/utilisateurs/{monde['admin_azur'].pk}/reactiver/", follow=True))
    assert "Ce compte est déjà actif." in page


def test_les_taches_de_la_revue_sont_programmees_chaque_nuit():
    assert settings.CELERY_BEAT_SCHEDULE["revue-des-habilitations"]["task"] == (
        "territoire.tasks.revue_des_habilitations"
    )
    assert settings.CELERY_BEAT_SCHEDULE["desactiver-comptes-inutilises"]["task"] == (
        "territoire.tasks.desactiver_comptes_inutilises"
    )
    for nom in ("revue-des-habilitations", "desactiver-comptes-inutilises"):
        assert len(settings.CELERY_BEAT_SCHEDULE[nom]["schedule"].hour) == 1


# --------------------------------------------------------------------------- who sees what


def _csv(reponse) -> list[dict]:
    assert reponse["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(reponse.content.decode("utf-8-sig")), delimiter=";"))


def test_qui_voit_quoi_s_exporte_pour_chaque_perimetre(monde, client):
    Utilisateur.objects.filter(username="marc.bernard").update(is_active=False)  # a switched-off account: not listed
    Utilisateur.objects.filter(username="julie.roux").update(last_name='=HYPERLINK("http://x")')

    client.force_login(monde["admin_casa"])
    lignes = _csv(client.get("/habilitations/qui-voit-quoi.csv"))
    par_identifiant = {ligne["Identifiant"]: ligne for ligne in lignes}
    assert set(par_identifiant) == {
        "admin.casa",
        "admin.azur",
        "julie.roux",
        "api-azur",
        "admin.esterel",
        "paul.estrade",
    }
    julie = par_identifiant["julie.roux"]
    assert julie["Organisation"] == "Bailleur Azur"
    assert julie["Rôle"] == "Gestionnaire bailleur"
    assert julie["Depuis le"] == "01/01/2025"  # the factories habilitate since 01/01/2025
    assert julie["Dernière connexion"] == ""
    assert julie["Ce qu'il permet de voir"] == ce_que_voit(Role.GESTIONNAIRE_BAILLEUR, TypeOrganisation.BAILLEUR)
    assert julie["Nom"] == '\'=HYPERLINK("http://x")'  # text, never a live formula
    assert par_identifiant["api-azur"]["Compte"] == "technique (clé d'API)"
    assert par_identifiant["admin.casa"]["Ce qu'il permet de voir"].startswith("Toutes les données de l'instance")

    # An organisation's administrator: its organisation only, in the page and the XLSX.
    client.force_login(monde["admin_azur"])
    page = texte(client.get("/habilitations/qui-voit-quoi/"))
    assert "julie.roux" in page and "paul.estrade" not in page and "admin.casa" not in page
    reponse = client.get("/habilitations/qui-voit-quoi.xlsx")
    assert reponse.status_code == 200
    feuille = openpyxl.load_workbook(io.BytesIO(reponse.content))["Qui voit quoi"]
    rangs = list(feuille.iter_rows(values_only=True))
    assert rangs[0][4] == "Identifiant"
    assert {r[4] for r in rangs[1:]} == {"admin.azur", "julie.roux", "api-azur"}
    cellule = next(c for c in feuille["C"] if c.value and "HYPERLINK" in str(c.value))
    assert cellule.data_type == "s" and cellule.value == '=HYPERLINK("http://x")'  # text as typed, never a formula
    assert LectureSensible.objects.filter(par=monde["admin_azur"], nature=NatureLecture.EXPORT_ACCES).get().nombre == 3

    # Other roles: 403.
    client.force_login(monde["gestionnaire"])
    for url in (
        "/habilitations/qui-voit-quoi/",
        "/habilitations/qui-voit-quoi.csv",
        "/habilitations/qui-voit-quoi.xlsx",
    ):
        assert client.get(url).status_code == 403


# --------------------------------------------------------------------------- sensitive reads


@pytest.fixture
def piece_telechargee(referentiel, client):
    """A counter agent of Antibes downloads an income-tax notice through the real view."""
    guichet = agent(referentiel["commune-antibes"], Role.AGENT_GUICHET, username="agent.antibes", last_name="Giraud")
    demande = demande_complete(guichet, referentiel["commune-antibes"])
    piece = services_demandes.piece_deposer(
        par=guichet,
        demande=demande,
        type="AVIS_IMPOSITION",
        fichier=SimpleUploadedFile("avis.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    client.force_login(guichet)
    with le(dt.date(2026, 11, 30), heure=14):
        reponse = client.get(f"/demandes/{demande.pk}/pieces/{piece.pk}/")
    assert reponse.status_code == 200
    client.logout()
    return guichet, demande, piece


def test_la_page_des_lectures_sensibles_montre_le_telechargement_d_une_piece(referentiel, client, piece_telechargee):
    guichet, demande, piece = piece_telechargee
    admin_casa = agent(referentiel["casa"], Role.ADMINISTRATEUR, username="admin.casa")
    client.force_login(admin_casa)
    page = texte(client.get("/lectures-sensibles/"))
    ligne = page.split('id="lectures"')[1].split("</tr>")[1]
    assert "30/11/2026 à 14:00" in ligne
    assert "agent.antibes" in ligne and referentiel["commune-antibes"].nom in ligne
    assert f"A téléchargé la pièce n° {piece.pk}" in ligne
    assert f'href="/demandes/{demande.pk}/"' in ligne
    assert "Martin" not in page  # the household's name is not in the log
    lecture = LectureSensible.objects.get(nature=NatureLecture.PIECE)
    assert (lecture.par, lecture.objet_id, lecture.demande_id) == (guichet, piece.pk, demande.pk)

    # Filters: kind, person, period; a date that cannot be read is said, the page still answers.
    assert f"pièce n° {piece.pk}" not in texte(client.get("/lectures-sensibles/?nature=LISTE_DEMANDES"))
    assert f"pièce n° {piece.pk}" in texte(client.get(f"/lectures-sensibles/?qui={guichet.pk}"))
    assert f"pièce n° {piece.pk}" not in texte(client.get("/lectures-sensibles/?du=2026-12-01"))
    assert f"pièce n° {piece.pk}" in texte(client.get("/lectures-sensibles/?du=2026-11-30&au=2026-11-30"))
    reponse = client.get("/lectures-sensibles/?du=31/02/2026&qui=abc&nature=%C2%B2")
    assert reponse.status_code == 200
    lu = texte(reponse)
    assert "Date « Du » illisible" in lu and "filtre « Qui » est ignoré" in lu and "« Quoi » est ignoré" in lu

    # Only CASA's administrators read it.
    for qui in (
        guichet,
        agent(referentiel["casa"], Role.INSTRUCTEUR),
        agent(referentiel["erilia"], Role.ADMINISTRATEUR),
    ):
        client.force_login(qui)
        assert client.get("/lectures-sensibles/").status_code == 403


def test_les_listes_de_demandes_page_et_api_sont_notees_sans_la_recherche(referentiel, client, piece_telechargee):
    instructeur = agent(referentiel["casa"], Role.INSTRUCTEUR, username="instructeur.casa")
    client.force_login(instructeur)
    assert client.get("/demandes/?q=Martin").status_code == 200
    api = APIClient()
    api.force_authenticate(instructeur)
    assert api.get("/api/v1/demandes/").json()["count"] == 1
    lectures = LectureSensible.objects.filter(par=instructeur).order_by("pk")
    assert [(lecture.nature, lecture.nombre) for lecture in lectures] == [
        (NatureLecture.LISTE_DEMANDES, 1),
        (NatureLecture.API_DEMANDES, 1),
    ]
    assert lectures[0].organisation == referentiel["casa"]
    # A list that shows nobody (a landlord's) is not a read of personal data.
    client.force_login(agent(referentiel["erilia"], Role.GESTIONNAIRE_BAILLEUR))
    client.get("/demandes/")
    assert LectureSensible.objects.filter(nature=NatureLecture.LISTE_DEMANDES).count() == 1

    client.force_login(agent(referentiel["casa"], Role.ADMINISTRATEUR))
    page = texte(client.get("/lectures-sensibles/"))
    assert "A affiché la liste des demandes : 1 demande à l'écran." in page
    assert "A lu la liste des demandes par l'API : 1 demande envoyée." in page
    assert "Martin" not in page
