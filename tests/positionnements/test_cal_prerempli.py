"""The CAL template pre-filled with a landlord's candidates awaiting its CAL (issue 16): scoped to the landlord (another
landlord's positionnements never appear), CASA's agents get all or the landlord they choose; sent back unchanged, every
row is recognised and set aside (no « demande inconnue », no « logement inconnu », nothing applied); with a decision
filled in, it is applied as any file; a row already decided comes back « déjà connue »; cells are formula-safe."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.utils import timezone

from positionnements import services
from positionnements.etats import EtatPositionnement as E
from positionnements.retours_cal import lecture, modele
from programmation import services as parc_services
from territoire.roles import Role, TypeOrganisation
from tests.positionnements.fabriques import logement_cree
from tests.positionnements.fabriques_cal import CAL_LE, VALIDE_LE, appliquer, deposer, etats, j, photo
from tests.territoire.fabriques import OrganisationFactory, agent

URL = "/positionnements/cal/modele-prerempli.{}"
pytestmark = pytest.mark.jour_fige  # the dates of fabriques_cal are the frozen day's (tests/horloge.py)


@pytest.fixture
def deux_bailleurs(retours):  # noqa: F811
    """The four candidates of Erilia (retours) and, at landlord B, the demand that wishes Vallauris, validated."""
    b = OrganisationFactory(nom="Bailleur B", slug="bailleur-b", type=TypeOrganisation.BAILLEUR)
    gestionnaire_b = agent(b, Role.GESTIONNAIRE_BAILLEUR)
    dispo_b = parc_services.disponibilite_declarer(
        par=gestionnaire_b,
        logement=logement_cree(b, "B7", commune="06155"),
        date_liberation=timezone.localdate() + dt.timedelta(days=40),
    )
    casa = retours["casa"]
    services.positionner(
        par=casa, disponibilite=dispo_b, numeros=[retours["demandes"]["vallauris"].numero], exception="PAS_ASSEZ"
    )
    p = dispo_b.positionnements.get()
    services.changer_etat(par=casa, positionnement=p, vers=E.VALIDE, motif="CCPC", date_effet=VALIDE_LE)
    return {**retours, "bailleur_b": b, "gestionnaire_b": gestionnaire_b}


def lire_csv(contenu: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(contenu.decode("cp1252")), delimiter=";"))


def telecharger(client, user, format="csv", requete=""):
    client.force_login(user)
    reponse = client.get(URL.format(format) + requete)
    client.logout()
    return reponse


def test_un_bailleur_ne_recoit_que_ses_candidats(client, deux_bailleurs):
    r, d = deux_bailleurs, deux_bailleurs["demandes"]
    erilia = r["a11"].logement.residence.bailleur
    reponse = telecharger(client, r["gestionnaire"], requete=f"?bailleur={r['bailleur_b'].pk}")  # ignored
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "text/csv; charset=windows-1252"
    assert f'filename="decisions_cal_{erilia.slug}_' in reponse["Content-Disposition"]
    lignes = lire_csv(reponse.content)
    assert list(lignes[0]) == modele.colonnes_preremplies()
    assert "bailleur" not in lignes[0]
    assert [(li["numero_demande"], li["residence"], li["logement"], li["rang_casa"]) for li in lignes] == [
        (d["dalo"].numero, "R-06004", "A11", "1"),
        (d["modeste"].numero, "R-06004", "A11", "2"),
        (d["moyenne"].numero, "R-06004", "A11", "3"),
        (d["aisee"].numero, "R-06004", "A12", "1"),
    ]
    premiere = lignes[0]
    assert (premiere["nom_residence"], premiere["commune"], premiere["typologie"]) == ("Les Oliviers", "Antibes", "T3")
    assert premiere["valide_le"] == j(VALIDE_LE)
    assert all(li[c] == "" for li in lignes for c in lecture.COLONNES_DE_LA_CAL)  # the decision columns are empty
    assert d["vallauris"].numero.encode() not in reponse.content

    # landlord B: its own candidate only, and Erilia's never
    lignes_b = lire_csv(telecharger(client, r["gestionnaire_b"]).content)
    assert [li["numero_demande"] for li in lignes_b] == [d["vallauris"].numero]
    xlsx_b = telecharger(client, r["gestionnaire_b"], "xlsx").content
    feuille = openpyxl.load_workbook(io.BytesIO(xlsx_b))["Décisions CAL"]
    numeros = [li[0] for li in feuille.iter_rows(min_row=2, values_only=True) if li[0]]
    assert numeros == [d["vallauris"].numero]


def test_la_casa_recoit_tous_les_bailleurs_ou_celui_qu_elle_choisit(client, deux_bailleurs):
    r, d = deux_bailleurs, deux_bailleurs["demandes"]
    instructeur = r["casa"]
    tous = lire_csv(telecharger(client, instructeur).content)
    assert {li["bailleur"] for li in tous} == {"Erilia", "Bailleur B"}
    assert len(tous) == 5
    choisi = lire_csv(telecharger(client, instructeur, requete=f"?bailleur={r['bailleur_b'].pk}").content)
    assert [li["numero_demande"] for li in choisi] == [d["vallauris"].numero]
    assert "bailleur" not in choisi[0]
    commune = r["guichet"].habilitations.get().organisation
    assert telecharger(client, instructeur, requete=f"?bailleur={commune.pk}").status_code == 404
    assert telecharger(client, instructeur, requete="?bailleur=abc").status_code == 200  # unreadable: every landlord
    assert telecharger(client, instructeur, "pdf").status_code == 404
    # the roles that follow no landlord's CAL
    assert telecharger(client, r["guichet"]).status_code == 403
    assert telecharger(client, agent(r["casa"].habilitations.get().organisation, Role.LECTEUR)).status_code == 403
    assert telecharger(client, agent(r["bailleur_b"], Role.LECTEUR)).status_code == 403


def test_la_page_propose_le_fichier_pre_rempli(client, deux_bailleurs):
    r = deux_bailleurs
    client.force_login(r["gestionnaire"])
    page = client.get("/positionnements/cal/").content.decode()
    assert "avec vos 4 candidats en attente" in page
    assert 'href="/positionnements/cal/modele-prerempli.xlsx"' in page
    assert "laissez vides date_cal, decision et les colonnes suivantes" in page  # the file field's help
    client.force_login(r["casa"])
    page = client.get(f"/positionnements/cal/?bailleur={r['bailleur_b'].pk}").content.decode()
    assert f"/positionnements/cal/modele-prerempli.csv?bailleur={r['bailleur_b'].pk}" in page
    assert "(1 candidat en attente)" in page


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_renvoye_tel_quel_chaque_ligne_est_reconnue_et_rien_n_est_applique(client, deux_bailleurs, format):
    r = deux_bailleurs
    contenu = telecharger(client, r["gestionnaire"], format).content
    avant = photo()
    depot = deposer(r, contenu, nom=f"prerempli.{format}")
    assert depot.erreurs == [] and depot.etat == "VERIFIE"
    assert depot.resume["sans_decision"] == 4 and depot.resume["lignes_sans_decision"] == [2, 3, 4, 5]
    assert depot.resume["a_appliquer"] == 0
    assert photo() == avant
    client.force_login(r["gestionnaire"])
    page = client.get(f"/positionnements/cal/depots/{depot.pk}/").content.decode()
    assert "4 lignes reconnues sans décision (colonnes de la CAL vides), laissées de côté : lignes 2, 3, 4, 5." in page
    assert "complétez date_cal et decision des candidats examinés par la CAL" in page
    # the list of deposits says it as the deposit's page does
    depots = client.get("/positionnements/cal/", {"vue": "depots"}).content.decode()
    assert "Vérifié, rien à appliquer" in depots and "Vérifié, prêt à appliquer" not in depots


def test_une_decision_remplie_dans_le_csv_est_appliquee(client, deux_bailleurs):
    r, d = deux_bailleurs, deux_bailleurs["demandes"]
    texte = telecharger(client, r["gestionnaire"]).content.decode("cp1252")
    lignes = texte.split("\r\n")
    entete = lignes[0].split(";")
    aisee = next(i for i, li in enumerate(lignes) if li.startswith(d["aisee"].numero))
    cellules = lignes[aisee].split(";")
    cellules[entete.index("date_cal")] = j(CAL_LE)
    cellules[entete.index("decision")] = "non-attribution"
    cellules[entete.index("motif_decision")] = "ressources insuffisantes pour ce loyer"
    lignes[aisee] = ";".join(cellules)
    depot = deposer(r, "\r\n".join(lignes).encode("cp1252"))
    assert depot.erreurs == [], depot.erreurs
    assert (depot.resume["a_appliquer"], depot.resume["sans_decision"]) == (1, 3)
    depot = appliquer(r, depot)
    assert depot.etat == "APPLIQUE"
    assert etats(r)["aisee"] == E.NON_ATTRIBUE and etats(r)["dalo"] == E.VALIDE


def test_une_ligne_deja_decidee_revient_deja_connue(client, deux_bailleurs):
    """A candidate attributed by an earlier file is in the next pre-filled file with its decision, awaiting the
    answer: sent back unchanged, « déjà connue »; a row only half filled (a date, no decision) is still an error."""
    r, d = deux_bailleurs, deux_bailleurs["demandes"]
    premiere = (
        f"{';'.join(lecture.NOMS)}\r\n{d['aisee'].numero};R-06004;A12;{j(CAL_LE)};"
        "attribution sous condition suspensive;;avis d'imposition 2025;;;;;\r\n"
    )
    appliquer(r, deposer(r, premiere.encode()))
    lignes = lire_csv(telecharger(client, r["gestionnaire"]).content)
    aisee = next(li for li in lignes if li["numero_demande"] == d["aisee"].numero)
    assert (aisee["date_cal"], aisee["decision"], aisee["condition"], aisee["reponse"]) == (
        j(CAL_LE),
        "attribution sous condition suspensive",
        "avis d'imposition 2025",
        "",
    )
    assert aisee["etat"] == "Attribué sous condition suspensive"
    for format in ("csv", "xlsx"):
        depot = deposer(r, telecharger(client, r["gestionnaire"], format).content, nom=f"f.{format}")
        assert depot.erreurs == []
        assert (depot.resume["deja_connues"], depot.resume["sans_decision"], depot.resume["a_appliquer"]) == (1, 3, 0)
    demi = f"{';'.join(lecture.NOMS)}\r\n{d['dalo'].numero};R-06004;A11;{j(CAL_LE)};;;;;;;;\r\n"
    depot = deposer(r, demi.encode())
    assert depot.erreurs == [[2, "décision manquante (une cellule vide, ou une formule sans valeur calculée)"]]


def test_un_inconnu_reste_une_erreur_meme_sans_decision(deux_bailleurs):
    r, d = deux_bailleurs, deux_bailleurs["demandes"]
    contenu = (
        f"{';'.join(lecture.NOMS)}\r\n"
        f"{d['vallauris'].numero};R-06155;B7;;;;;;;;;\r\n"  # landlord B's candidate, sent by Erilia
        f"{d['dalo'].numero};R-06004;Z99;;;;;;;;;\r\n"
    ).encode()
    depot = deposer(r, contenu)
    erreurs = dict(depot.erreurs)
    assert "n'a été proposée par la CASA sur aucun logement" in erreurs[2]
    assert "le logement « Z99 » de la résidence « R-06004 » n'est pas dans le parc" in erreurs[3]


def test_le_xlsx_type_ses_cellules_et_propose_les_valeurs_admises(client, deux_bailleurs):
    r = deux_bailleurs
    residence = r["a11"].logement.residence
    residence.nom = '=HYPERLINK("http://x")'
    residence.save()
    classeur = openpyxl.load_workbook(io.BytesIO(telecharger(client, r["gestionnaire"], "xlsx").content))
    assert classeur.sheetnames == ["Décisions CAL", "Valeurs admises"]
    feuille = classeur["Décisions CAL"]
    entete = [c.value for c in feuille[1]]
    assert entete == modele.colonnes_preremplies()
    colonne = {nom: i for i, nom in enumerate(entete)}
    ligne = feuille[2]
    assert ligne[colonne["numero_demande"]].number_format == "@" and ligne[colonne["numero_demande"]].data_type == "s"
    nom = ligne[colonne["nom_residence"]]
    assert (nom.value, nom.data_type) == ('=HYPERLINK("http://x")', "s")  # text, never a formula
    assert ligne[colonne["valide_le"]].value.date() == VALIDE_LE
    validations = {str(v.sqref).split(":")[0][:-1]: v for v in feuille.data_validations.dataValidation}
    lettre = openpyxl.utils.get_column_letter(colonne["decision"] + 1)
    assert "attribution par classement" in validations[lettre].formula1
    assert validations[lettre].errorStyle == "warning"
    aide = {li[0]: li[1] for li in classeur["Valeurs admises"].iter_rows(min_row=2, values_only=True)}
    assert "laissée de côté" in aide["lignes sans décision"]
    assert "non lue à l'import" in aide["rang_casa"]
    texte_csv = telecharger(client, r["gestionnaire"]).content.decode("cp1252")
    assert "\"'=HYPERLINK" in texte_csv  # the CSV cell begins with an apostrophe
