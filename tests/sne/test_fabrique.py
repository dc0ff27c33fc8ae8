"""The departmental file of bench/fabrique_sne.py (the reading benchmark's material) is read whole by the reader:
valid and distinct numéros uniques, CASA's communes, the variety of a real file, the same bytes for the same seed."""

from collections import Counter

from bench.fabrique_sne import COMMUNES_CASA, fichier_departemental
from sne.interface import lire_fichier


def test_fichier_departemental_lu_en_entier():
    contenu = fichier_departemental(300, graine=7)
    assert contenu == fichier_departemental(300, graine=7) != fichier_departemental(300, graine=8)
    fichier = lire_fichier(contenu, nom="departemental.xml")
    assert fichier.refusees == [] and len(fichier.demandes) == 300
    assert len({d.nur for d in fichier.demandes}) == 300
    assert all(d.nur.startswith("006") and len(d.nur) == 18 for d in fichier.demandes)
    assert {c for d in fichier.demandes for c in d.communes} <= set(COMMUNES_CASA)
    liens = Counter(p.champs["lien"] for d in fichier.demandes for p in d.personnes)
    assert liens["DEMANDEUR"] == 300 and liens["CO_DEMANDEUR"] > 50 and liens["ENFANT"] > 100
    assert any(p.champs.get("enfant_a_naitre") for d in fichier.demandes for p in d.personnes)
    assert any(d.hors_menage for d in fichier.demandes)
    assert any(d.dalo for d in fichier.demandes) and any(d.date_renouvellement for d in fichier.demandes)
    assert len({c for d in fichier.demandes for p in d.personnes for c, _ in p.ressources}) == 14
    assert len({d.champs["logement_actuel"] for d in fichier.demandes}) > 8
