"""CAL returns with real files: valid CSV and XLSX, Windows-1252 with `;` and accents, a BOM, an empty file, a missing
column, an unknown demand, a dwelling of another landlord, a date in the future, a decision that skips a state, the
same file twice; each gives its report and the database is unchanged where the file is refused. Then what a signed
lease does (demand struck off, dwelling filled, the others released, the household moves in), refusals, the API."""

import datetime as dt
import html
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from rest_framework.test import APIClient

from commun.erreurs import ErreurMetier
from commun.fichiers import lire_tableau
from demandes.codes import EtatDemande, MotifRadiation
from demandes.models import Demande, TransitionDemande
from positionnements import services
from positionnements.etats import EtatPositionnement as E
from positionnements.models import DecisionCAL, DepotDecisionsCAL, EtatDepot, Positionnement, TransitionPositionnement
from positionnements.retours_cal import lecture, modele
from positionnements.retours_cal import services as services_cal
from programmation import services as parc_services
from programmation.models import Disponibilite, EtatDisponibilite, Occupation, OrigineOccupation
from territoire.roles import Role
from tests.positionnements.fabriques import logement_cree
from tests.positionnements.fabriques_cal import (
    AUJOURDHUI,
    BAIL_LE,
    CAL_LE,
    REPONSE_LE,
    VALIDE_LE,
    appliquer,
    deposer,
    etats,
    fichier_csv,
    j,
    ligne,
    lignes_completes,
    photo,
)
from tests.territoire.fabriques import OrganisationFactory, agent

pytestmark = pytest.mark.jour_fige  # the dates of fabriques_cal are the frozen day's (tests/horloge.py)

# ---------------------------------------------------------------------------------------------------- valid files


def test_un_csv_valide_est_verifie_puis_applique_avec_ses_suites(retours):
    r, d = retours, retours["demandes"]
    depot = deposer(r, fichier_csv(lignes_completes(r), sep=","))
    assert depot.etat == EtatDepot.VERIFIE, depot.erreurs
    assert depot.lignes == 4
    assert depot.resume["a_appliquer"] == 4 and depot.resume["baux"] == 1 and depot.resume["deja_connues"] == 0
    assert etats(r)["dalo"] == E.VALIDE  # the check writes nothing

    depot = appliquer(r, depot)
    assert depot.etat == EtatDepot.APPLIQUE
    assert depot.resultat.startswith(
        "4 décisions enregistrées, dont 1 bail signé ; 0 déjà connue ; 1 autre candidat libéré"
    )
    assert etats(r) == {
        "dalo": E.BAIL_SIGNE,
        "modeste": E.ECHEC,  # ranked second, released by the lease of the first
        "moyenne": E.NON_ATTRIBUE,
        "aisee": E.ATTRIBUE_CS,
    }
    # the lease closes the demand for attribution on the day of the lease and fills the dwelling
    dalo = Demande.objects.get(pk=d["dalo"].pk)
    assert (dalo.etat, dalo.motif_radiation, dalo.date_radiation) == (
        EtatDemande.RADIEE,
        MotifRadiation.RADATT,
        BAIL_LE,
    )
    assert Disponibilite.objects.get(pk=r["a11"].pk).etat == EtatDisponibilite.POURVU
    assert Disponibilite.objects.get(pk=r["a12"].pk).etat == EtatDisponibilite.A_POURVOIR
    occupant = Occupation.objects.get(logement=r["a11"].logement, fin__isnull=True)
    assert (occupant.origine, occupant.debut, occupant.personnes, occupant.prioritaire) == (
        OrigineOccupation.ATTRIBUTION,
        BAIL_LE,
        4,
        True,
    )
    decision = DecisionCAL.objects.get(positionnement__demande=d["dalo"])
    assert (decision.decision, decision.rang, decision.date_cal, decision.date_bail) == (
        "ATTRIBUTION_RANG",
        1,
        CAL_LE,
        BAIL_LE,
    )
    assert decision.menage["dalo"] is True and decision.menage["personnes"] == 4
    assert decision.menage["quartile"] in (1, 2, 3, 4)
    # each step is dated on the day it happened (the monthly tracking counts these dates)
    pas = list(
        TransitionPositionnement.objects.filter(positionnement__demande=d["dalo"], depot=depot)
        .order_by("pk")
        .values_list("de", "vers", "date_effet")
    )
    assert pas == [
        (E.VALIDE, E.ATTRIBUE_RANG, CAL_LE),
        (E.ATTRIBUE_RANG, E.ACCEPTE, REPONSE_LE),
        (E.ACCEPTE, E.BAIL_SIGNE, BAIL_LE),
    ]
    assert TransitionPositionnement.objects.get(positionnement__demande=d["modeste"], vers=E.ECHEC).motif == (
        f"Logement attribué à un autre candidat (bail signé le {j(BAIL_LE)})"
    )
    # the applicant's right to know the CAL's decisions with their reasons: in the demand's log
    journal = list(TransitionDemande.objects.filter(demande=d["moyenne"]).values_list("motif", flat=True))
    assert any("Non-attribution : ressources insuffisantes pour ce loyer" in m for m in journal)
    assert any(
        m.startswith("Attribution d'un logement (bail signé) le")
        for m in dalo.transitions.values_list("motif", flat=True)
    )


def test_un_xlsx_valide_avec_des_cellules_de_date(retours):
    r, d = retours, retours["demandes"]
    classeur = openpyxl.Workbook()
    feuille = classeur.active
    feuille.append(["Numéro de la demande", "Résidence", "Logement", "Date de la CAL", "Décision", "Motif"])
    feuille.append(
        [
            d["moyenne"].numero,
            "R-06004",
            "A11",
            dt.datetime.combine(CAL_LE, dt.time()),
            "NON_ATTRIBUTION",
            "dossier incomplet",
        ]
    )
    feuille.append([d["aisee"].numero, "R-06004", "A12", dt.datetime.combine(CAL_LE, dt.time()), "Attribution", None])
    sortie = io.BytesIO()
    classeur.save(sortie)
    depot = deposer(r, sortie.getvalue(), nom="decisions.xlsx")
    assert depot.etat == EtatDepot.VERIFIE, depot.erreurs
    appliquer(r, depot)
    assert etats(r)["moyenne"] == E.NON_ATTRIBUE and etats(r)["aisee"] == E.ATTRIBUE
    assert DecisionCAL.objects.get(positionnement__demande=d["moyenne"]).motif == "dossier incomplet"


def test_windows_1252_avec_point_virgule_et_accents(retours):
    r, d = retours, retours["demandes"]
    contenu = fichier_csv(
        [
            ligne(
                d["aisee"],
                "A12",
                decision="Attribution sous condition suspensive",
                condition="pièce d'identité à fournir avant le 15 décembre",
            ),
            ligne(d["moyenne"], decision="Non-attribution", motif_decision="ménage à reloger en priorité ailleurs"),
        ],
        encodage="cp1252",
    )
    with pytest.raises(UnicodeDecodeError):
        contenu.decode("utf-8")
    depot = deposer(r, contenu)
    assert depot.etat == EtatDepot.VERIFIE, depot.erreurs
    appliquer(r, depot)
    assert DecisionCAL.objects.get(positionnement__demande=d["aisee"]).condition == (
        "pièce d'identité à fournir avant le 15 décembre"
    )
    assert (
        DecisionCAL.objects.get(positionnement__demande=d["moyenne"]).motif == "ménage à reloger en priorité ailleurs"
    )


def test_un_bom_en_tete_ne_gene_pas(retours):
    r = retours
    contenu = fichier_csv([ligne(r["demandes"]["aisee"], "A12")], encodage="utf-8-sig")
    assert contenu.startswith(b"\xef\xbb\xbfnumero_demande")
    depot = deposer(r, contenu)
    assert depot.etat == EtatDepot.VERIFIE, depot.erreurs


def test_les_modeles_renvoyes_tels_quels_sont_refuses_et_leur_exemple_est_juste(retours):
    for nom, contenu in (("m.csv", modele.modele_csv()), ("m.xlsx", modele.modele_xlsx())):
        with pytest.raises(ErreurMetier, match="ne contient que la ligne des titres"):
            lire_tableau(nom, contenu, colonnes=lecture.COLONNES)
    classeur = openpyxl.load_workbook(io.BytesIO(modele.modele_xlsx()))
    assert classeur.sheetnames == ["Décisions CAL", "Exemple", "Valeurs admises"]
    assert classeur["Décisions CAL"]["A2"].number_format == "@"  # the demand number typed as text
    entete, *lignes = [list(li) for li in classeur["Exemple"].iter_rows(values_only=True)]
    assert [li[4] for li in lignes] == ["attribution par classement", "attribution par classement", "non-attribution"]
    lues = [
        lecture.lire_ligne({**dict(zip(entete, li, strict=True)), "_ligne": 2}, jour=dt.date(2026, 12, 1))
        for li in lignes
    ]
    assert [erreurs for _, erreurs in lues] == [[], [], []]


# ---------------------------------------------------------------------------------------------------- refused files


def test_un_fichier_vide(retours):
    r = retours
    with pytest.raises(ErreurMetier, match="Le fichier est vide"):
        services_cal.depot_recevoir(par=r["gestionnaire"], nom="vide.csv", contenu=b"")
    avant = photo()
    for contenu, message in (
        (b"\r\n ; ;\r\n", "Le fichier est vide."),
        (fichier_csv([]), "Le fichier ne contient que la ligne des titres (ligne 1) : aucune ligne à lire."),
    ):
        depot = deposer(r, contenu)
        assert (depot.etat, depot.erreurs) == (EtatDepot.REJETE, [[0, message]])
    assert photo() == avant


def test_une_colonne_manquante(retours):
    r = retours
    colonnes = [c for c in lecture.NOMS if c != "decision"]
    avant = photo()
    depot = deposer(r, fichier_csv([ligne(r["demandes"]["aisee"], "A12")], colonnes=colonnes))
    assert depot.etat == EtatDepot.REJETE
    assert depot.erreurs == [
        [
            0,
            "Colonnes manquantes : decision. L'en-tête lu (ligne 1) : « numero_demande », « residence », "
            "« logement », « date_cal », « rang », « condition », « motif_decision », « reponse », « date_reponse », "
            "« motif_refus », « date_bail », « accord_collectif ». Téléchargez le modèle pour le format attendu.",
        ]
    ]
    assert photo() == avant


def test_une_demande_inconnue_et_rien_n_est_ecrit(retours):
    r = retours
    lignes = lignes_completes(r)
    lignes[2]["numero_demande"] = "006112600000999999"
    avant = photo()
    depot = deposer(r, fichier_csv(lignes))
    assert depot.etat == EtatDepot.REJETE
    assert len(depot.erreurs) == 1 and depot.erreurs[0][0] == 4
    assert depot.erreurs[0][1].startswith(
        "la demande 006112600000999999 n'a été proposée par la CASA sur aucun logement "
    )
    with pytest.raises(ErreurMetier, match="pas vérifié sans erreur"):
        services_cal.depot_demander_application(par=r["gestionnaire"], depot=depot)
    with pytest.raises(ErreurMetier):
        services_cal.depot_appliquer(depot_id=depot.pk)
    assert photo() == avant


def test_un_logement_d_un_autre_bailleur(retours):
    r = retours
    autre = OrganisationFactory(nom="Bailleur Voisin")
    logement = logement_cree(autre, "B7", commune="06155")
    avant = photo()
    depot = deposer(r, fichier_csv([ligne(r["demandes"]["aisee"], "B7", residence=logement.residence.reference)]))
    assert depot.erreurs == [[2, "le logement « B7 » de la résidence « R-06155 » n'est pas dans le parc d'Erilia"]]
    # and the other landlord cannot report on Erilia's dwellings either
    voisin = agent(autre, Role.GESTIONNAIRE_BAILLEUR)
    depot = deposer(r, fichier_csv([ligne(r["demandes"]["aisee"], "A12")]), par=voisin)
    numero = r["demandes"]["aisee"].numero
    # nor learn that the demand exists: the same words as for a number that does not (issue 15)
    assert depot.erreurs == [
        [
            2,
            f"la demande {numero} n'a été proposée par la CASA sur aucun logement de Bailleur Voisin ; "
            "le logement « A12 » de la résidence « R-06004 » n'est pas dans le parc de Bailleur Voisin",
        ]
    ]
    with pytest.raises(PermissionDenied):
        services_cal.depot_demander_application(
            par=voisin, depot=deposer(r, fichier_csv([ligne(r["demandes"]["aisee"], "A12")]))
        )
    assert photo() == avant


def test_une_date_dans_le_futur_et_des_dates_incoherentes(retours):
    r, d = retours, retours["demandes"]
    demain = AUJOURDHUI + dt.timedelta(days=1)
    avant = photo()
    depot = deposer(
        r,
        fichier_csv(
            [
                ligne(d["aisee"], "A12", date_cal=demain),
                ligne(
                    d["moyenne"],
                    date_cal=VALIDE_LE - dt.timedelta(days=1),
                    decision="non-attribution",
                    motif_decision="x",
                ),
                ligne(d["modeste"], reponse="acceptation", date_reponse=j(CAL_LE - dt.timedelta(days=1))),
                {**ligne(d["dalo"]), "date_cal": "31/02/2026"},
            ]
        ),
    )
    assert depot.etat == EtatDepot.REJETE
    assert depot.erreurs == [
        [2, f"la date de la CAL {j(demain)} est dans le futur"],
        [
            3,
            f"la CAL du {j(VALIDE_LE - dt.timedelta(days=1))} précède la validation par la commission du "
            f"{j(VALIDE_LE)}",
        ],
        [4, f"la réponse du {j(CAL_LE - dt.timedelta(days=1))} précède la CAL du {j(CAL_LE)}"],
        [5, "la date de la CAL « 31/02/2026 » n'existe pas dans le calendrier"],
    ]
    assert photo() == avant


def test_une_decision_qui_saute_un_etat(retours):
    r, d = retours, retours["demandes"]
    # a third dwelling where the commission has not examined the candidate yet
    a13 = parc_services.disponibilite_declarer(
        par=r["gestionnaire"],
        logement=logement_cree(r["a11"].logement.residence.bailleur, "A13"),
        date_liberation=AUJOURDHUI,
    )
    services.positionner(
        par=r["casa"],
        disponibilite=a13,
        numeros=[d["aisee"].numero],
        exception="PAS_ASSEZ",
        derogations={d["aisee"].numero: "second logement possible"},
    )
    avant = photo()
    depot = deposer(
        r,
        fichier_csv(
            [
                ligne(d["aisee"], "A13"),
                ligne(d["dalo"], date_bail=j(BAIL_LE)),  # a lease without the candidate's acceptance
                ligne(
                    d["modeste"],
                    decision="non-attribution",
                    motif_decision="x",
                    reponse="acceptation",
                    date_reponse=j(REPONSE_LE),
                ),
                ligne(
                    d["moyenne"],
                    reponse="refus",
                    date_reponse=j(CAL_LE + dt.timedelta(days=3)),
                    motif_refus="SANS_REPONSE",
                ),
            ]
        ),
    )
    assert depot.erreurs == [
        [
            2,
            "la commission (CCPC) n'a pas validé ce positionnement (état « Proposé ») : la CAL ne "
            "peut pas encore statuer sur lui",
        ],
        [3, "un bail ne se signe qu'après l'acceptation du candidat (réponse « acceptation » et sa date)"],
        [4, "le candidat ne répond pas à une « non-attribution »"],
        [
            5,
            f"le candidat a au moins 10 jours pour répondre : son silence ne vaut refus qu'à partir du "
            f"{j(CAL_LE + dt.timedelta(days=11))}",
        ],
    ]
    assert photo() == avant


def test_le_meme_fichier_deux_fois_ne_change_rien_la_seconde(retours):
    r = retours
    contenu = fichier_csv(lignes_completes(r))
    appliquer(r, deposer(r, contenu))
    apres_premier = photo()
    second = deposer(r, contenu)
    assert second.etat == EtatDepot.VERIFIE, second.erreurs
    assert second.resume == {"a_appliquer": 0, "deja_connues": 4, "baux": 0, "par_etat": {}}
    second = appliquer(r, second)
    assert second.etat == EtatDepot.APPLIQUE
    assert second.resultat.startswith("0 décision enregistrée, dont 0 bail signé ; 4 déjà connues")
    assert photo() == apres_premier
    # a double click on « Appliquer » is refused with a message, and a task delivered twice changes nothing
    with pytest.raises(ErreurMetier, match="déjà appliqué"):
        services_cal.depot_demander_application(par=r["gestionnaire"], depot=second)
    services_cal.depot_appliquer(depot_id=second.pk)
    assert photo() == apres_premier


def test_une_decision_plus_recente_suit_la_machine_a_etats_ou_est_refusee(retours):
    r, d = retours, retours["demandes"]
    cs = ligne(d["aisee"], "A12", decision="ATTRIBUTION_CS", condition="avis d'imposition")
    appliquer(r, deposer(r, fichier_csv([cs])))
    assert etats(r)["aisee"] == E.ATTRIBUE_CS
    # the condition is met: the CAL's attribution becomes firm, the candidate accepts, the lease is signed
    ferme = ligne(
        d["aisee"],
        "A12",
        date_cal=CAL_LE + dt.timedelta(days=5),
        reponse="acceptation",
        date_reponse=j(REPONSE_LE),
        date_bail=j(BAIL_LE),
    )
    depot = appliquer(r, deposer(r, fichier_csv([ferme])))
    assert depot.resume["a_appliquer"] == 1 and etats(r)["aisee"] == E.BAIL_SIGNE
    # the old row sent again after that: the positionnement is closed, the row is refused
    avant = photo()
    vieux = deposer(r, fichier_csv([ligne(d["aisee"], "A12", decision="NON_ATTRIBUTION", motif_decision="x")]))
    assert vieux.erreurs == [
        [2, "le positionnement est clos (« Bail signé ») : il ne peut plus passer à « Non attribué par la CAL »"]
    ]
    # the same decision with another date: a correction goes through CASA
    autre_date = deposer(r, fichier_csv([{**cs, "date_cal": j(CAL_LE + dt.timedelta(days=1))}]))
    assert "est déjà enregistré pour ce candidat à la date du" in autre_date.erreurs[0][1]
    assert photo() == avant


def test_deux_baux_ou_deux_attributions_pour_un_logement(retours):
    r, d = retours, retours["demandes"]
    bail = {"reponse": "acceptation", "date_reponse": j(REPONSE_LE), "date_bail": j(BAIL_LE)}
    depot = deposer(r, fichier_csv([ligne(d["dalo"], **bail), ligne(d["modeste"], **bail)]))
    assert depot.erreurs == [[3, "un autre bail est signé pour ce logement à la ligne 2"]]
    depot = deposer(r, fichier_csv([ligne(d["dalo"]), ligne(d["modeste"])]))
    assert [ligne_ for ligne_, _ in depot.erreurs] == [2, 3]
    assert "ce logement serait attribué à deux candidats à la fois (voir la ligne 3)" in depot.erreurs[0][1]


def test_le_refus_du_candidat_compte_dans_sa_cotation_sauf_offre_inadaptee(retours):
    r, d = retours, retours["demandes"]
    brut_avant = Demande.objects.get(pk=d["modeste"].pk).detail_cotation["total_brut"]
    depot = deposer(
        r,
        fichier_csv(
            [
                ligne(
                    d["modeste"],
                    decision="ATTRIBUTION_RANG",
                    rang="1",
                    reponse="refus",
                    date_reponse=j(REPONSE_LE),
                    motif_refus="localisation",
                ),
                ligne(
                    d["moyenne"],
                    decision="ATTRIBUTION_RANG",
                    rang="2",
                    reponse="refus",
                    date_reponse=j(REPONSE_LE),
                    motif_refus="État du logement",
                ),
            ]
        ),
    )
    appliquer(r, depot)
    modeste, moyenne = Demande.objects.get(pk=d["modeste"].pk), Demande.objects.get(pk=d["moyenne"].pk)
    assert (modeste.refus_offre_adaptee, moyenne.refus_offre_adaptee) == (1, 0)
    assert modeste.etat == EtatDemande.QUALIFIEE or modeste.etat == EtatDemande.ACTIVE  # the demand stays valid
    assert etats(r)["modeste"] == E.REFUS_CANDIDAT
    assert DecisionCAL.objects.get(positionnement__demande=d["modeste"]).motif_refus == "LOCALISATION"
    assert any(
        "Offre refusée le" in m and "Localisation" in m for m in modeste.transitions.values_list("motif", flat=True)
    )
    malus = [c for c in modeste.detail_cotation["detail"] if c["code"] == "REFUS_OFFRE_ADAPTEE"]
    assert [(c["unites"], c["points"]) for c in malus] == [(1, -30)]  # the grid in force: -30 per refusal
    assert modeste.detail_cotation["total_brut"] == brut_avant - 30
    assert not [c for c in moyenne.detail_cotation["detail"] if c["code"] == "REFUS_OFFRE_ADAPTEE"]
    # the dwelling is still to fill: CASA may propose other candidates
    assert Disponibilite.objects.get(pk=r["a11"].pk).etat == EtatDisponibilite.A_POURVOIR


# ---------------------------------------------------------------------------------------------------- who may


def test_seul_un_gestionnaire_de_bailleur_depose(retours, client):
    r = retours
    with pytest.raises(PermissionDenied):
        services_cal.depot_recevoir(par=r["casa"], nom="x.csv", contenu=b"x")
    depot = deposer(r, fichier_csv([ligne(r["demandes"]["aisee"], "A12")]))
    voisin = agent(OrganisationFactory(nom="Autre bailleur"), Role.GESTIONNAIRE_BAILLEUR)
    client.force_login(voisin)
    assert client.get(reverse("positionnements:depot_cal", args=[depot.pk])).status_code == 404
    client.force_login(r["guichet"])
    assert client.get(reverse("positionnements:depot_cal", args=[depot.pk])).status_code == 404
    assert client.post(reverse("positionnements:cal"), {"fichier": io.BytesIO(b"x")}).status_code == 403
    client.force_login(r["casa"])
    reponse = client.get(reverse("positionnements:depot_cal", args=[depot.pk]))
    assert reponse.status_code == 200 and "Appliquer les décisions" not in reponse.content.decode()


# ---------------------------------------------------------------------------------------------------- API


def test_l_api_verifie_applique_et_reste_idempotente(retours):
    r, d = retours, retours["demandes"]
    api = APIClient()
    api.force_authenticate(r["gestionnaire"])
    avant = photo()
    faux = [ligne(d["aisee"], "A12", decision="PEUT-ETRE")]
    reponse = api.post("/api/v1/decisions-cal/", {"lignes": faux}, format="json")
    assert reponse.status_code == 400
    assert reponse.json()["lignes"][0].startswith("Ligne 1 : décision « PEUT-ETRE » inconnue")
    assert photo() == avant
    assert DepotDecisionsCAL.objects.get(source="API").etat == EtatDepot.REJETE  # kept in the landlord's history
    bonnes = [
        ligne(d["aisee"], "A12", decision="ATTRIBUTION"),
        ligne(d["moyenne"], decision="NON_ATTRIBUTION", motif_decision="x"),
    ]
    reponse = api.post("/api/v1/decisions-cal/", {"lignes": bonnes}, format="json")
    assert reponse.status_code == 201, reponse.json()
    assert reponse.json()["etat"] == "APPLIQUE" and reponse.json()["resume"]["a_appliquer"] == 2
    assert etats(r)["aisee"] == E.ATTRIBUE
    apres = photo()
    encore = api.post("/api/v1/decisions-cal/", {"lignes": bonnes}, format="json")
    assert encore.status_code == 201 and encore.json()["resume"] == {
        "a_appliquer": 0,
        "deja_connues": 2,
        "baux": 0,
        "par_etat": {},
    }
    assert photo() == apres
    assert len(api.get("/api/v1/decisions-cal/").json()["results"]) == 3
    api.force_authenticate(r["casa"])
    assert api.post("/api/v1/decisions-cal/", {"lignes": bonnes}, format="json").status_code == 403


# ---------------------------------------------------------------------------------------------------- pages


def test_les_pages_de_la_casa_et_du_bailleur(retours, client):
    r, d = retours, retours["demandes"]
    appliquer(r, deposer(r, fichier_csv(lignes_completes(r))))
    client.force_login(r["casa"])
    page = client.get(reverse("positionnements:cal")).content.decode()
    assert "Décisions attendues" in page and "Déposer les décisions" not in page
    attributions = client.get(reverse("positionnements:cal") + "?vue=attributions").content.decode()
    assert d["dalo"].numero in attributions and d["moyenne"].numero not in attributions
    recues = client.get(reverse("positionnements:cal") + "?vue=recues&decision=NON_ATTRIBUTION").content.decode()
    assert d["moyenne"].numero in recues and "ressources insuffisantes pour ce loyer" in recues
    client.force_login(r["gestionnaire"])
    page = html.unescape(client.get(reverse("positionnements:cal")).content.decode())
    assert "Déposer les décisions de la CAL d'Erilia" in page and "CAL-" in page
    modele = client.get(reverse("positionnements:modele_cal", args=["csv"]))
    assert modele["Content-Type"] == "text/csv; charset=windows-1252"
    assert client.get(reverse("positionnements:modele_cal", args=["pdf"])).status_code == 404


def test_les_decisions_attendues_apres_le_delai(retours, client):
    r, d = retours, retours["demandes"]
    client.force_login(r["casa"])
    page = client.get(reverse("positionnements:cal") + "?vue=attendues").content.decode()
    assert all(d[k].numero in page for k in ("dalo", "modeste", "moyenne", "aisee"))  # validated 40 days ago
    appliquer(r, deposer(r, fichier_csv([ligne(d["aisee"], "A12")])))
    page = client.get(reverse("positionnements:cal") + "?vue=attendues").content.decode()
    assert d["aisee"].numero not in page and d["dalo"].numero in page
    reponses = client.get(reverse("positionnements:cal") + "?vue=reponses").content.decode()
    assert d["aisee"].numero in reponses  # attributed 25 days ago, no answer known


def test_le_bailleur_lit_les_numeros_des_decisions_attendues_sans_lien_mort(retours, client):
    """A landlord does not read the demands' pages: the awaited decisions show its candidates' numbers as text, not
    links to a page that would answer 404 (found by a newcomer's trial, issue 21); CASA keeps its links."""
    r, d = retours, retours["demandes"]
    client.force_login(agent(r["a11"].logement.residence.bailleur, Role.GESTIONNAIRE_BAILLEUR))
    page = client.get(reverse("positionnements:cal") + "?vue=attendues").content.decode()
    assert d["dalo"].numero in page and "/positionnements/demandes/" not in page
    client.force_login(r["casa"])
    page = client.get(reverse("positionnements:cal") + "?vue=attendues").content.decode()
    assert f"/positionnements/demandes/{d['dalo'].pk}/" in page


def test_la_demonstration_passe_par_les_memes_services(monde):  # noqa: F811
    from demo.cal import creer_retours_cal_demo

    d, (a11, _) = monde["demandes"], monde["dispos"]
    services.positionner(
        par=monde["casa"], disponibilite=a11, numeros=[d[k].numero for k in ("dalo", "modeste", "moyenne")]
    )
    agent(monde["casa"].habilitations.get().organisation, Role.SECRETARIAT_COMMISSION, username="secretariat.ccpc")
    agent(a11.logement.residence.bailleur, Role.GESTIONNAIRE_BAILLEUR)
    assert creer_retours_cal_demo(jour=AUJOURDHUI) == 1
    depot = DepotDecisionsCAL.objects.get()
    assert (depot.source, depot.etat) == ("API", EtatDepot.APPLIQUE)
    assert Positionnement.objects.get(demande=d["dalo"]).etat == E.BAIL_SIGNE
    assert Demande.objects.get(pk=d["dalo"].pk).motif_radiation == MotifRadiation.RADATT
    assert creer_retours_cal_demo(jour=AUJOURDHUI) == 0  # idempotent


def test_le_logiciel_du_bailleur_envoie_avec_la_cle_d_api_de_son_organisation(retours):
    from territoire.services import cle_api_creer

    r, d = retours, retours["demandes"]
    erilia = r["a11"].logement.residence.bailleur
    admin = agent(erilia, Role.ADMINISTRATEUR)
    _, secret = cle_api_creer(par=admin, organisation=erilia, nom="Logiciel de gestion locative")
    api = APIClient()
    envoi = {"lignes": [ligne(d["aisee"], "A12", decision="ATTRIBUTION")]}
    reponse = api.post("/api/v1/decisions-cal/", envoi, format="json", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert reponse.status_code == 201, reponse.json()
    assert etats(r)["aisee"] == E.ATTRIBUE
    depot = DepotDecisionsCAL.objects.get()
    assert depot.bailleur == erilia and depot.par.est_compte_api
    # the key of another landlord does not reach Erilia's dwellings
    autre = OrganisationFactory(nom="Bailleur Tiers")
    _, secret_autre = cle_api_creer(par=agent(autre, Role.ADMINISTRATEUR), organisation=autre, nom="Logiciel")
    envoi = {"lignes": [ligne(d["moyenne"], decision="NON_ATTRIBUTION", motif_decision="x")]}
    reponse = api.post("/api/v1/decisions-cal/", envoi, format="json", HTTP_AUTHORIZATION=f"Bearer {secret_autre}")
    assert reponse.status_code == 400
    assert "n'est pas dans le parc de Bailleur Tiers" in reponse.json()["lignes"][0]
    assert etats(r)["moyenne"] == E.VALIDE
