"""The audit journal's page (/journal/, issue 16): CASA's administrators read every change in words."""

import datetime as dt
import html
import re
from zoneinfo import ZoneInfo

import pghistory
import pytest
from rest_framework.test import APIClient

from demandes.codes import CodePriorite
from demandes.models import CriterePriorite, Demande
from journal.modeles_suivis import modele_par_label
from territoire import services as territoire_services
from territoire.models import Habilitation
from territoire.roles import Role
from tests.demandes.fabriques import demande_complete, demandeur
from tests.territoire.fabriques import OrganisationFactory, agent


def texte(reponse) -> str:
    assert reponse.status_code == 200, reponse.status_code
    brut = re.sub(r"<[^>]+>", " ", reponse.content.decode())
    return re.sub(r"\s+", " ", html.unescape(brut))


def tableau(reponse) -> str:
    """The text of the journal's table alone (the filters' lists name people and actions too)."""
    assert reponse.status_code == 200, reponse.status_code
    contenu = reponse.content.decode()
    debut = contenu.index('<table class="table align-top" id="journal">')
    brut = re.sub(r"<[^>]+>", " ", contenu[debut : contenu.index("</table>", debut)])
    return re.sub(r"\s+", " ", html.unescape(brut))


@pytest.fixture
def monde(referentiel):
    casa = referentiel["casa"]
    antibes = referentiel["commune-antibes"]
    admin = agent(casa, Role.ADMINISTRATEUR, first_name="Alice", last_name="Admin")
    instructeur = agent(casa, Role.INSTRUCTEUR, first_name="Inès", last_name="Instructrice")
    guichet = agent(antibes, Role.AGENT_GUICHET, first_name="Gaël", last_name="Guichet")
    with pghistory.context(user=guichet.pk, url="/demandes/nouvelle/"):  # as the pages' middleware says it
        demande = demande_complete(guichet, antibes)
        autre = demande_complete(
            guichet, antibes, personnes=[demandeur(nom="Durand", prenom="Paul", date_naissance=dt.date(1975, 1, 1))]
        )
    return {
        "casa": casa,
        "admin": admin,
        "instructeur": instructeur,
        "guichet": guichet,
        "demande": demande,
        "autre": autre,
    }


def test_une_modification_faite_par_une_page_se_lit_en_francais_avec_avant_et_apres(client, monde):
    demande, instructeur = monde["demande"], monde["instructeur"]
    cotation_avant = demande.score_cotation
    client.force_login(instructeur)
    reponse = client.post(
        f"/demandes/{demande.pk}/criteres/", {"code": CodePriorite.SANS_LOGEMENT, "preuve": "attestation d'hébergement"}
    )
    assert reponse.status_code == 302
    demande.refresh_from_db()
    assert demande.score_cotation != cotation_avant

    client.force_login(monde["admin"])
    page = texte(client.get("/journal/"))
    # who, what kind, which object, which fields: in words
    assert "Inès Instructrice" in page
    assert f"Création Critère de priorité de la demande n° {demande.numero}" in page
    assert f"Modification Demande n° {demande.numero}" in page
    assert f"Critères de priorité : — → devient {CodePriorite.SANS_LOGEMENT.label}" in page
    assert f"Cotation (points) : {cotation_avant} → devient {demande.score_cotation}" in page
    assert "Justificatif : attestation d'hébergement" in page
    # no code nor model name of the database
    assert "SANS_LOGEMENT" not in page and "demandes.Demande" not in page and "pgh_" not in page
    # when: the event's moment in Europe/Paris, in French
    critere = CriterePriorite.objects.get(demande=demande)
    evenement = modele_par_label("demandes.CriterePriorite").evenement.objects.get(pgh_obj_id=critere.pk)
    paris = evenement.pgh_created_at.astimezone(ZoneInfo("Europe/Paris"))
    assert f"{paris:%d/%m/%Y} à {paris:%H:%M} Inès Instructrice (" in page
    # the object's page is linked
    assert f'href="/demandes/{demande.pk}/"' in client.get("/journal/").content.decode()


def test_un_retrait_d_habilitation_dit_oui_et_non_et_la_date(client, monde):
    bailleur = OrganisationFactory(nom="Bailleur A")
    cible = agent(bailleur, Role.LECTEUR, first_name="Léa", last_name="Lectrice")
    habilitation = Habilitation.objects.get(utilisateur=cible)
    with pghistory.context(user=monde["admin"].pk):
        territoire_services.habilitation_retirer(par=monde["admin"], habilitation=habilitation)
    client.force_login(monde["admin"])
    page = texte(client.get("/journal/?objet=habilitation&action=modification"))
    assert "Habilitation « Lecteur » de Léa Lectrice pour Bailleur A" in page
    assert "Active : oui → devient non" in page
    assert "Alice Admin" in page


def test_une_modification_par_l_api_nomme_la_cle(referentiel, client, monde):
    cle, secret = territoire_services.cle_api_creer(
        par=monde["admin"], organisation=monde["casa"], nom="Logiciel de guichet", portee=["demandes"]
    )
    corps_demande = {
        "date_depot": "2026-10-05",
        "personnes": [
            {
                "lien": "DEMANDEUR",
                "nom": "Bianchi",
                "prenom": "Sofia",
                "date_naissance": "1990-03-14",
                "ressources": [{"type": "SAL", "montant_mensuel": "1500"}],
            }
        ],
        "logement_actuel": "LP",
        "motifs": ["13"],
        "communes": ["06004"],
        "typologies": ["T2"],
        "revenu_fiscal_reference": "18000",
        "annee_revenu_fiscal": 2024,
    }
    reponse = APIClient().post("/api/v1/demandes/", corps_demande, format="json", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert reponse.status_code == 201, reponse.json()
    numero = reponse.json()["numero"]
    client.force_login(monde["admin"])
    page = texte(client.get(f"/journal/?numero={numero}"))
    assert f"Demande n° {numero}" in page
    assert f"Clé d'API « Logiciel de guichet » {cle.prefixe}… de {monde['casa'].nom} par l'API" in page


def test_les_filtres_de_periode_personne_objet_action_et_numero(client, monde):
    demande, autre, instructeur = monde["demande"], monde["autre"], monde["instructeur"]
    client.force_login(instructeur)
    client.post(f"/demandes/{demande.pk}/criteres/", {"code": CodePriorite.SANS_LOGEMENT, "preuve": "attestation"})
    client.post(f"/demandes/{autre.pk}/criteres/", {"code": CodePriorite.MENACE_EXPULSION, "preuve": "jugement"})
    client.force_login(monde["admin"])

    def objets(url):
        return tableau(client.get(url))

    tout = objets("/journal/")
    assert f"demande n° {demande.numero}" in tout and f"demande n° {autre.numero}" in tout

    # one demand: its own events and those of its household and criteria, nobody else's
    une = objets(f"/journal/?numero={demande.numero}")
    assert f"demande n° {demande.numero}" in une and f"Demande n° {demande.numero}" in une
    assert f"n° {autre.numero}" not in une
    assert "Demandeur de la demande" in une  # the household belongs to it
    # a number typed with spaces and in lower case
    assert f"n° {autre.numero}" not in objets(f"/journal/?numero={demande.numero[:6].lower()} {demande.numero[6:]}")

    # a person: the instructor added criteria, the counter's agent registered the demands
    par_instructeur = objets(f"/journal/?qui={instructeur.pk}")
    assert "Critère de priorité" in par_instructeur and "Création Personne" not in par_instructeur
    assert "Gaël Guichet" not in par_instructeur
    assert "Gaël Guichet" in objets(f"/journal/?qui={monde['guichet'].pk}&objet=personne")

    # a kind of object and a kind of event
    criteres = objets("/journal/?objet=criterepriorite")
    assert "Critère de priorité" in criteres and "Modification Demande" not in criteres
    creations = objets("/journal/?action=creation")
    assert "Modification " not in creations and "Création " in creations
    assert "2 événements." in texte(client.get("/journal/?objet=criterepriorite&action=creation"))

    # a period: nothing tomorrow, everything today (Europe/Paris)
    from django.utils import timezone

    demain = timezone.localdate() + dt.timedelta(days=1)
    assert "Aucune modification pour ces critères." in objets(f"/journal/?du={demain:%Y-%m-%d}")
    aujourd_hui = timezone.localdate()
    assert "Critère de priorité" in objets(f"/journal/?du={aujourd_hui:%Y-%m-%d}&au={aujourd_hui:%Y-%m-%d}")


def test_le_filtre_numero_prend_le_nur_ou_le_numero_local_meme_ancien(client, monde):
    """Issue 18: a demand is found by its NUR or its local number (spaces, lower case), and by a number it no longer
    has (its events keep it); it is named by its NUR once known; a number of neither shape is said unreadable."""
    demande, autre = monde["demande"], monde["autre"]
    local = demande.numero
    demande.nur = "006102600004206004"
    demande.save(update_fields=["nur"])  # the SNE gave its NUR: an event of the demand, named by it
    client.force_login(monde["admin"])
    for numero in ("006 1026 000042 06004", local, f"{local[:4].lower()} {local[4:]}"):
        une = tableau(client.get("/journal/", {"numero": numero}))
        assert "Demande n° 006102600004206004" in une, numero
        assert f"n° {autre.numero}" not in une
    # a number no demand has any longer (renumbered): its events still find it
    Demande.objects.filter(pk=autre.pk).update(numero="CASA-2026-777777")
    assert f"Demande n° {autre.numero}" in tableau(client.get("/journal/", {"numero": autre.numero}))
    inconnu = texte(client.get("/journal/", {"numero": "CASA-2026-999999"}))
    assert "Aucune demande ne porte le numéro CASA-2026-999999." in inconnu
    assert "Numéro illisible" in texte(client.get("/journal/", {"numero": "CASA-20-1"}))


def test_la_pagination_garde_les_filtres(client, monde):
    for _ in range(30):  # a person and a habilitation each: 60 creations
        agent(monde["casa"], Role.LECTEUR)
    client.force_login(monde["admin"])
    page = client.get("/journal/?action=creation").content.decode()
    assert "Page 1 sur" in page
    assert "?action=creation&amp;page=2" in page
    suivante = client.get("/journal/?action=creation&page=2")
    assert "Page 2 sur" in texte(suivante) and "Modification " not in tableau(suivante)


def test_des_filtres_illisibles_sont_dits_en_francais_sans_erreur_500(client, monde):
    client.force_login(monde["admin"])
    page = texte(
        client.get(
            "/journal/?du=31/02/2026&au=2026-13-01&qui=abc&objet=inconnu&action=effacer&numero=%C2%B2%C2%B2&page=x"
        )
    )
    assert "Date « Du » illisible" in page and "Date « Au » illisible" in page
    assert "Cette personne n'a fait aucune modification : le filtre « Qui » est ignoré." in page
    assert "Type d'objet inconnu" in page
    assert "Action inconnue" in page
    assert "Numéro illisible" in page
    assert "événement" in page  # the page still lists, without the filters it could not read

    page = texte(client.get("/journal/?numero=42"))
    assert "Choisissez le type d'objet de la référence n° 42" in page
    page = texte(client.get("/journal/?numero=ZZZZZZZZZZZZZZZZZZ"))
    assert "Aucune demande ne porte le numéro ZZZZZZZZZZZZZZZZZZ." in page
    assert "Aucune modification pour ces critères." in page
    page = texte(client.get("/journal/?du=2026-12-01&au=2026-11-01"))
    assert "La période est à l'envers" in page
    assert texte(client.get("/journal/?qui=99999999999999999999")).count("le filtre « Qui » est ignoré") == 1
    assert client.get("/journal/?page=999999").status_code == 200


def test_les_criteres_sensibles_sont_masques(client, monde):
    demande = monde["demande"]
    client.force_login(monde["instructeur"])
    client.post(
        f"/demandes/{demande.pk}/criteres/",
        {"code": CodePriorite.VIOLENCES_COUPLE, "preuve": "ordonnance de protection du 02/10/2026"},
    )
    assert CriterePriorite.objects.filter(demande=demande, code=CodePriorite.VIOLENCES_COUPLE).exists()
    client.force_login(monde["admin"])
    page = texte(client.get(f"/journal/?numero={demande.numero}"))
    assert "Critère de priorité de la demande" in page and "valeurs masquées" in page
    assert "critère sensible (masqué)" in page  # in the demand's list of priorities
    assert CodePriorite.VIOLENCES_COUPLE.label not in page
    assert "ordonnance de protection" not in page


@pytest.mark.parametrize(
    "role",
    [
        Role.INSTRUCTEUR,
        Role.SECRETARIAT_COMMISSION,
        Role.LECTEUR,
    ],
)
def test_les_autres_roles_de_la_casa_n_ont_pas_le_journal(client, monde, role):
    personne = agent(monde["casa"], role)
    client.force_login(personne)
    assert client.get("/journal/").status_code == 403
    assert 'href="/journal/"' not in client.get("/").content.decode()


def test_l_administrateur_d_une_autre_organisation_n_a_pas_le_journal(client, monde):
    bailleur = OrganisationFactory(nom="Bailleur A")
    client.force_login(agent(bailleur, Role.ADMINISTRATEUR))
    assert client.get("/journal/").status_code == 403
    assert 'href="/journal/"' not in client.get("/").content.decode()


def test_le_menu_du_compte_de_l_administrateur_de_la_casa_mene_au_journal(client, monde):
    client.force_login(monde["admin"])
    accueil = client.get("/").content.decode()
    assert 'href="/journal/">Journal des modifications</a>' in accueil


def test_une_page_du_journal_coute_un_nombre_fixe_de_requetes(client, monde, django_assert_max_num_queries):
    client.force_login(monde["admin"])
    client.get("/journal/")
    with django_assert_max_num_queries(60):  # bounded by the models on the page, not by its 50 rows
        client.get("/journal/")
