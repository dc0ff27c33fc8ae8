"""The reader of the SNE's demand file on the fixtures of tests/sne/fixtures/ (the interface's shape, docs/sne.md):
each gives the right FichierSNE or the right refusal, and the complete household is mapped field by field. Pure: no
database."""

import datetime as dt
from decimal import Decimal

import pytest

from demandes.codes import Lien, Nationalite, SituationFamiliale, TypeRessource
from sne.interface import DERADIATION, FichierSNERefuse, lire_fichier

D = Decimal


def test_menage_complet_entete_et_demande(xml_sne):
    fichier = lire_fichier(xml_sne("menage_complet"), nom="menage_complet.xml")
    assert fichier.nom == "menage_complet.xml"
    assert (fichier.entete.version, fichier.entete.type_fichier) == ("02.01", "MOD")
    assert fichier.entete.date_fichier == dt.date(2026, 11, 17)  # a date and time in the file: its day
    assert fichier.refusees == []
    [d] = fichier.demandes
    assert (d.position, d.nur, d.num_guichet) == (1, "0060325001234G0612", "G060012")
    assert d.date_creation == dt.date(2025, 3, 14)
    assert d.date_renouvellement == dt.date(2026, 3, 2)
    assert d.radiation is None
    assert d.dalo == ("ACTIF", dt.date(2025, 9, 30))
    assert d.communes == ["06004", "06152", "06155", "06018"]  # Antibes, Valbonne, Vallauris, Biot, in that order


def test_menage_complet_champs_de_la_demande(xml_sne):
    [d] = lire_fichier(xml_sne("menage_complet"), nom="m.xml").demandes
    assert d.champs == {
        # holders' N-2 tax incomes summed (REGLES §2): 22 800 + 11 200; N-1: 24 100 + 9 800
        "revenu_fiscal_reference": 34000,
        "annee_revenu_fiscal": 2024,
        "revenu_recent": 33900,
        "vit_en_couple": True,  # lienDemandeur M (conjoint)
        "toute_commune": False,
        "typologies": ["T3", "T4"],
        "loyer_max": D("750.00"),
        "logement_actuel": "LP",
        "mutation": False,
        "loyer_actuel": D("980.00"),
        "surface_actuelle": 48,
        "motifs": ["13", "09", "23"],
        "motif_precision": "Logement humide, moisissures dans la chambre des enfants",
        "perte_autonomie": True,
        "ascenseur_requis": True,  # capaciteMarche 2: one to three steps
        "accessibilite_pmr": False,  # a cane, no wheelchair
        "commune_actuelle": "06004",
        "employeur_nom": "Centre hospitalier d'Antibes",
        "employeur_siret": "26060001500014",
        "employeur_commune": "06004",
    }


def test_menage_complet_personnes_champ_par_champ(xml_sne):
    [d] = lire_fichier(xml_sne("menage_complet"), nom="m.xml").demandes
    demandeur, co, yanis, lina, fatima, adam, attendu = d.personnes
    assert demandeur.champs == {
        "lien": Lien.DEMANDEUR,
        "ordre": 0,
        "nom": "BENALI",
        "prenom": "Samira",
        "nom_naissance": "HADDAD",
        "date_naissance": dt.date(1986, 5, 21),
        "sexe": "F",  # civilite 2 (Madame)
        "nationalite": Nationalite.FRANCAISE,
        "situation_familiale": SituationFamiliale.MARIE,
        "handicap": False,
        "telephone": "0612345678",
        "courriel": "samira.benali@exemple.fr",
        "adresse": "12 chemin des Combes, 06600",
    }
    assert co.champs == {
        "lien": Lien.CO_DEMANDEUR,
        "ordre": 1,
        "nom": "BENALI",
        "prenom": "Karim",
        "date_naissance": dt.date(1983, 11, 2),
        "sexe": "M",
        "nationalite": Nationalite.HORS_UE,
        "situation_familiale": SituationFamiliale.MARIE,
        "handicap": True,
    }
    assert yanis.champs["lien"] == Lien.ENFANT and yanis.champs["a_charge"] and yanis.champs["ordre"] == 2
    assert lina.champs == {
        "lien": Lien.ENFANT,
        "a_charge": True,
        "ordre": 3,
        "nom": "BENALI",
        "prenom": "Lina",
        "date_naissance": dt.date(2015, 2, 3),
        "sexe": "F",
    }
    assert fatima.champs["lien"] == Lien.ASCENDANT  # lienParente P
    assert (fatima.champs["handicap"], fatima.champs["situation_familiale"]) == (True, SituationFamiliale.VEUF)
    # the child in garde alternée counts in the household (REGLES §2); the one in droit de visite does not
    assert adam.champs == {
        "lien": Lien.ENFANT,
        "a_charge": True,
        "ordre": 5,
        "nom": "BENALI",
        "prenom": "Adam",
        "date_naissance": dt.date(2012, 6, 30),
        "sexe": "M",
    }
    assert d.hors_menage == [{"prenom": "Nour", "date_naissance": dt.date(2017, 12, 1)}]
    assert attendu.champs == {
        "lien": Lien.ENFANT,
        "a_charge": True,
        "enfant_a_naitre": True,
        "date_naissance": dt.date(2027, 2, 15),  # the expected date, after the file's: allowed for a birth to come
        "ordre": 6,
    }


def test_menage_complet_chaque_code_de_ressource(xml_sne):
    [d] = lire_fichier(xml_sne("menage_complet"), nom="m.xml").demandes
    demandeur, co, yanis, lina, fatima, adam, attendu = d.personnes
    assert demandeur.ressources == [
        ("SAL", D("1850.50")),
        ("PAR", D("200.00")),
        ("AF", D("148.52")),
        ("AEEH", D("149.26")),
        ("AJPP", D("64.12")),
        ("PAJE", D("192.08")),
    ]
    assert co.ressources == [("CHO", D("980.40")), ("PINV", D("310.00")), ("AAH", D("120.00")), ("RSA", D("210.35"))]
    assert yanis.ressources == [("BE", D("450.00")), ("AUT", D("60.00"))]
    assert fatima.ressources == [("RET", D("612.40")), ("AMV", D("350.00"))]
    assert lina.ressources == adam.ressources == attendu.ressources == []
    # every code of ListeRessourceRecue is read; PAV (paid) is kept apart
    assert {c for p in d.personnes for c, _ in p.ressources} == set(TypeRessource.values)
    assert (demandeur.pensions_versees, co.pensions_versees, lina.pensions_versees) == (D("150.00"), D("80.00"), 0)


def test_menage_complet_elements_non_repris(xml_sne):
    [d] = lire_fichier(xml_sne("menage_complet"), nom="m.xml").demandes
    assert d.non_repris == [
        "handicap/etatHandicap",
        "personnePhysique/demandeur/adressePostale/etranger",
        "personnePhysique/demandeur/situationProfessionnelle/profession",
        "personnePhysique/demandeur/situationProfessionnelle/typeContratTravail",
        "personnePhysique/demandeur/situationProfessionnelle/etranger",
        "personnePhysique/demandeur/situationProfessionnelle/codePostal",
        "personnePhysique/listeCotitulaire/cotitulaire/situationProfessionnelle",
        "personnePhysique/logementActuel/nombreHabitant",
        "personnePhysique/logementActuel/categorieLogement",
        "personnePhysique/logementActuel/typeLogementActuel",
        "personnePhysique/logementActuel/proprietaire",
    ]
    # they stay in the raw document
    assert '<nuu:typeLogementActuel code="T2"/>' in d.brut and "Aide-soignante" in d.brut
    assert d.brut.startswith('<nuu:demandeLogement xmlns:nuu="http://nuu.application.i2/">')


def test_plusieurs_demandes(xml_sne):
    fichier = lire_fichier(xml_sne("plusieurs_demandes"), nom="p.xml")
    assert fichier.entete.type_fichier == "CRE" and fichier.refusees == []
    assert [(d.position, d.nur) for d in fichier.demandes] == [
        (1, "0061026000101G0007"),
        (2, "0060926000214G0031"),
        (3, "0060124000388G0102"),
        (4, "0061126000412G0044"),
    ]
    seul, couple, mutation, parent = fichier.demandes
    assert seul.communes == ["06004"] and len(seul.personnes) == 1 and seul.champs["vit_en_couple"] is False
    assert seul.champs["revenu_fiscal_reference"] == 7400 and seul.champs["revenu_recent"] is None
    assert couple.communes == ["06152", "06018"] and couple.champs["vit_en_couple"] is True  # lienDemandeur P
    assert couple.champs["revenu_fiscal_reference"] == 19800 + 21350
    assert [p.champs["lien"] for p in couple.personnes] == ["DEMANDEUR", "CO_DEMANDEUR", "ENFANT", "ENFANT"]
    assert mutation.champs["mutation"] is True and mutation.champs["logement_actuel"] == "HLM"
    assert mutation.champs["toute_commune"] is True and mutation.date_renouvellement == dt.date(2026, 1, 12)
    assert [p.champs["prenom"] for p in parent.personnes] == ["Hugo", "Mila"]  # garde alternée: in the household
    assert parent.hors_menage == [] and parent.champs["logement_actuel"] == "CPE"
    assert len({d.empreinte for d in fichier.demandes}) == 4


def test_radiations(xml_sne):
    fichier = lire_fichier(xml_sne("radiation"), nom="r.xml")
    assert fichier.entete.type_fichier == "RAD"
    assert [d.radiation for d in fichier.demandes] == [
        (dt.date(2026, 11, 10), "RADIRR", "IRRRES"),
        (dt.date(2026, 11, 14), "RADATT", ""),
    ]


def test_reactivation_est_une_deradiation(xml_sne):
    [d] = lire_fichier(xml_sne("reactivation"), nom="r.xml").demandes
    assert d.radiation == (dt.date(2026, 11, 16), DERADIATION, "") and DERADIATION == ""


def test_renouvellement(xml_sne):
    fichier = lire_fichier(xml_sne("renouvellement"), nom="r.xml")
    assert fichier.entete.type_fichier == "REN"
    [d] = fichier.demandes
    assert (d.date_creation, d.date_renouvellement, d.radiation) == (dt.date(2025, 11, 20), dt.date(2026, 11, 12), None)


def test_code_inconnu_refuse_la_seule_demande(xml_sne):
    fichier = lire_fichier(xml_sne("code_inconnu"), nom="c.xml")
    assert [d.nur for d in fichier.demandes] == ["0061126000412G0044"]
    [refusee] = fichier.refusees
    assert (refusee.position, refusee.nur) == (1, "0061026000101G0007")
    assert refusee.motifs == [
        "code inconnu : personnePhysique/demandeur/listeRessourceRecue/detailRessource[1]/ressource = « APL » (liste "
        "ListeRessourceRecue : SAL, RET, CHO, PAR, PINV, AF, AAH, AEEH, AJPP, RSA, AMV, PAJE, BE, AUT)"
    ]


def test_element_obligatoire_absent_refuse_la_seule_demande(xml_sne):
    fichier = lire_fichier(xml_sne("element_obligatoire_absent"), nom="e.xml")
    assert [d.nur for d in fichier.demandes] == ["0061026000101G0007"]
    [refusee] = fichier.refusees
    assert (refusee.position, refusee.nur) == (2, "0061126000412G0044")
    assert refusee.motifs == ["élément obligatoire absent : dateCreationDemande"]


@pytest.mark.parametrize(
    "nom, attendu",
    [
        ("malforme", "n'est pas un XML bien formé (ligne 54, colonne 10)"),
        ("mauvaise_version", "porte la version « 03.00 » de l'interface du SNE : seules les versions 02.00, 02.01"),
        ("bombe_entites", "expansion d'entités"),
        ("entite_externe", "entité externe"),
    ],
)
def test_fichiers_refuses_en_entier(xml_sne, nom, attendu):
    with pytest.raises(FichierSNERefuse) as refus:
        lire_fichier(xml_sne(nom), nom=f"{nom}.xml")
    assert attendu in str(refus.value) and f"« {nom}.xml »" in str(refus.value)


def test_l_entite_n_est_jamais_developpee(xml_sne):
    """The billion laughs is refused at its DOCTYPE, at once: nothing expanded, nothing read."""
    import time

    debut = time.perf_counter()
    with pytest.raises(FichierSNERefuse):
        lire_fichier(xml_sne("bombe_entites"), nom="b.xml")
    assert time.perf_counter() - debut < 1
