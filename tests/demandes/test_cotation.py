"""Cotation of demandes.cotation against /work/shared/domain/REGLES.md (§6, §9) and the default grid CASA-2026-1.

Pure unit tests: no database. The expected points below are written out independently of the module's grid, so that
a change of weight shows up here.
"""

import ast
import dataclasses
import datetime as dt
import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from demandes import cotation
from demandes.codes import CodePriorite, LogementActuel, MotifDemande
from demandes.cotation import (
    CONDITIONS,
    GRILLE_CASA_DEFAUT,
    PRIORITES_LEGALES,
    CritereGrille,
    Grille,
    LigneCotation,
    SituationCotation,
    calculer,
    grille_depuis_dict,
    grille_en_vigueur,
    grille_vers_dict,
    mois_ecoules,
)

NBSP = "\u00a0"
MOINS = "\u2212"

L441_1 = [code for code in PRIORITES_LEGALES if code != "DALO"]


def score(**faits) -> int:
    return calculer(GRILLE_CASA_DEFAUT, SituationCotation(**faits)).score


def codes_du_detail(**faits) -> list[str]:
    return [ligne.code for ligne in calculer(GRILLE_CASA_DEFAUT, SituationCotation(**faits)).detail]


def grille_avec(*criteres: CritereGrille, version: str = "TEST-1", debut=dt.date(2026, 1, 1)) -> Grille:
    """The legal priorities of the default grid (a grid must score them), then `criteres`."""
    priorites = tuple(c for c in GRILLE_CASA_DEFAUT.criteres if c.code in PRIORITES_LEGALES)
    return Grille(version=version, date_debut=debut, criteres=priorites + criteres)


# ------------------------------------------------------------------------------------------------ legal priorities


def test_un_menage_dalo_sans_logement_depasse_un_menage_avec_cinq_ans_d_anciennete():
    dalo_a_la_rue = score(priorites={"DALO", "SANS_LOGEMENT"}, logement_actuel="SD")
    ancien = score(mois_anciennete=60, logement_actuel="LP", famille_monoparentale=True)
    assert dalo_a_la_rue == 300 + 150 + 80
    assert ancien == 60 + 30
    assert dalo_a_la_rue > ancien


def test_le_dalo_pese_plus_que_chaque_public_prioritaire_de_l_article_l441_1():
    dalo = GRILLE_CASA_DEFAUT.critere("DALO").points
    assert dalo == 300
    assert all(GRILLE_CASA_DEFAUT.critere(code).points < dalo for code in L441_1)


@pytest.mark.parametrize("code", L441_1)
def test_chaque_public_prioritaire_vaut_plus_que_l_anciennete_maximale(code):
    points = score(priorites={code})
    assert 100 <= points <= 150
    assert points > score(mois_anciennete=240)


@pytest.mark.parametrize("code", ["VIOLENCES_COUPLE", "JEUNE_SORTANT_ASE", "SANS_LOGEMENT"])
def test_violences_ase_et_sans_logement_sont_les_publics_prioritaires_les_plus_cotes(code):
    assert score(priorites={code}) == max(score(priorites={autre}) for autre in L441_1) == 150


def test_le_dalo_seul_depasse_un_menage_heberge_monoparental_ancien_a_fort_taux_d_effort():
    cumul = score(
        logement_actuel="CP",
        famille_monoparentale=True,
        mois_anciennete=72,
        taux_effort=Decimal("0.55"),
    )
    assert cumul == 50 + 30 + 60 + 30
    assert score(priorites={"DALO"}) > cumul


# ------------------------------------------------------------------------------------------------ seniority, malus


def test_l_anciennete_est_plafonnee_a_60_points():
    resultat = calculer(GRILLE_CASA_DEFAUT, SituationCotation(mois_anciennete=75))
    assert resultat.score == 60
    (ligne,) = resultat.detail
    assert (ligne.code, ligne.unites, ligne.points, ligne.plafonnee) == ("ANCIENNETE", 75, 60, True)
    assert ligne.explication() == "Ancienneté : 75 mois × 1 = 75, plafonné à +60"


def test_l_anciennete_compte_un_point_par_mois_sous_le_plafond():
    resultat = calculer(GRILLE_CASA_DEFAUT, SituationCotation(mois_anciennete=27))
    assert resultat.score == 27
    assert resultat.detail[0].explication() == "Ancienneté : 27 mois × 1 = +27 (plafond 60)"
    assert score(mois_anciennete=60) == 60
    assert codes_du_detail(mois_anciennete=0) == []


def test_deux_refus_d_offre_adaptee_retirent_60_points():
    avant = score(priorites={"DALO"}, mois_anciennete=12)
    apres = score(priorites={"DALO"}, mois_anciennete=12, refus_offre_adaptee=2)
    assert avant - apres == 60


def test_le_malus_de_refus_est_plafonne_a_moins_90():
    resultat = calculer(GRILLE_CASA_DEFAUT, SituationCotation(priorites={"DALO"}, refus_offre_adaptee=5))
    assert resultat.score == 300 - 90
    ligne = resultat.detail[-1]
    assert (ligne.code, ligne.unites, ligne.points) == ("REFUS_OFFRE_ADAPTEE", 5, -90)
    assert ligne.explication() == f"Refus d'une offre adaptée : 5 × {MOINS}30 = {MOINS}150, plafonné à {MOINS}90"


def test_la_cotation_n_est_jamais_negative():
    resultat = calculer(GRILLE_CASA_DEFAUT, SituationCotation(mois_anciennete=10, refus_offre_adaptee=2))
    assert resultat.total_brut == 10 - 60
    assert resultat.score == 0
    assert resultat.explication()[-1] == (
        f"Total : 0 point (grille CASA-2026-1) : la somme de {MOINS}50 points est ramenée à 0, "
        "la cotation n'est jamais négative"
    )


# ------------------------------------------------------------------------------------------------ explanation


def test_le_detail_explique_chaque_point():
    resultat = calculer(
        GRILLE_CASA_DEFAUT,
        SituationCotation(
            priorites={"DALO"},
            logement_actuel="CPE",
            mois_anciennete=27,
            refus_offre_adaptee=1,
            criteres_locaux={"LOGEMENT_D_ABORD"},
        ),
    )
    assert resultat.score == sum(ligne.points for ligne in resultat.detail) == 300 + 50 + 27 + 50 - 30
    assert resultat.explication() == [
        "Reconnu prioritaire DALO : +300",
        "Hébergé (chez un tiers, en structure ou à titre gratuit) : +50",
        "Ancienneté : 27 mois × 1 = +27 (plafond 60)",
        "Priorité « Logement d'abord » : +50",
        f"Refus d'une offre adaptée : 1 × {MOINS}30 = {MOINS}30 (plafond {MOINS}90)",
        "Total : 397 points (grille CASA-2026-1)",
    ]


def test_le_detail_suit_l_ordre_de_la_grille():
    ordre = [c.code for c in GRILLE_CASA_DEFAUT.criteres]
    detail = codes_du_detail(
        priorites=set(PRIORITES_LEGALES),
        logement_actuel="SD",
        motifs={"02", "03", "05", "06", "19"},
        mois_anciennete=3,
        famille_monoparentale=True,
        enfant_attendu=True,
        handicap_dans_menage=True,
        taux_effort=Decimal("0.5"),
        suroccupation=True,
        mutation=True,
        refus_offre_adaptee=1,
        criteres_locaux={"CATASTROPHE_NATURELLE", "LOGEMENT_D_ABORD"},
    )
    assert detail == [code for code in ordre if code != "HEBERGE"]


def test_un_total_au_dessus_de_mille_s_ecrit_avec_une_espace_insecable():
    resultat = calculer(GRILLE_CASA_DEFAUT, SituationCotation(priorites=set(PRIORITES_LEGALES)))
    assert resultat.score == 300 + 150 * 7 + 130 * 4 + 120 * 2 + 110 + 100
    assert resultat.explication()[-1] == f"Total : 2{NBSP}320 points (grille CASA-2026-1)"


def test_un_menage_sans_aucun_critere_a_zero_point():
    resultat = calculer(GRILLE_CASA_DEFAUT, SituationCotation(logement_actuel="LP"))
    assert (resultat.score, resultat.detail) == (0, ())
    assert resultat.explication() == [
        "Aucun critère de la grille ne s'applique.",
        "Total : 0 point (grille CASA-2026-1)",
    ]


def test_le_resultat_se_stocke_en_json():
    resultat = calculer(GRILLE_CASA_DEFAUT, SituationCotation(priorites={"DALO"}, mois_anciennete=80))
    donnees = json.loads(json.dumps(resultat.as_dict()))
    assert donnees["score"] == 360
    assert donnees["grille_version"] == "CASA-2026-1"
    assert donnees["detail"][1] == {
        "code": "ANCIENNETE",
        "libelle": "Ancienneté",
        "famille": "ANCIENNETE",
        "unites": 80,
        "points_unitaires": 1,
        "plafond": 60,
        "points": 60,
        "explication": "Ancienneté : 80 mois × 1 = 80, plafonné à +60",
    }


# ------------------------------------------------------------------------------------------------ situation criteria


@pytest.mark.parametrize("logement", ["SD", "SQUAT", "CAMCAR", "HOT"])
def test_sans_logement_actuel_couvre_la_rue_le_squat_le_camping_et_l_hotel(logement):
    assert codes_du_detail(logement_actuel=logement) == ["SANS_LOGEMENT_ACTUEL"]
    assert score(logement_actuel=logement) == 80


@pytest.mark.parametrize("logement", ["CP", "CPE", "SH", "RS", "SLHT", "CDEFCM", "RHVS", "LTG"])
def test_heberge_couvre_les_tiers_la_famille_et_les_structures(logement):
    assert codes_du_detail(logement_actuel=logement) == ["HEBERGE"]
    assert score(logement_actuel=logement) == 50


@pytest.mark.parametrize("logement", ["HLM", "LP", "RE", "FONC", "POCC", ""])
def test_un_locataire_ou_proprietaire_n_a_pas_de_point_de_logement(logement):
    assert score(logement_actuel=logement) == 0


@pytest.mark.parametrize(
    ("motif", "code", "points"),
    [
        ("05", "EXPULSION", 70),
        ("03", "LOGEMENT_INDECENT", 60),
        ("02", "DEMOLITION", 50),
        ("06", "VIOLENCES_FAMILIALES", 60),
        ("18", "RAPPROCHEMENT_TRAVAIL", 20),
        ("19", "RAPPROCHEMENT_TRAVAIL", 20),
    ],
)
def test_les_motifs_de_la_demande_qui_comptent(motif, code, points):
    assert codes_du_detail(motifs={motif}) == [code]
    assert score(motifs={motif}) == points


def test_mutation_professionnelle_et_rapprochement_du_travail_ne_comptent_qu_une_fois():
    assert score(motifs={"18", "19"}) == 20


@pytest.mark.parametrize("motif", sorted(set(MotifDemande.values) - {"02", "03", "05", "06", "18", "19"}))
def test_les_autres_motifs_ne_rapportent_pas_de_point(motif):
    assert score(motifs={motif}) == 0


@pytest.mark.parametrize(
    ("taux", "points"),
    [(None, 0), (Decimal("0.39"), 0), (Decimal("0.3999"), 0), (Decimal("0.40"), 30), (Decimal("0.42"), 30)],
)
def test_le_taux_d_effort_compte_a_partir_de_40_pourcent(taux, points):
    assert score(taux_effort=taux) == points


def test_famille_monoparentale_naissance_attendue_et_handicap_se_cumulent():
    assert score(famille_monoparentale=True) == 30
    assert score(enfant_attendu=True) == 10
    assert score(handicap_dans_menage=True) == 30
    assert score(famille_monoparentale=True, enfant_attendu=True, handicap_dans_menage=True) == 70


def test_suroccupation_et_public_prioritaire_enfant_en_logement_suroccupe_se_cumulent():
    assert score(suroccupation=True) == 40
    assert score(suroccupation=True, priorites={"ENFANT_SUROCCUPE_INDECENT"}) == 40 + 130


def test_les_criteres_locaux_de_casa_sont_cotes():
    assert score(criteres_locaux={"CATASTROPHE_NATURELLE"}) == 50
    assert score(criteres_locaux={"LOGEMENT_D_ABORD"}) == 50
    assert score(criteres_locaux={"CATASTROPHE_NATURELLE", "LOGEMENT_D_ABORD"}) == 100


def test_une_mutation_est_reconnue_sans_point_dans_la_grille_par_defaut():
    resultat = calculer(GRILLE_CASA_DEFAUT, SituationCotation(mutation=True, logement_actuel="HLM"))
    assert resultat.score == 0
    assert resultat.explication()[0] == "Déjà locataire du parc social (mutation) : 0"


# ------------------------------------------------------------------------------------------------ grid validation


def test_une_grille_avec_un_code_inconnu_est_refusee():
    with pytest.raises(ValueError, match="critère inconnu : PISCINE"):
        grille_avec(CritereGrille("PISCINE", "A une piscine", "LOCAL", 10))


def test_une_grille_avec_deux_fois_le_meme_code_est_refusee():
    with pytest.raises(ValueError, match="plusieurs fois le critère HEBERGE"):
        grille_avec(
            CritereGrille("HEBERGE", "Hébergé", "LOGEMENT", 50),
            CritereGrille("HEBERGE", "Hébergé chez un tiers", "LOGEMENT", 40),
        )


def test_une_grille_qui_oublie_un_public_prioritaire_est_refusee():
    criteres = tuple(c for c in GRILLE_CASA_DEFAUT.criteres if c.code != "JEUNE_SORTANT_ASE")
    with pytest.raises(ValueError, match="il manque : JEUNE_SORTANT_ASE"):
        Grille("TEST-1", dt.date(2026, 1, 1), criteres)


def test_une_grille_qui_ne_donne_aucun_point_au_dalo_est_refusee():
    criteres = tuple(dataclasses.replace(c, points=0) if c.code == "DALO" else c for c in GRILLE_CASA_DEFAUT.criteres)
    with pytest.raises(ValueError, match="doivent rapporter des points : DALO"):
        Grille("TEST-1", dt.date(2026, 1, 1), criteres)


@pytest.mark.parametrize(
    ("champs", "message"),
    [
        ({"points": 1, "plafond": -60, "par_unite": True}, "même signe"),
        ({"points": -30, "plafond": 90, "par_unite": True}, "même signe"),
        ({"points": 50, "plafond": 100}, "ne compte pas de points par unité"),
        ({"points": "50"}, "nombre entier"),
        ({"points": True}, "nombre entier"),
        ({"points": 10, "libelle": " "}, "libellé"),
    ],
)
def test_un_critere_mal_forme_est_refuse(champs, message):
    valeurs = {"code": "ANCIENNETE", "libelle": "Ancienneté", "famille": "ANCIENNETE"} | champs
    with pytest.raises(ValueError, match=message):
        CritereGrille(**valeurs)


def test_une_grille_maison_pondere_autrement():
    grille = grille_avec(
        CritereGrille("ANCIENNETE", "Ancienneté", "ANCIENNETE", 2, plafond=48, par_unite=True, unite="mois"),
        CritereGrille("MUTATION", "Mutation", "LOGEMENT", 15),
    )
    situation = SituationCotation(mois_anciennete=30, mutation=True, famille_monoparentale=True)
    resultat = calculer(grille, situation)
    assert resultat.score == 48 + 15  # no FAMILLE_MONOPARENTALE in this grid
    assert resultat.grille_version == "TEST-1"


def test_la_grille_en_vigueur_est_la_derniere_commencee():
    ancienne = grille_avec(version="CASA-2025-1", debut=dt.date(2025, 1, 1))
    nouvelle = GRILLE_CASA_DEFAUT
    assert grille_en_vigueur([nouvelle, ancienne], dt.date(2025, 12, 31)) is ancienne
    assert grille_en_vigueur([nouvelle, ancienne], dt.date(2026, 1, 1)) is nouvelle
    with pytest.raises(ValueError, match="Aucune grille de cotation n'est en vigueur le 31/12/2024"):
        grille_en_vigueur([nouvelle, ancienne], dt.date(2024, 12, 31))


# ------------------------------------------------------------------------------------------------ JSON round-trip


def test_l_aller_retour_json_redonne_la_meme_grille():
    texte = json.dumps(grille_vers_dict(GRILLE_CASA_DEFAUT), ensure_ascii=False)
    relue = grille_depuis_dict(json.loads(texte))
    assert relue == GRILLE_CASA_DEFAUT
    assert grille_vers_dict(relue) == grille_vers_dict(GRILLE_CASA_DEFAUT)
    situation = SituationCotation(priorites={"DALO"}, mois_anciennete=70, refus_offre_adaptee=1)
    assert calculer(relue, situation) == calculer(GRILLE_CASA_DEFAUT, situation)


def test_une_grille_json_peut_omettre_plafond_par_unite_et_unite():
    donnees = grille_vers_dict(GRILLE_CASA_DEFAUT)
    donnees["criteres"] = [
        {k: v for k, v in c.items() if k in {"code", "libelle", "famille", "points"}} if c["plafond"] is None else c
        for c in donnees["criteres"]
    ]
    assert grille_depuis_dict(donnees) == GRILLE_CASA_DEFAUT


@pytest.mark.parametrize(
    ("modifier", "message"),
    [
        (lambda d: d.update(couleur="bleu"), "clé inconnue : couleur"),
        (lambda d: d.pop("version"), "il manque : version"),
        (lambda d: d.update(date_debut="01/01/2026"), "Date de début de grille invalide"),
        (lambda d: d["criteres"][0].update(point=300), "clé inconnue : point"),
        (lambda d: d["criteres"][0].pop("points"), "il manque : points"),
        (lambda d: d["criteres"].append({"code": "X", "libelle": "X", "famille": "LOCAL", "points": 1}), "inconnu : X"),
        (lambda d: d.update(criteres="DALO"), "doivent être une liste"),
    ],
)
def test_une_grille_json_mal_formee_est_refusee_avec_un_message_en_francais(modifier, message):
    donnees = grille_vers_dict(GRILLE_CASA_DEFAUT)
    modifier(donnees)
    with pytest.raises(ValueError, match=message):
        grille_depuis_dict(donnees)


# ------------------------------------------------------------------------------------------------ the facts


@pytest.mark.parametrize(
    ("faits", "message"),
    [
        ({"priorites": {"DALO", "VIP"}}, "Code de priorité inconnu : VIP"),
        ({"logement_actuel": "CHATEAU"}, "Code de logement actuel inconnu : CHATEAU"),
        ({"motifs": {"24"}}, "Motif de demande inconnu : 24"),
        ({"criteres_locaux": {"PISCINE"}}, "Critère local inconnu : PISCINE"),
        ({"priorites": "DALO"}, "pas une chaîne"),
        ({"mois_anciennete": -1}, "ne peut pas être négatif"),
        ({"refus_offre_adaptee": 1.5}, "nombre entier"),
        ({"taux_effort": Decimal("-0.1")}, "nombre positif"),
    ],
)
def test_une_situation_avec_une_donnee_invalide_est_refusee(faits, message):
    with pytest.raises(ValueError, match=message):
        SituationCotation(**faits)


def test_la_situation_accepte_les_listes_d_un_champ_tableau():
    situation = SituationCotation(priorites=["DALO"], motifs=["05"], taux_effort=0.45)
    assert situation.priorites == frozenset({"DALO"})
    assert situation.motifs == frozenset({"05"})
    assert situation.taux_effort == Decimal("0.45")
    assert calculer(GRILLE_CASA_DEFAUT, situation).score == 300 + 70 + 30


@pytest.mark.parametrize(
    ("depuis", "jour", "mois"),
    [
        (dt.date(2024, 1, 15), dt.date(2024, 2, 14), 0),
        (dt.date(2024, 1, 15), dt.date(2024, 2, 15), 1),
        (dt.date(2023, 10, 1), dt.date(2026, 1, 1), 27),
        (dt.date(2025, 1, 31), dt.date(2025, 2, 28), 1),
        (dt.date(2025, 1, 31), dt.date(2025, 2, 27), 0),
        (dt.date(2026, 3, 1), dt.date(2026, 2, 1), 0),
    ],
)
def test_l_anciennete_se_compte_en_mois_pleins(depuis, jour, mois):
    assert mois_ecoules(depuis, jour) == mois


# ------------------------------------------------------------------------------------------------ consistency


def test_les_codes_du_module_suivent_ceux_des_modeles():
    assert set(PRIORITES_LEGALES) == set(CodePriorite.values)
    assert set(LogementActuel.values) == cotation.LOGEMENTS_ACTUELS
    assert set(MotifDemande.values) == cotation.MOTIFS
    assert cotation.LOGEMENTS_SANS_LOGEMENT | cotation.LOGEMENTS_HEBERGE <= cotation.LOGEMENTS_ACTUELS


def test_la_grille_par_defaut_cote_chaque_condition_connue():
    assert [c.code for c in GRILLE_CASA_DEFAUT.criteres] != []
    assert {c.code for c in GRILLE_CASA_DEFAUT.criteres} == set(CONDITIONS)
    assert GRILLE_CASA_DEFAUT.version == "CASA-2026-1"
    assert GRILLE_CASA_DEFAUT.date_debut == dt.date(2026, 1, 1)


def test_les_objets_sont_immuables():
    with pytest.raises(dataclasses.FrozenInstanceError):
        GRILLE_CASA_DEFAUT.version = "X"
    with pytest.raises(dataclasses.FrozenInstanceError):
        SituationCotation().mois_anciennete = 3
    with pytest.raises(dataclasses.FrozenInstanceError):
        LigneCotation("DALO", "DALO", 1, 300).points = 0


def test_le_module_n_importe_que_la_bibliotheque_standard():
    """Every module of the package demandes.cotation: the standard library, or a sibling module of the package."""
    fichiers = sorted(Path(cotation.__file__).parent.rglob("*.py"))
    assert len(fichiers) > 1
    modules = set()
    for fichier in fichiers:
        for noeud in ast.walk(ast.parse(fichier.read_text(encoding="utf-8"))):
            if isinstance(noeud, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in noeud.names)
            elif isinstance(noeud, ast.ImportFrom) and noeud.level:
                assert noeud.level == 1, f"{fichier.name} importe hors du paquet : {'.' * noeud.level}{noeud.module}"
            elif isinstance(noeud, ast.ImportFrom):
                modules.add((noeud.module or "").split(".")[0])
    assert modules <= set(sys.stdlib_module_names) | {"__future__"}
    assert "django" not in modules
