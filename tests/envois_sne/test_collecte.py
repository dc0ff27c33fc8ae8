"""The collector (envois_sne/collecte.py): each event produced once from the append-only logs, what an attribution
carries (R441-2-9 CCH), what waits and why."""

import datetime as dt
from collections import Counter

import pytest
from django.utils import timezone

from demandes import services as demandes_services
from demandes.models import Demande, TransitionDemande
from envois_sne import regles
from envois_sne.codes import EtatEvenementSNE, TypeEvenementSNE
from envois_sne.collecte import MARGE, collecter
from envois_sne.models import CurseurCollecte, EvenementSNE, TransitionEvenementSNE
from positionnements.etats import EtatPositionnement
from positionnements.models import TransitionPositionnement
from programmation.models import Logement
from territoire.roles import TypeOrganisation
from tests.envois_sne.fabriques import DEBUT, bail_signe, donner_nur
from tests.horloge import JOUR, figer
from tests.positionnements.fabriques_cal import BAIL_LE

T = TypeEvenementSNE


def test_chaque_evenement_est_produit_une_fois(retours):
    bail_signe(retours)
    assert collecter(depuis=DEBUT) == Counter(
        {T.ENREGISTREMENT: 5, T.POSITIONNEMENT: 4, T.DECISION_CAL: 4, T.ATTRIBUTION: 1}
    )
    # run again: from where it stopped, then from the start again: nothing new (a unique key on the source row)
    assert collecter() == Counter()
    assert collecter(depuis=DEBUT) == Counter()
    assert EvenementSNE.objects.count() == 14
    assert CurseurCollecte.objects.get().depuis >= DEBUT
    # every event is created « à envoyer », its first log line written
    assert set(EvenementSNE.objects.values_list("etat", flat=True)) == {EtatEvenementSNE.A_ENVOYER}
    assert TransitionEvenementSNE.objects.filter(de="", vers=EtatEvenementSNE.A_ENVOYER).count() == 14
    # the radiation for attribution is the attribution's event, not a radiation of its own
    assert not EvenementSNE.objects.filter(type=T.RADIATION).exists()


def test_le_premier_passage_part_de_son_propre_moment(retours):
    assert collecter() == Counter()  # the past of the logs was known to the SNE by the counters' own entries
    bail_signe(retours)
    assert collecter()[T.ATTRIBUTION] == 1


def test_la_marge_ne_remonte_jamais_avant_le_premier_depart(retours):
    bail_signe(retours)  # 14 facts recorded before the first run: the SNE knows them by the counters' own entries
    premier = timezone.now()
    assert collecter() == Counter()
    assert collecter() == Counter()  # a minute later: the margin does not reach back before the first start
    jour_2 = premier + dt.timedelta(days=1, hours=1)
    with figer(jour_2):  # the day-2 run of a go-live
        assert collecter() == Counter()
    assert not EvenementSNE.objects.exists()
    assert premier < CurseurCollecte.objects.get().depuis < jour_2 - MARGE + dt.timedelta(minutes=5)
    # the margin still does its work after the start: a row recorded before the day-2 run, committed after it
    TransitionPositionnement.objects.filter(vers=EtatPositionnement.BAIL_SIGNE).update(
        le=jour_2 - dt.timedelta(minutes=30)
    )
    with figer(jour_2 + dt.timedelta(days=1)):
        assert collecter() == Counter({T.ATTRIBUTION: 1})


def test_une_ligne_datee_apres_maintenant_attend_son_heure(retours):
    bail_signe(retours)
    futur = timezone.now() + dt.timedelta(hours=2)  # a log row written with a later date (the demo's history did)
    TransitionPositionnement.objects.filter(vers=EtatPositionnement.BAIL_SIGNE).update(le=futur)
    assert T.ATTRIBUTION not in collecter(depuis=DEBUT)
    assert collecter() == Counter()
    with figer(futur + dt.timedelta(minutes=1)):
        assert collecter() == Counter({T.ATTRIBUTION: 1})
        assert collecter() == Counter()


def test_une_attribution_porte_rpls_dalo_contingent_et_accord(retours):
    bail_signe(retours)
    Logement.objects.filter(numero="A11").update(identifiant_rpls="0600400011")
    numero = donner_nur(retours["demandes"]["dalo"], 1)
    collecter(depuis=DEBUT)
    e = EvenementSNE.objects.get(type=T.ATTRIBUTION)
    assert e.demande == retours["demandes"]["dalo"] and e.date_evenement == BAIL_LE
    assert e.attente == ""
    c = e.contenu
    assert (c["nur"], c["motif_radiation"], c["date_bail"]) == (numero, "RADATT", BAIL_LE.isoformat())
    assert c["identifiant_rpls"] == "0600400011"
    assert c["dalo"] == "OUI"  # frozen on the CAL decision at the lease
    assert c["type_reservataire"] == "AUCUN"  # the landlord's own stock: « hors contingent »
    assert c["accord_collectif"] == "NONDOC"  # not held by the application: « non renseigné »
    assert (c["logement"], c["residence"], c["commune"]) == ("A11", "R-06004", "06004")


def test_un_identifiant_rpls_manquant_et_un_nur_manquant_font_attendre(retours):
    bail_signe(retours)
    collecter(depuis=DEBUT)
    e = EvenementSNE.objects.get(type=T.ATTRIBUTION)
    assert "n'a pas encore de numéro unique du SNE" in e.attente
    assert "Le logement A11 (résidence R-06004, Erilia) n'a pas d'identifiant RPLS" in e.attente
    assert not e.pret
    # a registration needs no numéro unique: it is how the SNE gives one
    assert all(e.pret for e in EvenementSNE.objects.filter(type=T.ENREGISTREMENT))


def test_une_demande_deja_numerotee_par_le_sne_n_envoie_pas_son_enregistrement(monde):
    demande = monde["demandes"]["modeste"]
    donner_nur(demande, 7)
    collecter(depuis=DEBUT - dt.timedelta(days=1))
    assert not EvenementSNE.objects.filter(demande=demande, type=T.ENREGISTREMENT).exists()
    assert EvenementSNE.objects.filter(type=T.ENREGISTREMENT).count() == 4


@pytest.mark.jour_fige
def test_renouvellement_et_radiation_decides_ici_mais_pas_ce_que_le_sne_a_dit(monde):
    d = monde["demandes"]
    Demande.objects.filter(pk=d["modeste"].pk).update(date_echeance=JOUR + dt.timedelta(days=20))
    demandes_services.demande_renouveler(par=monde["guichet"], demande=d["modeste"])
    demandes_services.demande_radier(par=monde["guichet"], demande=d["moyenne"], motif="RADABA", commentaire="lettre")
    TransitionDemande.objects.create(  # a radiation the SNE's file brought: the SNE knows it
        demande=d["aisee"], de="ACTIVE", vers="RADIEE", motif="Renonciation du demandeur", par_le_sne=True
    )
    collecter(depuis=DEBUT)
    renouvellement = EvenementSNE.objects.get(type=T.RENOUVELLEMENT)
    assert renouvellement.demande == d["modeste"]
    assert renouvellement.contenu["date_renouvellement"] == JOUR.isoformat()
    assert renouvellement.contenu["date_echeance"] == (JOUR + dt.timedelta(days=20)).replace(year=2027).isoformat()
    radiation = EvenementSNE.objects.get(type=T.RADIATION)
    assert (radiation.demande, radiation.contenu["motif_radiation"]) == (d["moyenne"], "RADABA")
    assert radiation.contenu["date_radiation"] == JOUR.isoformat()


def test_le_contingent_d_une_attribution():
    def code(type_reservataire="", type_organisation=TypeOrganisation.COMMUNE, est_le_bailleur=False):
        return regles.type_reservataire(
            type_reservataire=type_reservataire, type_organisation=type_organisation, est_le_bailleur=est_le_bailleur
        )

    assert code(est_le_bailleur=True) == "AUCUN"
    assert code("PFONCT", TypeOrganisation.ETAT) == "PFONCT"  # the State's agents apart (R441-2-9)
    assert code("", TypeOrganisation.ETAT) is None  # PPRIOR or PFONCT: never guessed
    assert code() == "COLTER"
    assert code("", TypeOrganisation.ACTION_LOGEMENT) == "COLACT"
    assert code("", TypeOrganisation.ASSOCIATION) == "AUTRES"


def test_les_lignes_du_journal_qui_font_un_evenement():
    ligne = regles.type_de_ligne_demande
    assert ligne("BROUILLON", "ACTIVE", "Enregistrée", par_le_sne=False) == T.ENREGISTREMENT
    assert ligne("ACTIVE", "RADIEE", "Non-renouvellement — non renouvelée", par_le_sne=False) == T.RADIATION
    assert ligne("ACTIVE", "RADIEE", "Attribution d'un logement (bail signé) le 15/11/2026", par_le_sne=False) is None
    assert ligne("ACTIVE", "ACTIVE", "Renouvelée (reçu le 18/11/2026) : valable…", par_le_sne=False) == T.RENOUVELLEMENT
    assert ligne("RADIEE", "ACTIVE", "Réactivée par le renouvellement reçu le…", par_le_sne=False) == T.RENOUVELLEMENT
    assert ligne("RADIEE", "ACTIVE", "Réactivée : réponse reçue", par_le_sne=False) is None
    assert ligne("ACTIVE", "ACTIVE", "Décision de CAL…", par_le_sne=False) is None
    assert ligne("ACTIVE", "RADIEE", "Renonciation du demandeur", par_le_sne=True) is None
    assert regles.motif_de_radiation("Non-renouvellement — non renouvelée") == "RADREN"
    assert regles.dalo({}) == "NONDOC" and regles.dalo({"dalo": False}) == "NON"
