"""Eligibility rules of demandes.eligibilite against /work/shared/domain/REGLES.md (§2, §3, §4, §5).

Pure unit tests: no database. The figures below are copied from REGLES independently of the module's constants, so
that a typo in either shows up.
"""

import ast
import datetime as dt
import json
import re
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from demandes import eligibilite
from demandes.eligibilite import (
    BAREMES_REGLES,
    SEUILS_Q1_CASA,
    SEUILS_Q2_CASA,
    SEUILS_Q3_CASA,
    BaremePlafonds,
    Personne,
    SourceRevenu,
    age_au,
    categorie_menage,
    eligibilite_financements,
    evaluer,
    plafond,
    premier_quartile,
    ressources_par_uc,
    revenu_retenu,
    unites_consommation,
)

NBSP = "\u00a0"
JOUR = dt.date(2026, 3, 15)


def ne_il_y_a(ans: int, jour: dt.date = JOUR) -> dt.date:
    """Birth date of a person who turns `ans` years old exactly on `jour`."""
    return jour.replace(year=jour.year - ans)


def demandeur(ans=40, handicap=False):
    return Personne(ne_il_y_a(ans), "DEMANDEUR", a_charge=False, handicap=handicap)


def co_demandeur(ans=40, handicap=False):
    return Personne(ne_il_y_a(ans), "CO_DEMANDEUR", a_charge=False, handicap=handicap)


def enfant(ans=8, handicap=False):
    return Personne(ne_il_y_a(ans), "ENFANT", a_charge=True, handicap=handicap)


def adulte(ans=30, a_charge=False):
    return Personne(ne_il_y_a(ans), "AUTRE", a_charge=a_charge, handicap=False)


def enfant_attendu():
    return Personne(dt.date(2026, 7, 1), "ENFANT", a_charge=True, handicap=False, enfant_a_naitre=True)


def euros(texte: str) -> str:
    """'45 374 €' written with ordinary spaces -> no-break spaces between thousands and before € and %."""
    texte = re.sub(r"(?<=\d) (?=\d{3}(?:\D|$))", NBSP, texte)
    return texte.replace(" €", f"{NBSP}€").replace(" %", f"{NBSP}%")


# REGLES §4, zone "autres régions": category 1..6 then "+ per person".
PLAFONDS_REGLES = {
    (2024, "PLUS"): (22642, 30238, 36362, 43899, 51641, 58200, 6492),
    (2025, "PLUS"): (23201, 30984, 37259, 44982, 52915, 59636, 6652),
    (2026, "PLUS"): (23403, 31254, 37584, 45374, 53376, 60156, 6710),
    (2024, "PLS"): (29435, 39309, 47271, 57069, 67133, 75660, 8440),
    (2025, "PLS"): (30161, 40279, 48437, 58477, 68790, 77527, 8648),
    (2026, "PLS"): (30424, 40630, 48859, 58986, 69389, 78203, 8723),
    (2024, "PLAI"): (12452, 18143, 21818, 24276, 28403, 32008, 3569),
    (2025, "PLAI"): (12760, 18591, 22357, 24876, 29105, 32799, 3657),
    (2026, "PLAI"): (12871, 18753, 22552, 25092, 29358, 33084, 3689),
}
CAS_PLAFONDS = [
    pytest.param(annee, financement, categorie, montants[categorie - 1], id=f"{financement}-{annee}-cat{categorie}")
    for (annee, financement), montants in PLAFONDS_REGLES.items()
    for categorie in range(1, 7)
]


# ---------------------------------------------------------------------------------------------------------------------
# Age
# ---------------------------------------------------------------------------------------------------------------------


def test_l_age_change_le_jour_de_l_anniversaire_et_pas_la_veille():
    assert age_au(dt.date(2012, 3, 15), dt.date(2026, 3, 15)) == 14
    assert age_au(dt.date(2012, 3, 15), dt.date(2026, 3, 14)) == 13


def test_une_personne_nee_un_29_fevrier_prend_un_an_le_1er_mars_les_annees_non_bissextiles():
    assert age_au(dt.date(2000, 2, 29), dt.date(2026, 2, 28)) == 25
    assert age_au(dt.date(2000, 2, 29), dt.date(2026, 3, 1)) == 26


def test_une_date_de_naissance_posterieure_au_jour_de_calcul_est_refusee():
    with pytest.raises(ValueError, match="postérieure"):
        age_au(dt.date(2026, 5, 1), JOUR)
    with pytest.raises(ValueError, match="postérieure"):
        categorie_menage([demandeur(), Personne(dt.date(2026, 5, 1), "ENFANT", True, False)], couple=False, jour=JOUR)


# ---------------------------------------------------------------------------------------------------------------------
# Household category (REGLES §3)
# ---------------------------------------------------------------------------------------------------------------------


def test_une_personne_seule_est_en_categorie_1():
    resultat = categorie_menage([demandeur()], couple=False, jour=JOUR)
    assert (resultat.categorie, resultat.nombre_personnes, resultat.personnes_supplementaires) == (1, 1, 0)
    assert resultat.explication == "1 personne seule : catégorie 1"


def test_couple_sans_enfant_de_60_ans_chacun_est_en_categorie_2():
    resultat = categorie_menage([demandeur(60), co_demandeur(60)], couple=True, jour=JOUR)
    assert resultat.categorie == 2
    assert "pas un jeune ménage" in resultat.explication


def test_jeune_menage_sans_enfant_dont_les_ages_font_55_ans_est_en_categorie_3():
    resultat = categorie_menage([demandeur(28), co_demandeur(27)], couple=True, jour=JOUR)
    assert resultat.categorie == 3
    assert resultat.definition == "JEUNE_MENAGE"
    assert resultat.explication == "jeune ménage sans personne à charge (âges cumulés : 55 ans ≤ 55 ans) : catégorie 3"


def test_jeune_menage_a_56_ans_reste_en_categorie_2():
    resultat = categorie_menage([demandeur(28), co_demandeur(28)], couple=True, jour=JOUR)
    assert resultat.categorie == 2
    assert resultat.definition == "PERSONNES"


def test_jeune_menage_se_juge_sur_les_ages_au_jour_de_la_decision():
    personnes = [demandeur(28), co_demandeur(27)]
    assert categorie_menage(personnes, couple=True, jour=JOUR).categorie == 3
    # One day later nothing changes; on the next birthday the ages add up to 56.
    assert categorie_menage(personnes, couple=True, jour=JOUR + dt.timedelta(days=1)).categorie == 3
    assert categorie_menage(personnes, couple=True, jour=JOUR.replace(year=2027)).categorie == 2


def test_deux_jeunes_colocataires_qui_ne_sont_pas_en_couple_restent_en_categorie_2():
    resultat = categorie_menage([demandeur(22), co_demandeur(21)], couple=False, jour=JOUR)
    assert resultat.categorie == 2


def test_trois_adultes_sans_personne_a_charge_sont_en_categorie_3():
    resultat = categorie_menage([demandeur(45), co_demandeur(45), adulte(20)], couple=True, jour=JOUR)
    assert resultat.categorie == 3
    assert resultat.explication == "3 personnes : catégorie 3"


def test_parent_seul_avec_un_enfant_est_en_categorie_3():
    resultat = categorie_menage([demandeur(35), enfant(6)], couple=False, jour=JOUR)
    assert resultat.categorie == 3
    assert resultat.definition == "PERSONNE_SEULE_A_CHARGE"
    assert resultat.explication == "une personne seule avec une personne à charge : catégorie 3"


def test_parent_seul_avec_deux_enfants_est_en_categorie_4():
    resultat = categorie_menage([demandeur(35), enfant(6), enfant(10)], couple=False, jour=JOUR)
    assert resultat.categorie == 4
    assert resultat.explication == "une personne seule avec 2 personnes à charge : catégorie 4"


def test_parent_seul_avec_un_adulte_non_a_charge_et_un_enfant_compte_les_personnes():
    # Not "one person alone with dependants": another non-dependent adult lives there -> three persons.
    resultat = categorie_menage([demandeur(50), adulte(23), enfant(12)], couple=False, jour=JOUR)
    assert resultat.categorie == 3
    assert resultat.definition == "PERSONNES"


def test_menage_de_4_personnes_est_en_categorie_4():
    resultat = categorie_menage([demandeur(), co_demandeur(), enfant(15), enfant(8)], couple=True, jour=JOUR)
    assert resultat.categorie == 4
    assert resultat.explication == "4 personnes : catégorie 4"


def test_une_personne_seule_handicapee_est_en_categorie_2():
    resultat = categorie_menage([demandeur(handicap=True)], couple=False, jour=JOUR)
    assert resultat.categorie == 2
    assert resultat.explication == "1 personne seule en situation de handicap : catégorie 2"


def test_deux_personnes_dont_une_handicapee_sont_en_categorie_3():
    resultat = categorie_menage([demandeur(60), co_demandeur(62, handicap=True)], couple=True, jour=JOUR)
    assert resultat.categorie == 3
    assert resultat.explication == "2 personnes dont une en situation de handicap : catégorie 3"


def test_personne_a_charge_handicapee_fait_monter_un_couple_avec_un_enfant_en_categorie_4():
    resultat = categorie_menage([demandeur(), co_demandeur(), enfant(10, handicap=True)], couple=True, jour=JOUR)
    assert resultat.categorie == 4
    assert resultat.definition == "HANDICAP"


def test_personne_a_charge_handicapee_d_un_parent_seul_ne_cumule_pas_les_deux_definitions():
    # "one person with two dependants" -> 4 and "three persons of whom one disabled" -> 4: the highest, not a sum.
    resultat = categorie_menage([demandeur(), enfant(10, handicap=True), enfant(5)], couple=False, jour=JOUR)
    assert resultat.categorie == 4


def test_cinq_personnes_dont_une_handicapee_sont_en_categorie_6():
    personnes = [demandeur(), co_demandeur(handicap=True), enfant(3), enfant(5), enfant(9)]
    resultat = categorie_menage(personnes, couple=True, jour=JOUR)
    assert (resultat.categorie, resultat.personnes_supplementaires) == (6, 0)


def test_menage_de_7_personnes_est_en_categorie_6_avec_une_personne_supplementaire():
    personnes = [demandeur(), co_demandeur()] + [enfant(a) for a in (2, 4, 6, 8, 10)]
    resultat = categorie_menage(personnes, couple=True, jour=JOUR)
    assert (resultat.categorie, resultat.nombre_personnes, resultat.personnes_supplementaires) == (6, 7, 1)
    assert resultat.explication == "7 personnes : catégorie 6 et 1 personne supplémentaire"


def test_menage_de_8_personnes_ajoute_deux_fois_le_montant_par_personne():
    personnes = [demandeur(), co_demandeur()] + [enfant(a) for a in (1, 3, 5, 7, 9, 11)]
    resultat = categorie_menage(personnes, couple=True, jour=JOUR)
    assert (resultat.categorie, resultat.personnes_supplementaires) == (6, 2)
    bareme = BAREMES_REGLES[2026]["PLUS"]
    assert plafond(bareme, resultat.categorie, resultat.personnes_supplementaires) == 60156 + 2 * 6710 == 73576


def test_enfant_attendu_compte_comme_personne_a_charge_pour_la_categorie():
    resultat = categorie_menage([demandeur(30), enfant_attendu()], couple=False, jour=JOUR)
    assert resultat.nombre_personnes == 2
    assert resultat.categorie == 3
    assert (
        resultat.explication == "une personne seule avec une personne à charge (dont un enfant à naître) : catégorie 3"
    )


def test_enfant_attendu_d_un_couple_avec_un_enfant_donne_4_personnes_et_la_categorie_4():
    personnes = [demandeur(), co_demandeur(), enfant(4), enfant_attendu()]
    resultat = categorie_menage(personnes, couple=True, jour=JOUR)
    assert (resultat.nombre_personnes, resultat.categorie) == (4, 4)
    assert resultat.explication == "4 personnes (dont un enfant à naître) : catégorie 4"


def test_enfant_attendu_empeche_un_jeune_couple_d_etre_un_jeune_menage_sans_personne_a_charge():
    # Three persons anyway: category 3, by size, not as a jeune ménage.
    resultat = categorie_menage([demandeur(25), co_demandeur(25), enfant_attendu()], couple=True, jour=JOUR)
    assert (resultat.categorie, resultat.definition) == (3, "PERSONNES")


def test_enfant_attendu_n_est_pas_compte_dans_les_unites_de_consommation():
    assert unites_consommation([demandeur(), co_demandeur(), enfant_attendu()], jour=JOUR) == Decimal("1.5")


def test_menage_sans_demandeur_est_refuse():
    with pytest.raises(ValueError, match="exactement un demandeur"):
        categorie_menage([co_demandeur(), enfant()], couple=False, jour=JOUR)


def test_menage_avec_deux_demandeurs_est_refuse():
    with pytest.raises(ValueError, match="il en compte 2"):
        categorie_menage([demandeur(), demandeur()], couple=False, jour=JOUR)


def test_couple_sans_co_demandeur_est_refuse():
    with pytest.raises(ValueError, match="co-demandeur"):
        categorie_menage([demandeur(), adulte()], couple=True, jour=JOUR)


def test_menage_vide_est_refuse():
    with pytest.raises(ValueError, match="vide"):
        categorie_menage([], couple=False, jour=JOUR)


# ---------------------------------------------------------------------------------------------------------------------
# Consumption units and resources per UC (REGLES §5)
# ---------------------------------------------------------------------------------------------------------------------


def test_couple_avec_enfants_de_15_et_8_ans_compte_2_3_unites_de_consommation():
    uc = unites_consommation([demandeur(), co_demandeur(), enfant(15), enfant(8)], jour=JOUR)
    assert uc == Decimal("2.3")
    assert str(uc) == "2.3"


def test_personne_seule_compte_une_unite_de_consommation():
    assert unites_consommation([demandeur()], jour=JOUR) == Decimal("1.0")


def test_enfant_qui_a_14_ans_le_jour_meme_compte_0_5_et_la_veille_0_3():
    personnes = [demandeur(), Personne(dt.date(2012, 3, 15), "ENFANT", True, False)]
    assert unites_consommation(personnes, jour=dt.date(2026, 3, 15)) == Decimal("1.5")
    assert unites_consommation(personnes, jour=dt.date(2026, 3, 14)) == Decimal("1.3")


def test_unites_de_consommation_d_un_menage_vide_sont_refusees():
    with pytest.raises(ValueError, match="ménage vide"):
        unites_consommation([], jour=JOUR)


def test_2_300_euros_par_mois_pour_2_3_unites_font_12_000_euros_par_unite():
    assert ressources_par_uc(Decimal("2300"), Decimal("2.3")) == Decimal("12000.00")


def test_ressources_par_unite_sont_arrondies_au_centime_le_plus_proche_demi_vers_le_haut():
    # 0,03 × 12 ÷ 1,6 = 0,225 -> 0,23 (a banker's rounding would give 0,22).
    assert ressources_par_uc(Decimal("0.03"), Decimal("1.6")) == Decimal("0.23")
    assert ressources_par_uc(Decimal("100"), Decimal("2.3")) == Decimal("521.74")


def test_ressources_mensuelles_negatives_sont_refusees():
    with pytest.raises(ValueError, match="négatives"):
        ressources_par_uc(Decimal("-1"), Decimal("1"))


# ---------------------------------------------------------------------------------------------------------------------
# First quartile (REGLES §5)
# ---------------------------------------------------------------------------------------------------------------------


def test_exemple_regles_couple_avec_enfants_de_15_et_8_ans_a_2_300_euros_est_au_premier_quartile_2026_au_seuil_exact():
    resultat = evaluer(
        personnes=[demandeur(), co_demandeur(), enfant(15), enfant(8)],
        couple=True,
        jour=JOUR,
        revenu_fiscal_reference=27600,
        ressources_mensuelles=Decimal("2300"),
        baremes=BAREMES_REGLES[2026],
        seuil_q1=Decimal(SEUILS_Q1_CASA[2026]),
        annee_regles=2026,
    )
    assert resultat.unites_consommation == Decimal("2.3")
    assert resultat.ressources_par_uc == Decimal("12000.00") == Decimal(SEUILS_Q1_CASA[2026])
    assert resultat.premier_quartile is True
    assert euros("12 000,00 € ≤ 12 000 € (seuil Q1 2026) : ménage du premier quartile") in " ".join(
        resultat.explications
    )


def test_menage_un_centime_au_dessus_du_seuil_n_est_pas_au_premier_quartile():
    assert premier_quartile(Decimal("12000.00"), Decimal("12000")) is True
    assert premier_quartile(Decimal("12000.01"), Decimal("12000")) is False


def test_menage_a_2_300_01_euros_par_mois_passe_au_dessus_du_seuil_2026():
    resultat = evaluer(
        personnes=[demandeur(), co_demandeur(), enfant(15), enfant(8)],
        couple=True,
        jour=JOUR,
        revenu_fiscal_reference=27600,
        ressources_mensuelles=Decimal("2300.01"),
        baremes=BAREMES_REGLES[2026],
        seuil_q1=SEUILS_Q1_CASA[2026],
        annee_regles=2026,
    )
    assert resultat.ressources_par_uc == Decimal("12000.05")
    assert resultat.premier_quartile is False
    assert "hors premier quartile" in resultat.explications[-1]


@pytest.mark.parametrize(
    ("annee", "q1", "q2", "q3"),
    [(2024, 11520, 15756, 20628), (2025, 11724, 16177, 21143), (2026, 12000, 16404, 21536)],
)
def test_seuils_de_quartiles_de_la_casa_sont_ceux_de_regles(annee, q1, q2, q3):
    assert (SEUILS_Q1_CASA[annee], SEUILS_Q2_CASA[annee], SEUILS_Q3_CASA[annee]) == (q1, q2, q3)


# ---------------------------------------------------------------------------------------------------------------------
# Income retained (REGLES §2)
# ---------------------------------------------------------------------------------------------------------------------


def test_sans_revenu_recent_le_revenu_fiscal_n_2_est_retenu():
    resultat = revenu_retenu(30000, None, justifie=False)
    assert (resultat.montant, resultat.source) == (30000, SourceRevenu.RFR_N2)


def test_revenu_recent_inferieur_de_10_pourcent_et_justifie_est_retenu():
    resultat = revenu_retenu(30000, 27000, justifie=True)
    assert (resultat.montant, resultat.source) == (27000, SourceRevenu.REVENU_RECENT)
    assert resultat.explication.startswith(euros("Revenu récent retenu : 27 000 €, inférieur de 10,00 %"))


def test_revenu_recent_inferieur_de_10_pourcent_sans_justificatif_laisse_le_revenu_fiscal_n_2():
    resultat = revenu_retenu(30000, 27000, justifie=False)
    assert (resultat.montant, resultat.source) == (30000, SourceRevenu.RFR_N2)
    assert "déclaration sur l'honneur ne suffit pas" in resultat.explication


def test_revenu_recent_inferieur_de_9_99_pourcent_meme_justifie_laisse_le_revenu_fiscal_n_2():
    resultat = revenu_retenu(100000, 90010, justifie=True)
    assert (resultat.montant, resultat.source) == (100000, SourceRevenu.RFR_N2)
    assert euros("9,99 %") in resultat.explication


def test_baisse_de_9_995_pourcent_ne_s_affiche_pas_comme_10_pourcent():
    resultat = revenu_retenu(100000, 90005, justifie=True)
    assert resultat.source == SourceRevenu.RFR_N2
    assert euros("9,99 %") in resultat.explication


def test_revenu_recent_superieur_laisse_le_revenu_fiscal_n_2():
    resultat = revenu_retenu(20000, 25000, justifie=True)
    assert (resultat.montant, resultat.source) == (20000, SourceRevenu.RFR_N2)


def test_revenu_negatif_est_refuse():
    with pytest.raises(ValueError, match="négatif"):
        revenu_retenu(-1, None, justifie=False)
    with pytest.raises(ValueError, match="négatif"):
        revenu_retenu(1000, -5, justifie=True)
    with pytest.raises(ValueError, match="négatif"):
        eligibilite_financements(-1, BAREMES_REGLES[2026], 1)


# ---------------------------------------------------------------------------------------------------------------------
# Ceilings (REGLES §4)
# ---------------------------------------------------------------------------------------------------------------------


def test_menage_de_4_personnes_a_21_000_euros_est_eligible_plus_en_2026():
    categorie = categorie_menage([demandeur(), co_demandeur(), enfant(15), enfant(8)], couple=True, jour=JOUR)
    resultats = eligibilite_financements(21000, BAREMES_REGLES[2026], categorie.categorie, 0)
    assert resultats["PLUS"].eligible is True
    assert resultats["PLUS"].plafond == 45374
    assert euros("21 000 € ≤ 45 374 € (PLUS 2026, catégorie 4)") in resultats["PLUS"].explication
    assert resultats["PLAI"].eligible is True
    assert resultats["PLS"].eligible is True


def test_menage_de_4_personnes_a_30_000_euros_est_eligible_plus_mais_pas_plai_en_2026():
    resultats = eligibilite_financements(30000, BAREMES_REGLES[2026], 4, 0)
    assert {f: r.eligible for f, r in resultats.items()} == {"PLAI": False, "PLUS": True, "PLS": True}
    assert resultats["PLAI"].explication == euros("30 000 € > 25 092 € (PLAI 2026, catégorie 4) : non éligible")


def test_revenu_exactement_au_plafond_est_eligible():
    resultats = eligibilite_financements(45374, BAREMES_REGLES[2026], 4, 0)
    assert resultats["PLUS"].eligible is True


def test_un_euro_au_dessus_du_plafond_n_est_pas_eligible():
    resultats = eligibilite_financements(45375, BAREMES_REGLES[2026], 4, 0)
    assert resultats["PLUS"].eligible is False


def test_menage_de_8_personnes_est_juge_sur_la_categorie_6_plus_deux_personnes():
    resultats = eligibilite_financements(73576, BAREMES_REGLES[2026], 6, 2)
    assert resultats["PLUS"].eligible is True
    assert euros("73 576 € ≤ 73 576 € (PLUS 2026, catégorie 6 + 2 personnes supplémentaires)") in (
        resultats["PLUS"].explication
    )
    assert eligibilite_financements(73577, BAREMES_REGLES[2026], 6, 2)["PLUS"].eligible is False


@pytest.mark.parametrize(("annee", "financement", "categorie", "montant"), CAS_PLAFONDS)
def test_plafond_de_chaque_categorie_est_celui_de_regles(annee, financement, categorie, montant):
    assert plafond(BAREMES_REGLES[annee][financement], categorie, 0) == montant


@pytest.mark.parametrize(("annee", "financement"), list(PLAFONDS_REGLES))
def test_montant_par_personne_supplementaire_est_celui_de_regles(annee, financement):
    bareme = BAREMES_REGLES[annee][financement]
    montants = PLAFONDS_REGLES[(annee, financement)]
    assert bareme.par_personne_supplementaire == montants[6]
    assert plafond(bareme, 6, 1) == montants[5] + montants[6]


@pytest.mark.parametrize("annee", [2024, 2025, 2026])
def test_plafonds_pls_sont_les_plafonds_plus_multiplies_par_1_30_et_arrondis(annee):
    plus = PLAFONDS_REGLES[(annee, "PLUS")]
    pls = PLAFONDS_REGLES[(annee, "PLS")]
    assert [round(Decimal(m) * Decimal("1.3")) for m in plus] == list(pls)


def test_baremes_de_regles_couvrent_2024_a_2026_et_disent_leur_statut():
    assert set(BAREMES_REGLES) == {2024, 2025, 2026}
    for annee, par_financement in BAREMES_REGLES.items():
        assert set(par_financement) == {"PLAI", "PLUS", "PLS"}
        assert all(b.annee == annee for b in par_financement.values())
    assert BAREMES_REGLES[2026]["PLUS"].statut == "officiel"
    assert "à vérifier" in BAREMES_REGLES[2026]["PLAI"].statut


def test_categorie_hors_de_1_a_6_ou_personnes_supplementaires_hors_categorie_6_sont_refusees():
    bareme = BAREMES_REGLES[2026]["PLUS"]
    with pytest.raises(ValueError, match="Catégorie"):
        plafond(bareme, 7, 0)
    with pytest.raises(ValueError, match="catégorie 6"):
        plafond(bareme, 5, 1)


def test_bareme_incomplet_est_refuse():
    with pytest.raises(ValueError, match="6 montants"):
        BaremePlafonds("PLUS", 2026, (1, 2, 3), 4)
    with pytest.raises(ValueError, match="inconnu"):
        BaremePlafonds("PLI", 2026, (1, 2, 3, 4, 5, 6), 1)


def test_evaluer_refuse_un_bareme_d_une_autre_annee():
    with pytest.raises(ValueError, match="2025"):
        evaluer(
            personnes=[demandeur()],
            couple=False,
            jour=JOUR,
            revenu_fiscal_reference=10000,
            ressources_mensuelles=Decimal("900"),
            baremes=BAREMES_REGLES[2025],
            seuil_q1=SEUILS_Q1_CASA[2026],
            annee_regles=2026,
        )


# ---------------------------------------------------------------------------------------------------------------------
# Everything together
# ---------------------------------------------------------------------------------------------------------------------


def evaluation_famille_de_8():
    personnes = [demandeur(), co_demandeur(), enfant(15, handicap=True), enfant_attendu()] + [
        enfant(a) for a in (1, 3, 6, 10)
    ]
    return evaluer(
        personnes=personnes,
        couple=True,
        jour=JOUR,
        revenu_fiscal_reference=40000,
        ressources_mensuelles=Decimal("3500.50"),
        baremes=BAREMES_REGLES[2026],
        seuil_q1=SEUILS_Q1_CASA[2026],
        annee_regles=2026,
    )


def test_evaluation_d_une_famille_de_8_personnes_avec_un_enfant_attendu():
    resultat = evaluation_famille_de_8()
    assert (resultat.nombre_personnes, resultat.categorie_menage, resultat.personnes_supplementaires) == (8, 6, 2)
    # 1 + 0,5 (co-applicant) + 0,5 (15 years) + 4 × 0,3; the expected child is not counted.
    assert resultat.unites_consommation == Decimal("3.2")
    assert resultat.ressources_par_uc == Decimal("13126.88")
    assert resultat.premier_quartile is False
    assert resultat.plafonds["PLAI"].plafond == 33084 + 2 * 3689
    assert [r.eligible for r in resultat.plafonds.values()] == [True, True, True]
    assert any("l'enfant à naître n'est pas compté" in e for e in resultat.explications)


def test_as_dict_donne_des_valeurs_json():
    donnees = evaluation_famille_de_8().as_dict()
    assert json.loads(json.dumps(donnees)) == donnees
    assert donnees["plafonds"]["PLUS"] == {"plafond": 73576, "eligible": True}
    assert set(donnees["plafonds"]) == {"PLAI", "PLUS", "PLS"}
    assert donnees["unites_consommation"] == 3.2
    assert donnees["ressources_par_uc"] == 13126.88
    assert isinstance(donnees["ressources_mensuelles"], float)
    assert isinstance(donnees["revenu_fiscal_reference"], int)
    assert donnees["revenu_fiscal_reference"] == 40000
    assert donnees["seuil_premier_quartile"] == 12000
    assert donnees["premier_quartile"] is False
    assert isinstance(donnees["explications"], list)


def test_explications_sont_en_francais_avec_des_espaces_insecables():
    explications = evaluation_famille_de_8().explications
    assert explications[0] == "Ménage de 8 personnes au 15/03/2026."
    assert (
        "Catégorie de ménage : 8 personnes (dont un enfant à naître), dont une en situation de handicap"
        in (explications[1])
    )
    assert euros("Ressources par unité de consommation : 3 500,50 € × 12 ÷ 3,2 = 13 126,88 €") in " ".join(explications)
    assert all(" €" not in e for e in explications)  # no ordinary space before €


def test_resultats_sont_immuables():
    resultat = categorie_menage([demandeur()], couple=False, jour=JOUR)
    with pytest.raises(AttributeError):
        resultat.categorie = 2


def test_le_module_n_importe_que_la_bibliotheque_standard():
    """Every module of the package demandes.eligibilite: the standard library, or a sibling module of the package."""
    fichiers = sorted(Path(eligibilite.__file__).parent.rglob("*.py"))
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
