"""The collective agreement of an attribution (issue 18, R441-2-9 CCH): the CAL file's optional column
`accord_collectif` read under its usual names and in words or codes, refused when unknown or said of another decision,
kept on DecisionCAL (a row sent back unchanged stays « déjà connue », a row that adds it completes the decision,
another one is refused), written in the pre-filled and blank templates and read back, sent through the API, shown on
the page of the decisions received."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from commun.fichiers import lire_tableau
from positionnements.etats import EtatPositionnement as E
from positionnements.models import AccordCollectif, DecisionCAL, TransitionPositionnement
from positionnements.retours_cal import lecture, modele
from positionnements.retours_cal.verification import ACCORD_PRECISE
from tests.positionnements.fabriques_cal import (
    CAL_LE,
    appliquer,
    deposer,
    etats,
    fichier_csv,
    ligne,
    lignes_completes,
    photo,
)

pytestmark = pytest.mark.jour_fige  # the dates of fabriques_cal are the frozen day's (tests/horloge.py)

HORS_ATTRIBUTION = (
    "un accord collectif ne se dit que d'une attribution, pas d'une « non-attribution » (laissez la cellule vide)"
)


def _lire(**colonnes) -> tuple[lecture.Faits, list[str]]:
    brut = {
        "numero_demande": "006102600000106004",
        "residence": "R-06004",
        "logement": "A11",
        "date_cal": "12/11/2026",
        "decision": "attribution",
        "_ligne": 2,
        **colonnes,
    }
    return lecture.lire_ligne(brut, jour=dt.date(2026, 12, 1))


def _accord(r, demande) -> str:
    return DecisionCAL.objects.get(positionnement__demande=demande).accord_collectif


def _cs(r, **autres) -> dict:
    """The attribution under a condition of the `aisee` demand on A12."""
    return ligne(r["demandes"]["aisee"], "A12", decision="ATTRIBUTION_CS", condition="avis d'imposition", **autres)


# ---------------------------------------------------------------------------------------------------- reading


@pytest.mark.parametrize("entete", ["accord_collectif", "Accord collectif", "ACCORD", "ACD/ACI", "ACD ou ACI"])
def test_la_colonne_se_reconnait_sous_ses_noms_usuels(entete):
    contenu = f"numero_demande;residence;logement;date_cal;decision;{entete}\r\n1;R;A;12/11/2026;attribution;ACD\r\n"
    tableau = lire_tableau("f.csv", contenu.encode(), colonnes=lecture.COLONNES)
    assert tableau.lignes[0]["accord_collectif"] == "ACD"


@pytest.mark.parametrize(
    ("ecrit", "code"),
    [
        ("accord collectif départemental", AccordCollectif.ACD),
        ("Accord collectif départemental", AccordCollectif.ACD),
        ("ACD", AccordCollectif.ACD),
        ("départemental", AccordCollectif.ACD),
        ("ACI", AccordCollectif.ACI),
        ("intercommunal", AccordCollectif.ACI),
        ("accord collectif intercommunal", AccordCollectif.ACI),
        ("aucun", AccordCollectif.AUCUN),
        ("AUCUN", AccordCollectif.AUCUN),
        ("non", AccordCollectif.AUCUN),
        ("sans accord", AccordCollectif.AUCUN),
        ("", ""),
        ("non renseigné", ""),
        ("NONDOC", ""),
    ],
)
def test_la_valeur_se_lit_en_mots_ou_en_codes(ecrit, code):
    faits, erreurs = _lire(accord_collectif=ecrit)
    assert erreurs == [] and faits.accord_collectif == code
    faits, erreurs = _lire(decision="attribution par classement", rang="2", accord_collectif=ecrit)
    assert erreurs == [] and faits.accord_collectif == code


def test_une_valeur_inconnue_ou_hors_attribution_est_l_erreur_de_la_ligne():
    _, erreurs = _lire(accord_collectif="oui")
    assert erreurs == [
        "accord collectif « oui » inconnu (ACD accord collectif départemental, ACI accord collectif intercommunal, "
        "AUCUN ; laissez la cellule vide s'il n'est pas connu)"
    ]
    _, erreurs = _lire(decision="non-attribution", motif_decision="ressources", accord_collectif="ACD")
    assert erreurs == [HORS_ATTRIBUTION]
    _, erreurs = _lire(decision="rejet pour irrecevabilité", motif_decision="IRRSEJ", accord_collectif="aucun")
    assert erreurs == [
        "un accord collectif ne se dit que d'une attribution, pas d'une « rejet pour irrecevabilité » (laissez la "
        "cellule vide)"
    ]
    # « non renseigné » says nothing, whatever the decision
    faits, erreurs = _lire(decision="non-attribution", motif_decision="ressources", accord_collectif="non renseigné")
    assert erreurs == [] and faits.accord_collectif == ""
    # alone on a row, the column is a half-filled row, not a candidate left aside
    faits, erreurs = _lire(date_cal="", decision="", accord_collectif="ACD")
    assert not faits.en_attente and "décision manquante" in " ".join(erreurs)


def test_un_fichier_avec_une_valeur_fausse_est_refuse_et_rien_n_est_ecrit(retours):
    r = retours
    avant = photo()
    lignes = lignes_completes(r)
    lignes[0]["accord_collectif"] = "préfectoral"
    lignes[2]["accord_collectif"] = "ACD"  # on the non-attribution
    depot = deposer(r, fichier_csv(lignes))
    assert depot.etat == "REJETE"
    assert depot.erreurs == [
        [
            2,
            "accord collectif « préfectoral » inconnu (ACD accord collectif départemental, ACI accord collectif "
            "intercommunal, AUCUN ; laissez la cellule vide s'il n'est pas connu)",
        ],
        [4, HORS_ATTRIBUTION],
    ]
    assert photo() == avant and etats(r)["dalo"] == E.VALIDE


# ---------------------------------------------------------------------------------------------------- recording


def test_l_accord_est_garde_et_la_ligne_renvoyee_reste_deja_connue(retours):
    r, d = retours, retours["demandes"]
    lignes = lignes_completes(r)
    lignes[0]["accord_collectif"] = "accord collectif départemental"
    lignes[3]["accord_collectif"] = "intercommunal"
    depot = appliquer(r, deposer(r, fichier_csv(lignes)))
    assert depot.etat == "APPLIQUE", depot.erreurs
    assert (_accord(r, d["dalo"]), _accord(r, d["aisee"]), _accord(r, d["moyenne"])) == ("ACD", "ACI", "")
    apres = photo()
    # sent back unchanged, or without saying the agreement: « déjà connue », the recorded agreement kept
    for renvoi in (lignes, lignes_completes(r)):
        depot = deposer(r, fichier_csv(renvoi))
        assert depot.resume == {"a_appliquer": 0, "deja_connues": 4, "baux": 0, "par_etat": {}}, depot.erreurs
        appliquer(r, depot)
    assert photo() == apres and _accord(r, d["aisee"]) == "ACI"
    # another agreement for the same decision: a correction goes through CASA
    autre = deposer(r, fichier_csv([{**lignes[3], "accord_collectif": "aucun"}]))
    assert autre.erreurs == [
        [
            2,
            "l'accord collectif de cette décision est déjà enregistré (« Accord collectif intercommunal », ici "
            "« Aucun ») : pour le corriger, écrivez à la CASA",
        ]
    ]
    assert photo() == apres


def test_une_ligne_qui_ajoute_l_accord_complete_la_decision_sans_rien_changer_d_autre(retours):
    r, d = retours, retours["demandes"]
    appliquer(r, deposer(r, fichier_csv([_cs(r)])))
    assert etats(r)["aisee"] == E.ATTRIBUE_CS and _accord(r, d["aisee"]) == ""
    transitions, journal = TransitionPositionnement.objects.count(), d["aisee"].transitions.count()
    depot = deposer(r, fichier_csv([_cs(r, accord_collectif="aucun")]))
    assert depot.resume == {"a_appliquer": 1, "deja_connues": 0, "baux": 0, "par_etat": {ACCORD_PRECISE: 1}}
    depot = appliquer(r, depot)
    assert depot.etat == "APPLIQUE" and depot.resultat.startswith("1 décision enregistrée, dont 0 bail signé")
    decision = DecisionCAL.objects.get(positionnement__demande=d["aisee"])
    assert (decision.accord_collectif, decision.decision, decision.condition) == (
        "AUCUN",
        "ATTRIBUTION_CS",
        "avis d'imposition",
    )
    assert etats(r)["aisee"] == E.ATTRIBUE_CS
    assert TransitionPositionnement.objects.count() == transitions and d["aisee"].transitions.count() == journal
    # the condition lifted later: the firm attribution keeps the agreement its row does not say
    ferme = ligne(d["aisee"], "A12", decision="ATTRIBUTION", date_cal=CAL_LE + dt.timedelta(days=5))
    appliquer(r, deposer(r, fichier_csv([ferme])))
    assert etats(r)["aisee"] == E.ATTRIBUE and _accord(r, d["aisee"]) == "AUCUN"
    # sent again, each row: nothing new
    for renvoi in (_cs(r, accord_collectif="aucun"), ferme):
        assert deposer(r, fichier_csv([renvoi])).resume["deja_connues"] == 1


# ---------------------------------------------------------------------------------------------------- templates


def test_le_modele_pre_rempli_porte_l_accord_et_revient_deja_connu(client, retours):
    r, d = retours, retours["demandes"]
    appliquer(r, deposer(r, fichier_csv([_cs(r, accord_collectif="ACI")])))
    client.force_login(r["gestionnaire"])
    texte = client.get("/positionnements/cal/modele-prerempli.csv").content
    lignes = list(csv.DictReader(io.StringIO(texte.decode("cp1252")), delimiter=";"))
    assert list(lignes[0])[-1] == "accord_collectif"
    aisee = next(li for li in lignes if li["numero_demande"] == d["aisee"].numero)
    assert aisee["accord_collectif"] == "accord collectif intercommunal"
    assert all(li["accord_collectif"] == "" for li in lignes if li is not aisee)
    xlsx = client.get("/positionnements/cal/modele-prerempli.xlsx").content
    for nom, contenu in (("f.csv", texte), ("f.xlsx", xlsx)):
        depot = deposer(r, contenu, nom=nom)
        assert depot.erreurs == [], depot.erreurs
        assert (depot.resume["deja_connues"], depot.resume["sans_decision"], depot.resume["a_appliquer"]) == (1, 3, 0)
    # the XLSX: a drop-down list on the column, and the column explained
    classeur = openpyxl.load_workbook(io.BytesIO(xlsx))
    feuille = classeur["Décisions CAL"]
    entete = [c.value for c in feuille[1]]
    lettre = openpyxl.utils.get_column_letter(entete.index("accord_collectif") + 1)
    listes = {str(v.sqref).split(":")[0][:-1]: v for v in feuille.data_validations.dataValidation}
    assert listes[lettre].formula1 == '"accord collectif départemental,accord collectif intercommunal,aucun"'
    assert listes[lettre].errorStyle == "warning"
    aide = dict(classeur["Valeurs admises"].iter_rows(min_row=2, values_only=True))
    assert aide["accord_collectif"].startswith("Accord collectif départemental, Accord collectif intercommunal, Aucun")
    assert "laissez vide s'il n'est pas connu" in aide["accord_collectif"]


def test_le_modele_vide_a_la_colonne_et_son_exemple_se_lit():
    assert modele.modele_csv().decode("cp1252").rstrip("\r\n").split(";")[-1] == "accord_collectif"
    classeur = openpyxl.load_workbook(io.BytesIO(modele.modele_xlsx()))
    aide = dict(classeur["Valeurs admises"].iter_rows(min_row=2, values_only=True))
    assert "accord collectif dont relève une attribution" in aide["accord_collectif"]
    entete, premier, *_ = classeur["Exemple"].iter_rows(values_only=True)
    brut = {**dict(zip(entete, premier, strict=True)), "_ligne": 2}
    faits, erreurs = lecture.lire_ligne(brut, jour=dt.date(2026, 12, 1))
    assert erreurs == [] and faits.accord_collectif == AccordCollectif.ACD


# ---------------------------------------------------------------------------------------------------- API, page


def test_l_api_recoit_l_accord(retours):
    r, d = retours, retours["demandes"]
    api = APIClient()
    api.force_authenticate(r["gestionnaire"])
    avant = photo()
    faux = [ligne(d["moyenne"], decision="NON_ATTRIBUTION", motif_decision="x", accord_collectif="ACD")]
    reponse = api.post("/api/v1/decisions-cal/", {"lignes": faux}, format="json")
    assert reponse.status_code == 400
    assert reponse.json()["lignes"] == [f"Ligne 1 : {HORS_ATTRIBUTION}"]
    assert photo() == avant
    trop_long = [ligne(d["aisee"], "A12", accord_collectif="x" * 101)]
    assert api.post("/api/v1/decisions-cal/", {"lignes": trop_long}, format="json").status_code == 400
    bonnes = [ligne(d["aisee"], "A12", decision="ATTRIBUTION", accord_collectif="ACD")]
    reponse = api.post("/api/v1/decisions-cal/", {"lignes": bonnes}, format="json")
    assert reponse.status_code == 201, reponse.json()
    assert _accord(r, d["aisee"]) == "ACD"
    encore = api.post("/api/v1/decisions-cal/", {"lignes": bonnes}, format="json")
    assert encore.status_code == 201 and encore.json()["resume"]["deja_connues"] == 1


def test_le_schema_openapi_decrit_le_champ(client, retours):
    client.force_login(retours["casa"])
    schema = client.get("/api/schema/", {"format": "json"}).json()
    ligne_decision = schema["components"]["schemas"]["LigneDecisionRequest"]
    champ = ligne_decision["properties"]["accord_collectif"]
    assert champ["maxLength"] == 100 and "ACD" in champ["description"] and "AUCUN" in champ["description"]
    assert "accord_collectif" not in ligne_decision.get("required", [])


def test_la_page_des_decisions_recues_montre_l_accord(client, retours):
    r = retours
    lignes = lignes_completes(r)
    lignes[0]["accord_collectif"] = "ACD"
    lignes[3]["accord_collectif"] = "aucun"
    appliquer(r, deposer(r, fichier_csv(lignes)))
    client.force_login(r["casa"])
    page = client.get(reverse("positionnements:cal") + "?vue=recues").content.decode()
    assert "Accord collectif départemental" in page and "Hors accord collectif" in page
    assert page.count("Accord collectif intercommunal") == 0
