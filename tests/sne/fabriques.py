"""Builders of the SNE import's pages tests: small files in the interface's shape (XML « interfaceNuu » 02.01), an
import run at once (no worker: `services.importer` in the test's transaction), a conflict and a probable duplicate
made the way they arise (an agent's change then a new file; a local demand without NUR then the SNE's), and the
SNE objects of the role matrix's world (tests/projet/matrice.py)."""

from __future__ import annotations

import copy
import datetime as dt
import uuid
from xml.sax.saxutils import escape

import pytest

from demandes import services as demandes_services
from demandes.models import Demande
from sne import services
from sne.interface import lire_fichier
from sne.models import ConflitSNE, EtatImportSNE, ImportSNE, LigneImportSNE, OrigineImportSNE, ResultatLigne
from tests.demandes.fabriques import demande_complete

NS = "http://nuu.application.i2/"
CREATION = dt.date(2025, 3, 10)


@pytest.fixture
def cache_a_part(settings):
    """A cache prefix of the test's own: a job's progress kept in Redis by an earlier run, under the same import
    number, must not tell this test's page that the job ran (the role matrix does the same: `mesures_stables`)."""
    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["KEY_PREFIX"] = f"casa-test-{uuid.uuid4().hex}"
    settings.CACHES = caches


def nur(rang: int, creation: dt.date = CREATION) -> str:
    """A numéro unique of the Alpes-Maritimes (18 characters): department, month and year, sequence, counter."""
    return f"006{creation:%m%y}{rang:06d}G0001"


def _e(nom: str, valeur: object) -> str:
    return f"<ns1:{nom}>{escape(str(valeur))}</ns1:{nom}>"


def _c(nom: str, code: str) -> str:
    return f'<ns1:{nom} code="{code}"/>'


def _ressources(ressources) -> str:
    details = "".join(
        f"<ns1:detailRessource>{_c('ressource', code)}{_e('montant', montant)}</ns1:detailRessource>"
        for code, montant in ressources
    )
    return f"<ns1:listeRessourceRecue>{details}</ns1:listeRessourceRecue>" if details else ""


def demande_xml(
    numero: str,
    *,
    nom: str = "MARTIN",
    prenom: str = "Élodie",
    naissance: dt.date = dt.date(1988, 4, 12),
    communes=("06004",),
    creation: dt.date = CREATION,
    surface: int = 40,
    loyer: str = "620.00",
    ressources=(("SAL", "1500.00"),),
    enfants=(),
    en_visite=(),
    dalo: str | None = None,
    radiation: tuple[dt.date, str] | None = None,
    en_plus: str = "",
) -> str:
    """One `demande` element: an applicant, her dependants (`enfants`: (prénom, birth date)), children in droit de
    visite (`en_visite`), wished communes, current housing (`surface` m², `loyer` €/month), an optional DALO status,
    radiation, and `en_plus` (elements the reader does not map, kept in the raw document)."""
    charge = "".join(
        f"<ns1:personneACharge>{_e('nom', nom)}{_e('prenom', p)}{_e('dateNaissance', n.isoformat())}"
        f"{_c('sexe', 'F')}{_c('lienParente', 'E')}</ns1:personneACharge>"
        for p, n in enfants
    )
    garde = "".join(
        f"<ns1:personneEnGarde>{_e('nom', nom)}{_e('prenom', p)}{_e('dateNaissance', n.isoformat())}"
        f"{_c('sexe', 'M')}{_c('coParentalite', 'D')}</ns1:personneEnGarde>"
        for p, n in en_visite
    )
    demandeur = (
        f"<ns1:demandeur>{_c('civilite', '2')}{_e('nom', nom)}{_e('prenom', prenom)}"
        f"{_e('dateNaissance', naissance.isoformat())}{_c('nationalite', '1')}{_c('situationFamiliale', 'C')}"
        f"<ns1:revenuFiscal>{_e('anneeMoins2', 2024)}{_e('montantMoins2', 18000)}</ns1:revenuFiscal>"
        f"{_ressources(ressources)}</ns1:demandeur>"
    )
    personnes = (
        demandeur
        + (f"<ns1:listePersonneACharge>{charge}</ns1:listePersonneACharge>" if charge else "")
        + (f"<ns1:listePersonneEnGarde>{garde}</ns1:listePersonneEnGarde>" if garde else "")
        + "<ns1:logementActuel><ns1:listeModeleLogement>"
        + _c("modeleLogement", "LP")
        + f"</ns1:listeModeleLogement>{_e('montantMensuelLoyer', loyer)}{_e('surface', surface)}</ns1:logementActuel>"
    )
    souhaits = "".join(f"<ns1:localisationSouhaite>{_c('commune', c)}</ns1:localisationSouhaite>" for c in communes)
    return (
        "<ns1:demande><ns1:demandeLogement>"
        + _e("numUnique", numero)
        + _e("numGuichet", "G060001")
        + _e("dateCreationDemande", creation.isoformat())
        + (
            f"<ns1:radiation>{_e('dateRadiation', radiation[0].isoformat())}{_c('motifRadiation', radiation[1])}"
            "</ns1:radiation>"
            if radiation
            else ""
        )
        + (f"<ns1:dalo>{_c('statutDalo', dalo)}{_e('dateDecisionDalo', '2026-02-03')}</ns1:dalo>" if dalo else "")
        + "<ns1:logementRecherche>"
        + _e("demandeElargie", "false")
        + f"<ns1:listeTypeLogement>{_c('typeLogement', 'T2')}{_c('typeLogement', 'T3')}</ns1:listeTypeLogement>"
        + f"<ns1:listeLocalisationSouhaite>{souhaits}</ns1:listeLocalisationSouhaite></ns1:logementRecherche>"
        + f"<ns1:listeMotifDemande>{_c('motifDemande', '13')}</ns1:listeMotifDemande>"
        + en_plus
        + f"<ns1:personnePhysique>{personnes}</ns1:personnePhysique>"
        + "</ns1:demandeLogement></ns1:demande>"
    )


def fichier_xml(*demandes: str, jour: dt.date = dt.date(2026, 11, 17), version: str = "02.01") -> bytes:
    """A file of the SNE holding `demandes` (demande_xml elements)."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<ns1:interfaceNuu versionInterface="{version}" xmlns:ns1="{NS}">'
        f"<ns1:entete>{_e('typeFichier', 'MOD')}{_e('dateFichier', jour.isoformat())}</ns1:entete>"
        + "".join(demandes)
        + "</ns1:interfaceNuu>\n"
    ).encode("utf-8")


def importer(contenu: bytes, *, par=None, nom: str = "sne.xml") -> ImportSNE:
    """The file received (as by the page, or the command when `par` is None) and imported at once."""
    origine = OrigineImportSNE.DEPOT if par is not None else OrigineImportSNE.COMMANDE
    (imp,) = services.imports_creer(contenu=contenu, nom=nom, origine=origine, par=par, lancer=False)
    return services.importer(import_id=imp.pk)


def conflit_sur_la_surface(instructeur, *, rang: int = 900, par=None) -> ConflitSNE:
    """A demand come from the SNE (40 m²), changed here by an agent (45 m²), then said 52 m² by a new file: a
    conflict on the surface of the current dwelling, open."""
    numero = nur(rang)
    importer(fichier_xml(demande_xml(numero, nom="CONFLIT", surface=40)), par=par, nom="premier.xml")
    demande = Demande.objects.get(nur=numero)
    demandes_services.demande_modifier(par=instructeur, demande=demande, surface_actuelle=45)
    importer(fichier_xml(demande_xml(numero, nom="CONFLIT", surface=52)), par=par, nom="second.xml")
    return ConflitSNE.objects.get(demande=demande, champ="surface_actuelle")


def doublon(agent_guichet, guichet, *, rang: int = 901, par=None) -> LigneImportSNE:
    """A demand registered at a counter here (Élodie Martin, no NUR yet), then the SNE's file naming the same person
    under a NUR: a probable duplicate held, to settle."""
    locale = demande_complete(agent_guichet, guichet, communes=("06004",))
    imp = importer(fichier_xml(demande_xml(nur(rang))), par=par, nom="doublon.xml")
    ligne = imp.lignes.get(position=1)
    assert ligne.resultat == ResultatLigne.DOUBLON and ligne.doublon_de_id == locale.pk, ligne.motifs
    return ligne


def objets_sne_de_la_matrice(demande: Demande) -> dict:
    """The SNE objects of the role matrix's world, written directly (no file read): an applied import with its
    report line, an open conflict on `demande`, a probable duplicate of it not settled."""
    imp = ImportSNE.objects.create(
        origine=OrigineImportSNE.DOSSIER,
        nom_fichier="sne-matrice.xml",
        contenu=b"<interfaceNuu/>",
        taille=15,
        empreinte="0" * 64,
        etat=EtatImportSNE.APPLIQUE,
        compteurs={ResultatLigne.INCHANGEE: 1, ResultatLigne.DOUBLON: 1},
        resultat="2 demandes : 1 inchangée, 1 doublon à trancher",
    )
    LigneImportSNE.objects.create(import_sne=imp, position=1, nur=nur(1), resultat=ResultatLigne.INCHANGEE)
    ligne = LigneImportSNE.objects.create(
        import_sne=imp,
        position=2,
        nur=nur(2),
        resultat=ResultatLigne.DOUBLON,
        doublon_de=demande,
        motifs=["même personne que la demande locale, sans numéro unique : à trancher"],
        brut=lire_fichier(fichier_xml(demande_xml(nur(2))), nom="matrice.xml").demandes[0].brut,
    )
    conflit = ConflitSNE.objects.create(
        demande=demande, import_sne=imp, champ="surface_actuelle", valeur_sne=52, valeur_locale=45
    )
    return {"import_sne": imp, "conflit_sne": conflit, "doublon_sne": ligne}
