"""The role matrix of docs/roles.md read as data (rows, actors, pages without an account), the world it is played
on and the objects of each actor."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from commissions.models import Convocation, Membre, PointOrdreDuJour, Seance
from demandes import services as services_demandes
from demandes.models import Courrier
from envois_sne.collecte import collecter
from envois_sne.models import EvenementSNE, FichierEnvoiSNE
from positionnements.models import DecisionCAL, DepotDecisionsCAL, EtatDepot, Positionnement
from programmation.models import (
    Disponibilite,
    ImportParc,
    Logement,
    LotProgramme,
    Programme,
    Residence,
    ReunionReservataires,
)
from territoire.models_listes import FiltreEnregistre
from territoire.roles import Role, TypeOrganisation
from territoire.services import cle_api_creer
from tests.demandes.fabriques import demande_complete
from tests.sne.fabriques import objets_sne_de_la_matrice
from tests.territoire.fabriques import OrganisationFactory, agent

DOC = Path(__file__).resolve().parent.parent.parent / "docs" / "roles.md"


def _tableau(titre: str) -> list[list[str]]:
    """The rows of the table whose header starts with « | <titre> »: [[requête, code, …], …]."""
    lignes, dedans = [], False
    for ligne in DOC.read_text(encoding="utf-8").splitlines():
        if ligne.startswith(f"| {titre} "):
            dedans = True
        elif dedans and not ligne.startswith("|"):
            break
        if dedans and not ligne.startswith("|---"):
            lignes.append([c.strip() for c in ligne.strip("|").split("|")])
    return lignes


def lire_matrice():
    lignes = _tableau("requête")
    acteurs = lignes[0][1:]
    cas = []
    for cellules in lignes[1:]:
        methode, chemin = cellules[0].split(" ", 1)
        attendus = dict(zip(acteurs, (int(c) for c in cellules[1:]), strict=True))
        cas.append(pytest.param(methode, chemin, attendus, id=f"{methode}-{chemin}"))
    return acteurs, cas


ACTEURS, CAS = lire_matrice()


PUBLIQUES = list(_tableau("sans compte")[1:])


def monde_de_la_matrice(referentiel):
    """One object of each kind per organisation and the nine actors of docs/roles.md (fixture `monde` of the
    matrix and of the accessibility sweep)."""
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
    demandeur = demande.personnes.get(lien="DEMANDEUR")
    piece_en_ligne = services_demandes.piece_envoyer(
        demande=demande,
        personne=demandeur,
        type="IDENTITE",
        fichier=SimpleUploadedFile("identite.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    signalement = services_demandes.erreur_signaler(
        demande=demande, personne=demandeur, rubrique="RESSOURCES", texte="Mon salaire a changé."
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
        date_liberation=timezone.localdate() + dt.timedelta(days=30),
        reservataire=referentiel["erilia"],
        loyer=450,
        charges=80,
        date_limite=timezone.localdate() + dt.timedelta(days=20),
        declaree_par=acteurs["instructeur"],
    )
    seance = Seance.objects.create(
        date=timezone.now() + dt.timedelta(days=20),
        lieu="CASA",
        numero="CCPC-2026-99",
        creee_par=acteurs["secretariat"],
        dossier=b"%PDF-1.4 version de la CASA",
        dossier_membres=b"%PDF-1.4 version des membres",
        dossier_genere_le=timezone.now(),
    )
    # a closed session with its minutes, to which the member of the matrix was convened
    seance_close = Seance.objects.create(
        date=timezone.now() - dt.timedelta(days=20),
        lieu="CASA",
        numero="CCPC-2026-98",
        etat="CLOSE",
        close_le=timezone.now() - dt.timedelta(days=20),
        creee_par=acteurs["secretariat"],
        proces_verbal=b"%PDF-1.4 PV de la CASA",
        proces_verbal_membres=b"%PDF-1.4 PV des membres",
    )
    vallauris = referentiel["commune-vallauris"]
    mandat = Membre.objects.create(
        college="ELUS_COMMUNES",
        civilite="Mme",
        prenom="Élue",
        nom="De Vallauris",
        organisation=vallauris,
        commune=vallauris.commune,
        utilisateur=acteurs["membre"],
        debut=dt.date(2026, 1, 1),
    )
    Convocation.objects.create(seance=seance_close, membre=mandat, present=True)
    positionnement = Positionnement.objects.create(
        disponibilite=dispo, demande=demande, rang=1, propose_par=acteurs["instructeur"]
    )
    seance_distance = _seance_a_distance(acteurs, mandat, residence, referentiel, demande)
    depot_erilia = DepotDecisionsCAL.objects.create(
        bailleur=referentiel["erilia"],
        par=acteurs["instructeur"],
        nom_fichier="cal.csv",
        contenu=b"x",
        etat=EtatDepot.APPLIQUE,
    )
    attribution = DecisionCAL.objects.create(
        positionnement=positionnement,
        depot=depot_erilia,
        date_cal=timezone.localdate() - dt.timedelta(days=5),
        decision="ATTRIBUTION",
        rang=1,
        reponse="ACCEPTATION",
        date_bail=timezone.localdate() - dt.timedelta(days=1),
    )
    import_parc = ImportParc.objects.create(bailleur=bailleur_b, par=autre, nom_fichier="parc.csv", contenu=b"x")
    courrier = Courrier.objects.create(
        demande=demande,
        type="AVERTISSEMENT",
        objet="Demande de renseignements",
        envoye_le=timezone.localdate(),
        radiation_prevue_le=timezone.localdate() + dt.timedelta(days=60),
    )
    depot = DepotDecisionsCAL.objects.create(
        bailleur=bailleur_b, par=autre, nom_fichier="cal.csv", contenu=b"x", etat=EtatDepot.VERIFIE
    )
    from suivi.services import mois_ecoule, tableau_produire

    periode = mois_ecoule()
    tableau_produire(annee=periode.annee, mois=periode.mois)
    filtre_autre = FiltreEnregistre.objects.create(
        utilisateur=autre, liste="demandes", libelle="Celles d'Antibes", requete="commune=06004"
    )
    return {
        "acteurs": acteurs,
        "autre": autre,
        "filtre_autre": filtre_autre,
        "notification_autre": _notification_de(autre),
        "depot": depot,
        "periode": periode,
        "dispo": dispo,
        "seance": seance,
        "seance_close": seance_close,
        "seance_distance": seance_distance,
        "positionnement": positionnement,
        "attribution": attribution,
        "import_parc": import_parc,
        "courrier": courrier,
        "logement": logement,
        "programme": programme,
        "reunion": reunion,
        "cle_autre": cle_autre,
        "demande": demande,
        "piece": piece,
        "piece_en_ligne": piece_en_ligne,
        "signalement": signalement,
        "residence": residence,
        **objets_sne_de_la_matrice(demande),
        **_envois_sne(demande),
    }


def _seance_a_distance(acteurs, mandat, residence, referentiel, demande) -> Seance:
    """A session open at a distance (its window around now) to which the member of the matrix is convened: one
    dwelling of its own on the agenda, the demand of the matrix proposed on it."""
    logement = Logement.objects.create(
        residence=residence,
        numero="A12",
        typologie="T3",
        financement="PLUS",
        surface=66,
        etage=1,
        loyer=455,
        charges=80,
    )
    dispo = Disponibilite.objects.create(
        logement=logement,
        origine="CONGE",
        date_liberation=timezone.localdate() + dt.timedelta(days=30),
        reservataire=referentiel["erilia"],
        loyer=455,
        charges=80,
        date_limite=timezone.localdate() + dt.timedelta(days=20),
        declaree_par=acteurs["instructeur"],
    )
    seance = Seance.objects.create(
        date=timezone.now(),
        lieu="À distance",
        numero="CCPC-2026-97",
        etat="A_DISTANCE",
        creee_par=acteurs["secretariat"],
        convoquee_le=timezone.now() - dt.timedelta(days=2),
        distance_debut=timezone.now() - dt.timedelta(hours=1),
        distance_fin=timezone.now() + dt.timedelta(hours=47),
    )
    PointOrdreDuJour.objects.create(seance=seance, disponibilite=dispo, ordre=1)
    Convocation.objects.create(seance=seance, membre=mandat)
    Positionnement.objects.create(disponibilite=dispo, demande=demande, rang=1, propose_par=acteurs["instructeur"])
    return seance


def _envois_sne(demande) -> dict:
    """The outbox's objects of the matrix's world: the event collected from the demand's log, a daily file."""
    collecter(depuis=timezone.now() - dt.timedelta(days=1))
    return {
        "evenement_sne": EvenementSNE.objects.filter(demande=demande).order_by("pk").first(),
        "fichier_sne": FichierEnvoiSNE.objects.create(
            jour=timezone.localdate(),
            nom="SNE-CASA-MATRICE-01.zip",
            contenu=b"PK\x05\x06" + bytes(18),
            empreinte="0" * 64,
            nombre_evenements=1,
            transport="dossier",
            destination="(matrice)",
        ),
    }


def _notification_de(user):
    """A notification of `user`'s (alertes.services.notifier, once per person)."""
    from alertes.selectors import notifications_de
    from alertes.services import notifier

    notifier(
        cle=f"matrice:{user.pk}",
        type="matrice",
        destinataires=[user],
        acteur=user,
        verbe="Une notification de la matrice des rôles.",
        url="/",
    )
    return notifications_de(user).first()


def objets_de(monde, acteur):
    """The values of the matrix's placeholders ({demande}, {seance}…) for this actor."""
    org = acteur.habilitations.get().organisation
    collegue = agent(org, Role.LECTEUR)
    return {
        "mon_org": org.slug,
        "mon_org_id": org.pk,
        "moi": acteur.pk,
        "collegue": collegue.pk,
        "hab_collegue": collegue.habilitations.get().pk,
        "autre": monde["autre"].pk,
        "hab_autre": monde["autre"].habilitations.get().pk,
        "cle_autre": monde["cle_autre"].pk,
        "demande": monde["demande"].pk,
        "numero": monde["demande"].numero,
        "piece": monde["piece"].pk,
        "piece_en_ligne": monde["piece_en_ligne"].pk,
        "signalement": monde["signalement"].pk,
        "residence": monde["residence"].pk,
        "programme": monde["programme"].pk,
        "reunion": monde["reunion"].pk,
        "dispo": monde["dispo"].pk,
        "seance": monde["seance"].pk,
        "seance_close": monde["seance_close"].pk,
        "seance_distance": monde["seance_distance"].pk,
        "positionnement": monde["positionnement"].pk,
        "attribution": monde["attribution"].pk,
        "import_parc": monde["import_parc"].pk,
        "courrier": monde["courrier"].pk,
        "logement": monde["logement"].pk,
        "depot": monde["depot"].pk,
        "annee": monde["periode"].annee,
        "mois": monde["periode"].mois,
        "autre_bailleur": monde["autre"].habilitations.get().organisation_id,
        "mon_filtre": FiltreEnregistre.objects.get_or_create(
            utilisateur=acteur, liste="demandes", libelle="Mes demandes", defaults={"requete": "etat=ACTIVE"}
        )[0].pk,
        "filtre_autre": monde["filtre_autre"].pk,
        "ma_notification": _notification_de(acteur).pk,
        "notification_autre": monde["notification_autre"].pk,
        "import_sne": monde["import_sne"].pk,
        "conflit_sne": monde["conflit_sne"].pk,
        "doublon_sne": monde["doublon_sne"].pk,
        "evenement_sne": monde["evenement_sne"].pk,
        "fichier_sne": monde["fichier_sne"].pk,
    }
