"""The candidate's answer without the landlord (positionnements/retours_cal/reponses.py, offres.py): an offer and its
last day to answer, the answer given in its space recorded as the landlord's would be (a deposit of source PORTAIL,
the same state machine, the cotation), a second answer refused, a ranked candidate's turn, silence past the delay
recorded by the daily task (source DELAI) and seen on the landlord's and CASA's pages, the landlord's own silence
checked against the ranked candidate's turn."""

import datetime as dt
import html

import pytest
from django.conf import settings
from django.urls import reverse

from commun.erreurs import ErreurMetier
from demandes.models import Demande, TransitionDemande
from positionnements.etats import EtatPositionnement as E
from positionnements.etats import MotifRefus, ReponseCandidat, SourceDepot
from positionnements.models import DecisionCAL, DepotDecisionsCAL, EtatDepot, Positionnement, TransitionPositionnement
from positionnements.retours_cal import offres, reponses
from positionnements.retours_cal.tasks import silences_apres_delai
from tests.positionnements.fabriques_cal import AUJOURDHUI, deposer, fichier_csv, j, ligne
from tests.positionnements.fabriques_offres import cal_tenue, dans, instantane, positionnement_offert

pytestmark = pytest.mark.jour_fige


def repondre(demande, reponse=ReponseCandidat.ACCEPTATION, **kw):
    p = Positionnement.objects.get(demande=demande, etat__in=offres.OFFERTS)
    return reponses.reponse_du_candidat(demande=demande, positionnement_id=p.pk, reponse=reponse, **kw)


def page(client, url) -> str:
    return html.unescape(client.get(url).content.decode()).replace("\u00a0", " ")


def test_les_offres_et_leur_dernier_jour(retours):
    d = retours["demandes"]
    cal = cal_tenue(retours, il_y_a=5)
    liste = offres.offres()
    # rank 2 waits for rank 1; the non-attribution is no offer
    assert {o.positionnement.demande_id for o in liste} == {d["dalo"].pk, d["aisee"].pk}
    o = offres.offre_de_la_demande(d["aisee"])
    assert (o.date, o.echeance, o.silence_le) == (cal, cal + dt.timedelta(days=10), cal + dt.timedelta(days=11))
    assert o.ouverte(cal + dt.timedelta(days=10)) and not o.ouverte(cal + dt.timedelta(days=11))
    assert offres.offre_de_la_demande(d["modeste"]) is None
    assert offres.offres_echues(AUJOURDHUI) == []


def test_l_acceptation_du_candidat_prend_le_chemin_du_bailleur(retours, client):
    r, d = retours, retours["demandes"]
    cal_tenue(r)
    depot = repondre(d["aisee"])
    assert (depot.source, depot.par, depot.etat, depot.lignes) == (SourceDepot.PORTAIL, None, EtatDepot.APPLIQUE, 1)
    p = Positionnement.objects.get(demande=d["aisee"])
    assert p.etat == E.ACCEPTE
    decision = DecisionCAL.objects.get(positionnement=p)
    assert (decision.reponse, decision.date_reponse, decision.depot_id) == ("ACCEPTATION", AUJOURDHUI, depot.pk)
    t = TransitionPositionnement.objects.get(positionnement=p, vers=E.ACCEPTE)
    assert (t.de, t.par, t.depot_id, t.date_effet) == (E.ATTRIBUE, None, depot.pk, AUJOURDHUI)
    assert t.auteur == "le candidat (espace du demandeur)"
    assert TransitionDemande.objects.filter(demande=d["aisee"], motif__startswith="Offre acceptée le").exists()
    assert depot.journal_etats.filter(vers=EtatDepot.APPLIQUE, par=None).exists()
    # at once on the landlord's CAL page, its deposits and the deposit's page, and on CASA's
    client.force_login(r["gestionnaire"])
    recues = page(client, reverse("positionnements:cal") + "?vue=recues")
    assert d["aisee"].numero in recues and "Acceptation le" in recues and "par le candidat, dans son espace" in recues
    depots = page(client, reverse("positionnements:cal") + "?vue=depots")
    assert "Réponse du candidat dans son espace" in depots and "le candidat (espace du demandeur)" in depots
    detail = page(client, reverse("positionnements:depot_cal", args=[depot.pk]))
    assert "par le candidat (espace du demandeur)" in detail and "Accepté par le candidat" in detail
    client.force_login(r["casa"])
    historique = page(client, reverse("positionnements:historique", args=[d["aisee"].pk]))
    assert "Accepté par le candidat, par le candidat (espace du demandeur)" in historique
    # the lease then comes from the landlord's file, as for an acceptance it recorded
    bail = ligne(d["aisee"], "A12", date_cal=decision.date_cal, reponse="acceptation")
    bail |= {"date_reponse": j(AUJOURDHUI), "date_bail": j(AUJOURDHUI)}
    assert deposer(r, fichier_csv([bail])).resume["par_etat"] == {"Bail signé": 1}


def test_une_seconde_reponse_est_refusee_sans_rien_ecrire(retours):
    d = retours["demandes"]
    cal_tenue(retours)
    p = positionnement_offert(d["aisee"])
    repondre(d["aisee"])
    avant = instantane()
    for reponse, motif in ((ReponseCandidat.ACCEPTATION, ""), (ReponseCandidat.REFUS, MotifRefus.LOCALISATION)):
        with pytest.raises(ErreurMetier, match=r"Votre réponse est déjà enregistrée \(acceptation le 18/11/2026\)"):
            reponses.reponse_du_candidat(demande=d["aisee"], positionnement_id=p.pk, reponse=reponse, motif_refus=motif)
    assert instantane() == avant
    assert DepotDecisionsCAL.objects.filter(source=SourceDepot.PORTAIL).count() == 1


def test_un_autre_demandeur_ne_repond_pas_a_sa_place(retours):
    d = retours["demandes"]
    cal_tenue(retours)
    p = positionnement_offert(d["aisee"])
    avant = instantane()
    with pytest.raises(ErreurMetier, match="n'est pas la vôtre"):
        reponses.reponse_du_candidat(demande=d["moyenne"], positionnement_id=p.pk, reponse=ReponseCandidat.ACCEPTATION)
    assert instantane() == avant


def test_un_refus_compte_dans_la_cotation_selon_son_motif(retours):
    d = retours["demandes"]
    cal_tenue(retours)
    repondre(d["aisee"], ReponseCandidat.REFUS, motif_refus=MotifRefus.LOCALISATION)
    repondre(d["dalo"], ReponseCandidat.REFUS, motif_refus=MotifRefus.ETAT_LOGEMENT)
    assert MotifRefus.ETAT_LOGEMENT in settings.CASA_REFUS_NON_DECOMPTES
    aisee, dalo = Demande.objects.get(pk=d["aisee"].pk), Demande.objects.get(pk=d["dalo"].pk)
    assert (aisee.refus_offre_adaptee, dalo.refus_offre_adaptee) == (1, 0)
    assert [c["code"] for c in aisee.detail_cotation["detail"]].count("REFUS_OFFRE_ADAPTEE") == 1
    assert Positionnement.objects.get(demande=d["aisee"]).etat == E.REFUS_CANDIDAT
    assert DecisionCAL.objects.get(positionnement__demande=d["dalo"]).motif_refus == MotifRefus.ETAT_LOGEMENT


def test_un_refus_autre_dit_sa_precision_et_le_silence_n_est_pas_un_motif_du_candidat(retours):
    d = retours["demandes"]
    cal_tenue(retours)
    avant = instantane()
    for motif, precision, message in (
        (MotifRefus.AUTRE, "  ", "Dites en quelques mots"),
        (MotifRefus.SANS_REPONSE, "", "Choisissez la raison de votre refus"),
        ("", "", "Choisissez la raison de votre refus"),
        (MotifRefus.AUTRE, "x" * 151, "150 caractères au plus"),
    ):
        with pytest.raises(ErreurMetier, match=message):
            repondre(d["aisee"], ReponseCandidat.REFUS, motif_refus=motif, precision=precision)
    assert instantane() == avant
    repondre(d["aisee"], ReponseCandidat.REFUS, motif_refus=MotifRefus.AUTRE, precision="Trop loin de  l'école")
    t = TransitionPositionnement.objects.get(positionnement__demande=d["aisee"], vers=E.REFUS_CANDIDAT)
    assert t.motif == "Offre refusée le 18/11/2026 : Autre — Trop loin de l'école"


@pytest.mark.parametrize(("il_y_a", "ouverte"), [(10, True), (11, False)], ids=["jour-10", "jour-11"])
def test_le_dernier_jour_pour_repondre_est_le_dixieme(retours, il_y_a, ouverte):
    d = retours["demandes"]
    cal = cal_tenue(retours, il_y_a=il_y_a)
    assert offres.offre_de_la_demande(d["aisee"]).echeance == cal + dt.timedelta(days=10)
    if ouverte:
        repondre(d["aisee"])
        assert Positionnement.objects.get(demande=d["aisee"]).etat == E.ACCEPTE
        assert reponses.silences_enregistrer() == []
        return
    avant = instantane()
    with pytest.raises(ErreurMetier, match=f"Le délai pour répondre a pris fin le {j(AUJOURDHUI - dt.timedelta(1))}"):
        repondre(d["aisee"])
    assert instantane() == avant


def test_le_silence_apres_le_delai_est_un_refus_enregistre_par_la_tache(retours, client):
    r, d = retours, retours["demandes"]
    cal_tenue(r, il_y_a=11)  # the last day to answer was yesterday
    assert silences_apres_delai() == "2 silences enregistrés, 1 dépôt"
    depot = DepotDecisionsCAL.objects.get(source=SourceDepot.DELAI)  # one deposit for Erilia's two offers
    erilia = r["a11"].logement.residence.bailleur_id
    assert (depot.par, depot.etat, depot.lignes, depot.bailleur_id) == (None, EtatDepot.APPLIQUE, 2, erilia)
    for cle in ("dalo", "aisee"):
        decision = DecisionCAL.objects.get(positionnement__demande=d[cle])
        assert (decision.reponse, decision.motif_refus, decision.date_reponse) == ("REFUS", "SANS_REPONSE", AUJOURDHUI)
        assert decision.positionnement.etat == E.REFUS_CANDIDAT
    assert Demande.objects.get(pk=d["aisee"].pk).refus_offre_adaptee == 1  # silence is a refusal that counts
    # idempotent: nothing more the same day, nor the next
    avant = instantane()
    assert reponses.silences_enregistrer() == []
    assert instantane() == avant
    # the landlord and CASA see it, with its source
    for qui in (r["gestionnaire"], r["casa"]):
        client.force_login(qui)
        recues = page(client, reverse("positionnements:cal") + "?vue=recues")
        assert "Sans réponse dans le délai (vaut refus)" in recues and "enregistré par la tâche du délai" in recues
        depots = page(client, reverse("positionnements:cal") + "?vue=depots")
        assert "tâche automatique (sans réponse dans le délai)" in depots
    # the rank-2 candidate's turn came the day rank 1's silence counted: its ten days count from then
    o = offres.offre_de_la_demande(d["modeste"])
    assert (o.date, o.echeance) == (AUJOURDHUI, AUJOURDHUI + dt.timedelta(days=10))


def test_le_tour_du_candidat_classe_vient_apres_le_refus_du_premier(retours, client):
    r, d = retours, retours["demandes"]
    cal_tenue(r, il_y_a=5)
    repondre(d["aisee"])  # A12's candidate answers: only A11's ranked candidates are left to follow
    with pytest.raises(ErreurMetier, match="d'abord proposé à un candidat mieux classé"):
        reponses.reponse_du_candidat(
            demande=d["modeste"],
            positionnement_id=Positionnement.objects.get(demande=d["modeste"]).pk,
            reponse=ReponseCandidat.ACCEPTATION,
        )
    client.force_login(r["gestionnaire"])
    attendues = page(client, reverse("positionnements:cal") + "?vue=reponses")
    assert d["dalo"].numero in attendues and d["modeste"].numero not in attendues
    with dans(3):
        client.force_login(r["gestionnaire"])
        repondre(d["dalo"], ReponseCandidat.REFUS, motif_refus=MotifRefus.TYPOLOGIE)
        tour = AUJOURDHUI + dt.timedelta(days=3)
        o = offres.offre_de_la_demande(d["modeste"])
        assert (o.date, o.echeance) == (tour, tour + dt.timedelta(days=10))  # not the CAL's day
        attendues = page(client, reverse("positionnements:cal") + "?vue=reponses")
        assert d["modeste"].numero in attendues and j(tour + dt.timedelta(days=10)) in attendues
    with dans(13):  # its tenth day: still open, the task leaves it
        assert reponses.silences_enregistrer() == []
    with dans(14):
        (depot,) = reponses.silences_enregistrer()
        decision = DecisionCAL.objects.get(positionnement__demande=d["modeste"])
        assert (decision.motif_refus, decision.date_reponse) == ("SANS_REPONSE", tour + dt.timedelta(days=11))
        assert depot.source == SourceDepot.DELAI


def test_le_silence_d_un_candidat_classe_dans_le_fichier_du_bailleur_compte_depuis_son_tour(retours):
    r, d = retours, retours["demandes"]
    cal = cal_tenue(r, il_y_a=25)
    refus_du_premier = cal + dt.timedelta(days=5)
    premier = ligne(d["dalo"], decision="attribution par classement", rang="1", date_cal=cal, reponse="refus")
    premier |= {"date_reponse": j(refus_du_premier), "motif_refus": "localisation"}

    def second(jours_apres_le_premier):
        li = ligne(d["modeste"], decision="attribution par classement", rang="2", date_cal=cal, reponse="refus")
        return li | {
            "date_reponse": j(refus_du_premier + dt.timedelta(days=jours_apres_le_premier)),
            "motif_refus": "sans réponse",
        }

    # alone, the rank 2's silence comes before its turn (rank 1 has not answered)
    assert deposer(r, fichier_csv([second(12)])).erreurs == [  # the file's row 2: its first under the header
        [
            2,
            "le candidat de rang 2 n'a pas encore reçu l'offre (un candidat classé avant lui ne l'a ni refusée ni "
            "perdue) : son silence ne vaut pas refus",
        ]
    ]
    # with rank 1's refusal: ten days from it, not from the CAL (which is 15 days before the silence)
    assert deposer(r, fichier_csv([premier, second(6)])).erreurs == [
        [
            3,
            f"le candidat de rang 2 a reçu l'offre le {j(refus_du_premier)} : son silence ne vaut refus qu'à partir "
            f"du {j(refus_du_premier + dt.timedelta(days=11))}",
        ]
    ]
    # the tenth day after the turn is still the candidate's to answer (as in the space): silence from the eleventh
    assert len(deposer(r, fichier_csv([premier, second(10)])).erreurs) == 1
    assert deposer(r, fichier_csv([premier, second(11)])).etat == EtatDepot.VERIFIE


def test_la_tache_est_programmee_chaque_jour():
    entree = settings.CELERY_BEAT_SCHEDULE["silences-apres-delai-de-reponse"]
    assert entree["task"] == "positionnements.retours_cal.tasks.silences_apres_delai" == silences_apres_delai.name
    assert entree["schedule"].hour == {6} and len(entree["schedule"].day_of_week) == 7


@pytest.mark.worker
def test_la_tache_tourne_sur_un_vrai_worker(retours, celery_worker_reel):
    d = retours["demandes"]
    cal_tenue(retours, il_y_a=12)
    assert silences_apres_delai.delay().get(timeout=60) == "2 silences enregistrés, 1 dépôt"
    decision = DecisionCAL.objects.get(positionnement__demande=d["aisee"])
    assert (decision.motif_refus, decision.date_reponse) == ("SANS_REPONSE", AUJOURDHUI - dt.timedelta(days=1))
