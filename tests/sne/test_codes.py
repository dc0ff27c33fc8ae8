"""The SNE's code lists (libsne's Constantes.py, restated in sne/interface/codes.py) and our enumerations
(demandes/codes.py): every code the SNE sends has its place here, and the lists that share their codes with ours
still do."""

from demandes.codes import (
    LogementActuel,
    MotifDemande,
    MotifRadiation,
    Nationalite,
    SituationFamiliale,
    StatutDalo,
    TypeRessource,
    Typologie,
)
from sne.interface import codes


def test_nos_enumerations_portent_les_codes_du_sne():
    listes = codes.LISTES_SNE
    assert set(listes["ListeTypeLogement"]) == set(Typologie.values) == set(codes.TYPE_LOGEMENT)
    assert set(listes["ListeRessourceRecue"]) == set(TypeRessource.values) == set(codes.RESSOURCE_RECUE)
    assert set(listes["ListeModeleLogement"]) == set(LogementActuel.values) == set(codes.MODELE_LOGEMENT)
    assert set(listes["ListeMotifDemande"]) == set(MotifDemande.values) == set(codes.MOTIF_DEMANDE)
    assert set(listes["ListeMotifsRadiation"]) == set(MotifRadiation.values) == set(codes.MOTIF_RADIATION)
    assert set(listes["ListeStatutDalo"]) == set(StatutDalo.values) == set(codes.STATUT_DALO)


def test_les_listes_traduites_couvrent_nos_choix():
    listes = codes.LISTES_SNE
    assert set(codes.SITUATION_FAMILIALE) == set(listes["ListeSituationFamiliale"])
    assert set(codes.SITUATION_FAMILIALE.values()) == set(SituationFamiliale.values)
    assert set(codes.NATIONALITE) == set(listes["ListeNationalite"])
    assert set(codes.NATIONALITE.values()) == set(Nationalite.values)
    assert codes.RESSOURCE_VERSEE == {"PAV": "PAV"} and "PAV" not in codes.RESSOURCE_RECUE
