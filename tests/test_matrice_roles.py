"""Walks the role × page × object matrix of docs/roles.md: the document is the test's data."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from commissions.models import Seance
from demandes import services as services_demandes
from positionnements.models import DepotDecisionsCAL, EtatDepot
from programmation.models import Disponibilite, Logement, LotProgramme, Programme, Residence, ReunionReservataires
from territoire.roles import Role, TypeOrganisation
from territoire.services import cle_api_creer

from .demandes_outils import demande_complete
from .factories import HabilitationFactory, OrganisationFactory, agent

DOC = Path(__file__).resolve().parent.parent / "docs" / "roles.md"


def lire_matrice():
    lignes = [
        ligne
        for ligne in DOC.read_text(encoding="utf-8").splitlines()
        if ligne.startswith("| GET ") or ligne.startswith("| POST ") or ligne.startswith("| requête ")
    ]
    entete = [c.strip() for c in lignes[0].strip("|").split("|")]
    acteurs = entete[1:]
    cas = []
    for ligne in lignes[1:]:
        cellules = [c.strip() for c in ligne.strip("|").split("|")]
        methode, chemin = cellules[0].split(" ", 1)
        for acteur, code in zip(acteurs, cellules[1:], strict=True):
            cas.append(pytest.param(acteur, methode, chemin, int(code), id=f"{acteur}-{methode}-{chemin}"))
    return acteurs, cas


ACTEURS, CAS = lire_matrice()


def test_la_matrice_couvre_chaque_role():
    assert len(ACTEURS) == 9
    assert len(CAS) >= 9 * 28


@pytest.fixture
def monde(referentiel):
    casa = referentiel["casa"]
    bailleur_a = OrganisationFactory(nom="Bailleur A", type=TypeOrganisation.BAILLEUR)
    bailleur_b = OrganisationFactory(nom="Bailleur B", type=TypeOrganisation.BAILLEUR)
    acteurs = {
        "admin_casa": agent(casa, Role.ADMINISTRATEUR, username="admin_casa"),
        "admin_bailleur": agent(bailleur_a, Role.ADMINISTRATEUR, username="admin_bailleur"),
        "instructeur": agent(casa, Role.INSTRUCTEUR, username="instructeur"),
        "secretariat": agent(casa, Role.SECRETARIAT_COMMISSION, username="secretariat"),
        "gestionnaire": agent(bailleur_a, Role.GESTIONNAIRE_BAILLEUR, username="gestionnaire"),
        "guichet": agent(referentiel["commune-antibes"], Role.AGENT_GUICHET, username="guichet"),
        "reservataire": agent(referentiel["prefecture-06"], Role.RESERVATAIRE, username="reservataire"),
        "membre": agent(referentiel["commune-vallauris"], Role.MEMBRE_COMMISSION, username="membre"),
        "lecteur": agent(casa, Role.LECTEUR, username="lecteur"),
    }
    autre = agent(bailleur_b, Role.GESTIONNAIRE_BAILLEUR, username="autre")
    admin_b = agent(bailleur_b, Role.ADMINISTRATEUR, username="admin_b")
    cle_autre, _ = cle_api_creer(par=admin_b, organisation=bailleur_b, nom="Logiciel du bailleur B")
    demande = demande_complete(acteurs["guichet"], referentiel["commune-antibes"], communes=("06004",))
    piece = services_demandes.piece_deposer(
        par=acteurs["guichet"],
        demande=demande,
        type="AVIS_IMPOSITION",
        fichier=SimpleUploadedFile("avis.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    residence = Residence.objects.create(
        bailleur=referentiel["erilia"],
        reference="RES-1",
        nom="Les Oliviers",
        adresse="1 rue des Pins",
        commune=referentiel["commune-antibes"].commune,
    )
    programme = Programme.objects.create(
        bailleur=referentiel["erilia"],
        commune=referentiel["commune-antibes"].commune,
        nom="Le Clos des Mûriers",
        adresse="2 chemin des Combes",
        livraison_prevue=dt.date(2028, 6, 30),
    )
    LotProgramme.objects.create(programme=programme, typologie="T3", financement="PLUS", nombre=10)
    reunion = ReunionReservataires.objects.create(
        programme=programme,
        date=timezone.now() + dt.timedelta(days=10),
        lieu="CASA",
        convoquee_par=acteurs["instructeur"],
    )
    logement = Logement.objects.create(
        residence=residence,
        numero="A11",
        typologie="T3",
        financement="PLUS",
        surface=65,
        etage=0,
        loyer=450,
        charges=80,
    )
    dispo = Disponibilite.objects.create(
        logement=logement,
        origine="CONGE",
        date_liberation=dt.date.today() + dt.timedelta(days=30),
        reservataire=referentiel["erilia"],
        loyer=450,
        charges=80,
        date_limite=dt.date.today() + dt.timedelta(days=20),
        declaree_par=acteurs["instructeur"],
    )
    seance = Seance.objects.create(
        date=timezone.now() + dt.timedelta(days=20),
        lieu="CASA",
        numero="CCPC-2026-99",
        creee_par=acteurs["secretariat"],
    )
    depot = DepotDecisionsCAL.objects.create(
        bailleur=bailleur_b, par=autre, nom_fichier="cal.csv", contenu=b"x", etat=EtatDepot.VERIFIE
    )
    from suivi.services import mois_ecoule, tableau_produire

    periode = mois_ecoule()
    tableau_produire(annee=periode.annee, mois=periode.mois)
    return {
        "acteurs": acteurs,
        "autre": autre,
        "depot": depot,
        "periode": periode,
        "dispo": dispo,
        "seance": seance,
        "programme": programme,
        "reunion": reunion,
        "cle_autre": cle_autre,
        "demande": demande,
        "piece": piece,
        "residence": residence,
    }


def _objets(monde, acteur):
    org = acteur.habilitations.get().organisation
    collegue = agent(org, Role.LECTEUR)
    return {
        "mon_org": org.slug,
        "moi": acteur.pk,
        "collegue": collegue.pk,
        "hab_collegue": collegue.habilitations.get().pk,
        "autre": monde["autre"].pk,
        "hab_autre": monde["autre"].habilitations.get().pk,
        "cle_autre": monde["cle_autre"].pk,
        "demande": monde["demande"].pk,
        "numero": monde["demande"].numero,
        "piece": monde["piece"].pk,
        "residence": monde["residence"].pk,
        "programme": monde["programme"].pk,
        "reunion": monde["reunion"].pk,
        "dispo": monde["dispo"].pk,
        "seance": monde["seance"].pk,
        "depot": monde["depot"].pk,
        "annee": monde["periode"].annee,
        "mois": monde["periode"].mois,
        "autre_bailleur": monde["autre"].habilitations.get().organisation_id,
    }


@pytest.mark.parametrize(("acteur", "methode", "chemin", "attendu"), CAS)
def test_matrice(client, monde, acteur, methode, chemin, attendu):
    user = monde["acteurs"][acteur]
    url = re.sub(r"\{(\w+)\}", lambda m: str(_objets(monde, user)[m.group(1)]), chemin)
    client.force_login(user)
    reponse = client.get(url) if methode == "GET" else client.post(url, {})
    assert reponse.status_code == attendu, f"{acteur} {methode} {url}"


def test_une_personne_d_une_autre_organisation_n_est_pas_listee(client, monde):
    client.force_login(monde["acteurs"]["admin_bailleur"])
    page = client.get("/utilisateurs/").content.decode()
    assert "admin_bailleur" in page
    assert "gestionnaire" in page
    assert "autre" not in page.split("<tbody>")[1]


def test_un_agent_habilite_dans_une_organisation_inactive_n_a_plus_de_droits(client, monde):
    admin = monde["acteurs"]["admin_bailleur"]
    org = admin.habilitations.get().organisation
    org.active = False
    org.save()
    client.force_login(admin)
    assert client.get("/utilisateurs/").status_code == 403


def test_une_habilitation_echue_ne_donne_plus_de_droits(client, monde):
    import datetime as dt

    admin = monde["acteurs"]["admin_bailleur"]
    h = admin.habilitations.get()
    h.date_debut = dt.date(2025, 1, 1)
    h.date_fin = dt.date(2025, 12, 31)
    h.save()
    client.force_login(admin)
    assert client.get("/utilisateurs/").status_code == 403
    HabilitationFactory(utilisateur=admin, organisation=h.organisation, role=Role.LECTEUR)
    assert client.get("/").status_code == 200
