"""Import of a landlord's stock: real files (CSV as Excel writes them in France, XLSX), every bad row reported with
its line number, nothing saved until the whole file is valid."""

import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied

from commun.erreurs import ErreurMetier
from programmation.import_parc.application import parc_importer
from programmation.import_parc.lecture import NOMS
from programmation.import_parc.modele import EXEMPLE, modele_csv
from programmation.import_parc.services import import_verifier
from programmation.models import Logement, Residence
from programmation.selectors import logements_visibles, residences_visibles
from territoire.roles import Role
from tests.programmation.fabriques import BONNES, csv_cp1252
from tests.territoire.fabriques import OrganisationFactory, agent


@pytest.fixture
def erilia(referentiel):
    return referentiel["erilia"]


@pytest.fixture
def gestionnaire(erilia):
    return agent(erilia, Role.GESTIONNAIRE_BAILLEUR)


def test_un_fichier_windows_1252_au_point_virgule_est_importe(gestionnaire, erilia):
    rapport = parc_importer(
        par=gestionnaire, bailleur=erilia, nom="parc.csv", contenu=csv_cp1252(*BONNES), appliquer=True
    )
    assert rapport.valide and rapport.applique
    assert rapport.residences_creees == 2 and rapport.logements_crees == 3
    hameau = Residence.objects.get(reference="RES-2")
    assert hameau.nom == "Le Hameau des Pêcheurs"  # the accent of the Windows-1252 file
    assert hameau.commune.code_insee == "06155" and hameau.en_qpv
    assert hameau.nombre_logements == 1
    a13 = Logement.objects.get(numero="A13")
    assert str(a13.loyer) == "398.10" and a13.reservataire.slug == "prefecture-06"


def test_le_meme_fichier_deux_fois_ne_change_rien(gestionnaire, erilia):
    for _ in range(2):
        rapport = parc_importer(
            par=gestionnaire, bailleur=erilia, nom="parc.csv", contenu=csv_cp1252(*BONNES), appliquer=True
        )
    assert rapport.logements_crees == 0 and rapport.logements_modifies == 3
    assert Logement.objects.count() == 3


def test_chaque_ligne_fausse_est_signalee_et_rien_n_est_enregistre(gestionnaire, erilia):
    fichier = csv_cp1252(
        BONNES[0],
        "RES-1;Les Oliviers;12 avenue des Pins;06004;non;A14;T0;50;1;oui;non;PLUS;500;80;",
        "RES-3;La Source;1 rue Haute;Cannes;non;C1;T2;40;0;non;non;PLUS;450;60;",
        "RES-1;Les Oliviers;12 avenue des Pins;06004;non;A12;T3;64,5;2;oui;non;PLUS;512,40;85;",
        "RES-1;Les Oliviers;12 avenue des Pins;06004;peut-être;A15;T2;quarante;1;oui;non;PLUS;500;80;",
    )
    rapport = parc_importer(par=gestionnaire, bailleur=erilia, nom="parc.csv", contenu=fichier, appliquer=True)
    assert not rapport.applique
    erreurs = {ligne: [] for ligne, _ in rapport.erreurs}
    for ligne, message in rapport.erreurs:
        erreurs[ligne].append(message)
    assert erreurs[3] == ["typologie : « T0 » inconnue (valeurs admises : T1, T2, T3, T4, T5, T6 et plus)"]
    assert erreurs[4] == ["commune : « Cannes » n'est pas une commune de la CASA"]
    assert erreurs[5] == ["numero : le logement A12 de la résidence RES-1 figure déjà ligne 2"]
    assert len(erreurs[6]) == 1  # one entry per bad row, its reasons joined
    assert "surface : « quarante » n'est pas un nombre" in erreurs[6][0]
    assert "en_qpv : « peut-être » n'est pas oui ou non" in erreurs[6][0]
    assert not Residence.objects.exists() and not Logement.objects.exists()


def test_une_residence_decrite_deux_fois_autrement_une_formule_et_les_noms_de_colonnes_du_fichier(gestionnaire, erilia):
    entete = (
        "Code résidence;Nom;Adresse;Code INSEE;QPV;N° logement;Type;Surface;Étage;Ascenseur;PMR;Financement;Loyer;"
        "Charges;"
    )
    fichier = (
        entete
        + "\r\n"
        + "RES-4;Les Mimosas;1 rue A;06004;non;A1;T2;40;RDC;non;non;PLUS;400;50;\r\n"
        + "RES-4;Les Acacias;99 bd B;06155;oui;A2;T2;40;1;non;non;PLUS;400;50;\r\n"
        + "RES-5;=1+1;@SUM(A1);06004;non;;T2;40;1;non;non;PLUS;400;50;\r\n"
    ).encode("cp1252")
    imp = import_verifier(par=gestionnaire, bailleur=erilia, nom="parc.csv", contenu=fichier)
    erreurs = dict(imp.erreurs)
    assert erreurs[3] == (
        "la résidence RES-4 est décrite autrement ligne 2 (nom, adresse, commune, QPV) : une résidence a un seul nom, "
        "une seule adresse, une seule commune"
    )
    assert "« Nom » : « =1+1 » commence comme une formule de tableur (=)" in erreurs[4]
    assert "« Adresse » : « @SUM(A1) » commence comme une formule de tableur (@)" in erreurs[4]
    assert "« N° logement » : valeur manquante" in erreurs[4]  # the column as the file names it
    assert imp.nombre_erreurs == 2 and not Residence.objects.exists()


def test_un_fichier_utf8_avec_bom_et_virgules(gestionnaire, erilia):
    texte = (
        "\ufeff"
        + ",".join(NOMS)
        + "\n"
        + BONNES[0].replace(";", ",").replace("64,5", "64.5").replace("512,40", "512.40")
        + "\n"
    )
    rapport = parc_importer(
        par=gestionnaire, bailleur=erilia, nom="parc.csv", contenu=texte.encode("utf-8"), appliquer=True
    )
    assert rapport.valide, rapport.erreurs
    assert Logement.objects.get().surface == 64.5


def test_un_fichier_xlsx(gestionnaire, erilia):
    classeur = openpyxl.Workbook()
    feuille = classeur.active
    feuille.append(NOMS)
    feuille.append(
        ["RES-9", "Les Pins", "1 allée", "06152", "non", "X1", "T1", 28.5, 4, "oui", "non", "PLS", 455.0, 40, None]
    )
    tampon = io.BytesIO()
    classeur.save(tampon)
    rapport = parc_importer(
        par=gestionnaire, bailleur=erilia, nom="parc.xlsx", contenu=tampon.getvalue(), appliquer=True
    )
    assert rapport.valide, rapport.erreurs
    assert Logement.objects.get().residence.commune.nom == "Valbonne"


@pytest.mark.parametrize(
    ("contenu", "message"),
    [(b"", "Le fichier est vide."), (b"numero;typologie\r\nA1;T2\r\n", "Colonnes manquantes")],
)
def test_un_fichier_vide_ou_sans_les_colonnes_est_refuse(gestionnaire, erilia, contenu, message):
    with pytest.raises(ErreurMetier, match=message):
        parc_importer(par=gestionnaire, bailleur=erilia, nom="parc.csv", contenu=contenu)


def test_un_bailleur_n_importe_pas_pour_un_autre_et_ne_voit_pas_son_parc(gestionnaire, erilia):
    parc_importer(par=gestionnaire, bailleur=erilia, nom="parc.csv", contenu=csv_cp1252(*BONNES), appliquer=True)
    autre = OrganisationFactory(nom="Autre bailleur")
    concurrent = agent(autre, Role.GESTIONNAIRE_BAILLEUR)
    with pytest.raises(PermissionDenied):
        parc_importer(par=concurrent, bailleur=erilia, nom="parc.csv", contenu=csv_cp1252(*BONNES), appliquer=True)
    assert not residences_visibles(concurrent).exists()
    assert not logements_visibles(concurrent).exists()
    assert residences_visibles(gestionnaire).count() == 2


def test_la_casa_lit_tout_le_parc(gestionnaire, erilia, referentiel):
    parc_importer(par=gestionnaire, bailleur=erilia, nom="parc.csv", contenu=csv_cp1252(*BONNES), appliquer=True)
    assert logements_visibles(agent(referentiel["casa"], Role.INSTRUCTEUR)).count() == 3


def test_le_modele_renvoye_tel_quel_est_refuse_et_son_exemple_est_juste(gestionnaire, erilia):
    with pytest.raises(ErreurMetier, match="ne contient que la ligne des titres"):
        parc_importer(par=gestionnaire, bailleur=erilia, nom="modele.csv", contenu=modele_csv())
    exemple = ";".join(NOMS) + "\r\n" + ";".join(EXEMPLE) + "\r\n"
    rapport = parc_importer(par=gestionnaire, bailleur=erilia, nom="exemple.csv", contenu=exemple.encode("cp1252"))
    assert rapport.valide and len(rapport.lignes) == 1, rapport.erreurs
