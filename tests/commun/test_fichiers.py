"""Files from the real world: every file of the corpus (tests/commun/fichiers/, written by fabriquer.py) gives the
outcome that tests/commun/fichiers/attendus.csv says, for the CAL returns, the parc import and the réservataires'
lists: read (so many rows, these values), refused with this French reason, or read with these row errors. Then the
same files through the upload pages (never a 500, nothing half-written), the limits, and the intake fed with random
bytes and random spreadsheets (Hypothesis): rows or a French error, never another exception."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import html
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commun.erreurs import ErreurMetier
from commun.fichiers import limites, lire_tableau, valeurs
from commun.fichiers.lecture import OLE, ZIP
from commun.format_fr import nombre
from positionnements import croisements
from positionnements.models import DepotDecisionsCAL, EtatDepot, ListeReservataire
from positionnements.retours_cal import lecture, travaux, verification
from positionnements.retours_cal import services as services_cal
from programmation.import_parc import lecture as parc_lecture
from programmation.import_parc import services as parc_services
from programmation.import_parc import travaux as parc_travaux
from programmation.import_parc import verification as parc_verification
from programmation.models import ImportParc, Logement, Residence
from territoire.roles import Role
from tests.territoire.fabriques import agent

CORPUS = Path(__file__).resolve().parent / "fichiers"
JOUR = dt.date(2026, 11, 30)
COLONNES = {"cal": lecture.COLONNES, "parc": parc_lecture.COLONNES, "liste": croisements.COLONNES}


def attendus() -> list[dict]:
    with (CORPUS / "attendus.csv").open(encoding="utf-8", newline="") as f:
        return [li for li in csv.DictReader(f, delimiter=";") if not li["fichier"].startswith("#")]


def _faits(import_: str, lignes: list[dict]) -> tuple[list[dict], list[tuple[int, str]], list[str]]:
    """(facts of each valid row as {column: text}, row errors, notes) of one import's row-level check."""
    faits, erreurs, notes = [], [], []
    if import_ == "parc":
        rapport = parc_verification.valider(lignes, bailleur=None)
        for ligne in rapport.lignes:
            v = dict(ligne.valeurs)
            v["commune"] = v["commune"].code_insee
            faits.append({k: str(x) for k, x in v.items()})
        erreurs = list(rapport.erreurs)
        notes = [n for _, n in rapport.notes]
    else:
        for brut in lignes:
            if import_ == "cal":
                f, errs = lecture.lire_ligne(lecture.normaliser_colonnes([brut])[0], jour=JOUR)
                v = {
                    k: "" if x is None else (x.isoformat() if isinstance(x, dt.date) else str(x))
                    for k, x in dataclasses.asdict(f).items()
                }
            else:
                (numero, type_, date, logement), errs = croisements.lire_ligne(brut, jour=JOUR)
                v = {
                    "numero": numero,
                    "type": str(type_),
                    "date": date.isoformat() if date else "",
                    "logement": logement,
                }
            if errs:
                erreurs.extend((brut["_ligne"], e) for e in errs)
            else:
                faits.append(v)
    return faits, erreurs, notes


def issue(import_: str, chemin: Path) -> dict:
    """What the intake and the import's row-level check make of one file."""
    try:
        tableau = lire_tableau(chemin.name, chemin.read_bytes(), colonnes=COLONNES[import_])
    except ErreurMetier as err:
        return {"attendu": "refuse", "message": err.message, "lignes": 0}
    faits, erreurs, notes = _faits(import_, tableau.lignes)
    return {
        "attendu": "erreurs" if erreurs else "lu",
        "lignes": len(tableau.lignes),
        "faits": faits,
        "erreurs": erreurs,
        "notes": tableau.notes + notes,
        "message": " | ".join(e for _, e in erreurs),
    }


@pytest.mark.parametrize("cas", attendus(), ids=lambda c: f"{c['import']}/{c['fichier']}")
def test_chaque_fichier_du_corpus_donne_l_issue_attendue(cas, referentiel):
    chemin = CORPUS / cas["import"] / cas["fichier"]
    resultat = issue(cas["import"], chemin)
    assert resultat["attendu"] == cas["attendu"], resultat
    if cas["lignes"]:
        assert resultat["lignes"] == int(cas["lignes"]), resultat
    for attente in filter(None, cas["detail"].split(" && ")):
        if cas["attendu"] != "lu":
            assert attente in resultat["message"], resultat
        elif attente.startswith("note:"):
            assert any(attente[5:] in n for n in resultat["notes"]), resultat
        else:  # row:column=value, on the facts of the valid rows
            rang, reste = attente.split(":", 1)
            colonne, valeur = reste.split("=", 1)
            assert resultat["faits"][int(rang) - 1][colonne] == valeur, resultat


def test_le_tableau_couvre_tout_le_corpus():
    listes = {(c["import"], c["fichier"]) for c in attendus()}
    presents = {(p.parent.name, p.name) for p in CORPUS.glob("*/*") if p.is_file()}
    assert presents == listes, presents ^ listes


# ---------------------------------------------------------------------------------------------------- the pages


def _corpus(import_: str) -> list[Path]:
    return sorted((CORPUS / import_).iterdir())


def test_chaque_fichier_par_la_page_du_parc_jamais_de_500_rien_d_ecrit(client, referentiel):
    gestionnaire = agent(referentiel["erilia"], Role.GESTIONNAIRE_BAILLEUR)
    client.force_login(gestionnaire)
    for chemin in _corpus("parc"):
        reponse = client.post(
            "/parc/import/", {"fichier": SimpleUploadedFile(chemin.name, chemin.read_bytes())}, follow=True
        )
        assert reponse.status_code == 200, chemin.name
        if not chemin.stat().st_size:  # the form refuses an empty file before the intake
            assert "Le fichier soumis est vide" in reponse.content.decode()
            continue
        imp = ImportParc.objects.latest("pk")
        assert imp.nom_fichier == chemin.name and imp.etat == "RECU"
        imp = parc_travaux.import_verifier_fichier(import_id=imp.pk)  # what the worker does
        assert (imp.etat == "VERIFIE") == (not imp.erreurs), (chemin.name, imp.erreurs)
        assert client.get(f"/parc/import/{imp.pk}/").status_code == 200
    assert not Residence.objects.exists() and not Logement.objects.exists()  # checked, nothing applied


def test_chaque_fichier_par_la_page_des_listes_jamais_de_500_rien_d_ecrit(client, referentiel):
    etat = agent(referentiel["prefecture-06"], Role.RESERVATAIRE)
    client.force_login(etat)
    for chemin in _corpus("liste"):
        reponse = client.post(
            "/positionnements/croisements/",
            {
                "reservataire": referentiel["prefecture-06"].pk,
                "fichier": SimpleUploadedFile(chemin.name, chemin.read_bytes()),
            },
            follow=True,
        )
        assert reponse.status_code == 200, chemin.name  # the report on the page (demands unknown here)
        page = html.unescape(reponse.content.decode())
        attendu = issue("liste", chemin)
        if not chemin.stat().st_size:
            assert "Le fichier soumis est vide" in page
        elif attendu["attendu"] == "refuse":  # the intake's reason, on the form
            assert attendu["message"] in page, chemin.name
        else:  # read: the report of its rows (bad values, or demands unknown in this database), a page at a time
            assert "n'est pas enregistrée" in page and 'id="tableau-erreurs"' in page, chemin.name
            premiere = (attendu["erreurs"] or [(0, "est inconnue")])[0][1]
            assert premiere in page, chemin.name
    assert not ListeReservataire.objects.exists()


def test_chaque_fichier_depose_aux_retours_cal_finit_verifie_ou_refuse(client, referentiel):
    gestionnaire = agent(referentiel["erilia"], Role.GESTIONNAIRE_BAILLEUR)
    client.force_login(gestionnaire)
    for chemin in _corpus("cal"):
        reponse = client.post(
            "/positionnements/cal/", {"fichier": SimpleUploadedFile(chemin.name, chemin.read_bytes())}, follow=True
        )
        assert reponse.status_code == 200, chemin.name
        if not chemin.stat().st_size:
            assert "Le fichier soumis est vide" in reponse.content.decode()
            continue
        depot = DepotDecisionsCAL.objects.latest("pk")
        depot = services_cal.depot_verifier(depot_id=depot.pk)  # what the worker does
        assert depot.etat in (EtatDepot.REJETE, EtatDepot.VERIFIE), (chemin.name, depot.etat, depot.resultat)
        assert depot.erreurs, chemin.name  # refused, or its demands are unknown here
        page = client.get(f"/positionnements/cal/depots/{depot.pk}/")
        assert page.status_code == 200


def test_un_bug_pendant_la_verification_finit_en_echec_avec_une_raison_et_se_relance(client, referentiel, monkeypatch):
    gestionnaire = agent(referentiel["erilia"], Role.GESTIONNAIRE_BAILLEUR)
    contenu = (CORPUS / "cal" / "utf8.csv").read_bytes()
    depot = services_cal.depot_recevoir(par=gestionnaire, nom="cal.csv", contenu=contenu)

    def panne(*args, **kwargs):
        raise ZeroDivisionError("un bug")

    monkeypatch.setattr(verification, "valider", panne)
    depot = services_cal.depot_verifier(depot_id=depot.pk)
    assert depot.etat == EtatDepot.ECHEC and "erreur de l'application" in depot.resultat
    assert bytes(depot.contenu) == contenu  # kept for another try
    client.force_login(gestionnaire)
    page = client.get(f"/positionnements/cal/depots/{depot.pk}/").content.decode()
    assert "Relancer la vérification" in page
    monkeypatch.undo()
    lance = []
    monkeypatch.setattr(travaux, "lancer_verification", lance.append)
    client.post(f"/positionnements/cal/depots/{depot.pk}/relancer/")
    assert DepotDecisionsCAL.objects.get(pk=depot.pk).etat == EtatDepot.RECU  # transaction.on_commit: see below
    depot = services_cal.depot_verifier(depot_id=depot.pk)
    assert depot.etat == EtatDepot.REJETE  # read this time: its demands are unknown in this database
    # another organisation's user neither sees nor relaunches it
    autre = agent(referentiel["prefecture-06"], Role.RESERVATAIRE)
    client.force_login(autre)
    assert client.post(f"/positionnements/cal/depots/{depot.pk}/relancer/").status_code == 404


# ---------------------------------------------------------------------------------------------------- limits


def test_trop_gros_trop_de_lignes_refuse_avant_de_lire(client, referentiel):
    with pytest.raises(ErreurMetier, match="la limite est de 20 Mo"):
        lire_tableau("gros.csv", b"x" * (limites.TAILLE_MAX + 1), colonnes=lecture.COLONNES)
    lignes = "numero;type;date\r\n" + "006102600000106004;positionné;25/11/2026\r\n" * (limites.LIGNES_MAX + 1)
    with pytest.raises(ErreurMetier, match="la limite est de 50 000"):
        lire_tableau("long.csv", lignes.encode(), colonnes=croisements.COLONNES)
    client.force_login(agent(referentiel["erilia"], Role.GESTIONNAIRE_BAILLEUR))
    gros = SimpleUploadedFile("gros.csv", b"x" * (limites.TAILLE_MAX + 1))
    page = client.post("/parc/import/", {"fichier": gros}).content.decode()
    assert "la limite est de 20 Mo" in page and not ImportParc.objects.exists()


def test_un_rapport_garde_les_200_premieres_erreurs_et_le_total_et_se_pagine(client, referentiel):
    gestionnaire = agent(referentiel["erilia"], Role.GESTIONNAIRE_BAILLEUR)
    ligne = "RES-1;Les Oliviers;12 avenue des Pins;06004;non;A{};T0;50;1;oui;non;PLUS;500;80;\r\n"
    contenu = ";".join(c.nom for c in parc_lecture.COLONNES) + "\r\n" + "".join(ligne.format(i) for i in range(1000))
    imp = parc_services.import_verifier(
        par=gestionnaire, bailleur=referentiel["erilia"], nom="p.csv", contenu=contenu.encode()
    )
    assert imp.nombre_erreurs == 1000 and len(imp.erreurs) == 200 and imp.erreurs[0][0] == 2
    client.force_login(gestionnaire)
    page = client.get(f"/parc/import/{imp.pk}/?erreurs=4").content.decode()
    assert f"Les 200 premières erreurs sur {nombre(1000)}" in page
    assert "<td>152</td>" in page  # the 4th page of 50: lines 152 to 201


# ---------------------------------------------------------------------------------------------------- Hypothesis

OCTETS = st.one_of(
    st.binary(max_size=2000),
    st.builds(
        lambda t, e: t.encode(e, "replace"),
        st.text(max_size=400),
        st.sampled_from(["utf-8", "cp1252", "utf-16", "mac_roman"]),
    ),
    st.builds(
        lambda prefixe, b: prefixe + b,
        st.sampled_from([ZIP, OLE, b"\xef\xbb\xbf", b"\xff\xfe"]),
        st.binary(max_size=500),
    ),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(contenu=OCTETS, nom=st.sampled_from(["f.csv", "f.xlsx", "f.xls", "f.ods", "f.txt", "f"]))
def test_des_octets_au_hasard_donnent_des_lignes_ou_une_erreur_en_francais(contenu, nom):
    for colonnes in COLONNES.values():
        try:
            tableau = lire_tableau(nom, contenu, colonnes=colonnes)
        except ErreurMetier as err:
            assert err.message and err.message[0].isupper()
        else:
            assert all("_ligne" in li for li in tableau.lignes)


CELLULES = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(min_value=-(10**18), max_value=10**18),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    entete=st.lists(
        st.sampled_from([c.nom for c in lecture.COLONNES] + ["N° demande", "Décision", "", "x"]), max_size=14
    ),
    lignes=st.lists(st.lists(CELLULES, max_size=14), max_size=8),
)
def test_des_classeurs_au_hasard_donnent_des_lignes_ou_une_erreur_en_francais(entete, lignes):
    import re

    classeur = openpyxl.Workbook()
    feuille = classeur.active
    propre = lambda v: re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", v) if isinstance(v, str) else v  # noqa: E731
    for ligne in [entete, *lignes]:
        feuille.append([propre(v) for v in ligne])
    sortie = io.BytesIO()
    classeur.save(sortie)
    try:
        tableau = lire_tableau("c.xlsx", sortie.getvalue(), colonnes=lecture.COLONNES)
    except ErreurMetier as err:
        assert err.message
        return
    for brut in tableau.lignes:  # and every cell goes through the row check without another exception
        _, erreurs = lecture.lire_ligne(lecture.normaliser_colonnes([brut])[0], jour=JOUR)
        assert all(isinstance(e, str) for e in erreurs)


@settings(max_examples=300, deadline=None)
@given(valeur=st.one_of(CELLULES, st.datetimes(), st.text(alphabet="0123456789 ,.-/:T\u202f\u00a0eE+", max_size=25)))
def test_chaque_lecteur_de_valeur_rend_une_valeur_ou_une_raison(valeur):
    for lecteur in (valeurs.date, valeurs.montant, valeurs.entier, valeurs.etage, valeurs.identifiant):
        try:
            lecteur(valeur)
        except valeurs.ValeurIllisible as err:
            assert err.message


# ---------------------------------------------------------------------------------------------------- values seen wrong


def test_ce_que_les_essais_ont_montre_est_lu_ou_refuse_avec_sa_raison():
    with pytest.raises(valeurs.ValeurIllisible, match=r"« 1\.250 » est ambigu \(1 250 ou 1,25 \?\)"):
        valeurs.montant("1.250", nom="loyer :")
    assert valeurs.montant("1.250,00") == 1250 and valeurs.montant("12.5") == valeurs.montant("12,5")
    with pytest.raises(valeurs.ValeurIllisible, match=r"« 46339 » est un nombre de jours de tableur \(le 13/11/2026"):
        valeurs.date("46339")
    assert valeurs.date("30.11.26") == valeurs.date("30-11-26") == dt.date(2026, 11, 30)
    assert "enlevé ses zéros de tête" in valeurs.demande_inconnue("6022600833506018")
    assert valeurs.demande_inconnue("ABC") == "la demande ABC est inconnue"
    _, erreurs = lecture.lire_ligne(
        {"numero_demande": "006102600000106004", "residence": "R", "logement": "L", "date_cal": "12/11/2026"},
        jour=JOUR,
    )
    assert "décision manquante (une cellule vide, ou une formule sans valeur calculée)" in erreurs
    (_, type_, _, _), _ = croisements.lire_ligne(
        {"numero": "1", "type": "positionné(e)", "date": "1/11/2026"}, jour=JOUR
    )
    assert type_ == "POSITIONNE"


def test_un_parc_aux_valeurs_invraisemblables_et_aux_libelles_traduits(referentiel):
    entete = ";".join(c.nom for c in parc_lecture.COLONNES)
    lignes = [
        "R1;Les Pins;1 rue;06004;non;A1;T3 bis;64;1;non;non;HLM/O;1,25;85;",
        "R1;Les Pins;1 rue;06004;non;A2;T3;1012,5;1;non;non;PLUS;500;85;",
        "R1;Les Pins;1 rue;06004;non;A3;T3 bis;64;1;non;non;HLM/O;500;85;",
    ]
    rapport = parc_verification.valider(
        lire_tableau("p.csv", "\r\n".join([entete, *lignes]).encode(), colonnes=parc_lecture.COLONNES).lignes,
        bailleur=None,
    )
    erreurs = dict(rapport.erreurs)
    assert "loyer : 1,25 € par mois est invraisemblable (attendu entre 20 et 5" in erreurs[2]
    assert "surface : 1" in erreurs[3] and "m² est invraisemblable" in erreurs[3]
    assert [n for _, n in rapport.notes] == [
        "financement « HLM/O » lu comme PLUS (2 lignes)",
        "typologie « T3 bis » lu comme T3 (2 lignes)",
    ]


def test_le_rapport_d_une_liste_refusee_se_pagine(client, referentiel):
    client.force_login(agent(referentiel["prefecture-06"], Role.RESERVATAIRE))
    contenu = "numero;type;date\r\n" + "".join(f"00610260000{i:07d};réservé;20/11/2026\r\n" for i in range(1000))
    reponse = client.post(
        "/positionnements/croisements/",
        {"reservataire": referentiel["prefecture-06"].pk, "fichier": SimpleUploadedFile("l.csv", contenu.encode())},
    )
    assert reponse.status_code == 302 and reponse["Location"].endswith("?rapport=1#rapport-liste")
    page = html.unescape(client.get("/positionnements/croisements/?rapport=1&erreurs=3").content.decode())
    assert f"Les 200 premières erreurs sur {nombre(1000)}" in page
    assert "<td>102</td>" in page and "<td>101</td>" not in page  # the 3rd page of 50: lines 102 to 151
    assert (
        "?rapport=1&amp;erreurs=4" in client.get("/positionnements/croisements/?rapport=1&erreurs=3").content.decode()
    )
    assert not ListeReservataire.objects.exists()
