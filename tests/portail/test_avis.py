"""« Du nouveau sur votre demande » (portail/avis.py): an e-mail when the timeline has a new step, once per change,
at most once every 12 hours, with nothing personal but the first name."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from demandes import services
from portail import avis
from portail.models import AvisDemandeur

from .fabriques import demande_de_famille

pytestmark = pytest.mark.django_db


def test_un_enregistrement_est_annonce_une_fois_sans_donnee_personnelle(referentiel):
    demande, _ = demande_de_famille(referentiel)
    bilan = avis.avertir()
    assert (bilan.averties, bilan.courriels) == (1, 1)  # the co-applicant has no address: the applicant's, once
    (message,) = mail.outbox
    assert message.to == ["elodie.martin@exemple.fr"]
    assert message.subject == "Du nouveau sur votre demande de logement social"
    assert message.body.startswith("Bonjour Élodie,") and "/mon-logement/" in message.body
    for personnel in (demande.numero, "Martin", "Antibes", "1988"):
        assert personnel not in message.body + message.subject
    assert avis.avertir().courriels == 0  # nothing new
    assert len(mail.outbox) == 1


def test_une_nouvelle_etape_attend_la_fin_de_l_intervalle(referentiel):
    demande, guichet = demande_de_famille(referentiel)
    avis.avertir()
    services.demande_radier(par=guichet, demande=demande, motif="RADABA")
    assert avis.avertir().courriels == 0  # told less than 12 hours ago
    with time_machine.travel(timezone.now() + dt.timedelta(hours=13)):
        bilan = avis.avertir()
    assert bilan.courriels == 1 and len(mail.outbox) == 2
    assert AvisDemandeur.objects.get(demande=demande).etapes_annoncees >= 3


def test_une_demande_qui_n_a_pas_bouge_n_est_pas_examinee(referentiel):
    demande_de_famille(referentiel)
    with time_machine.travel(timezone.now() + dt.timedelta(days=3)):
        assert avis.avertir().examinees == 0
    assert not mail.outbox


def test_sans_adresse_rien_ne_part_mais_l_etape_est_comptee(referentiel):
    demande, _ = demande_de_famille(referentiel)
    demande.personnes.update(courriel="")
    assert avis.avertir().courriels == 0
    assert AvisDemandeur.objects.get(demande=demande).envoye_le is None


def test_le_rappel_de_renouvellement_a_son_courriel_et_pas_de_second(referentiel):
    """The reminder's own e-mail tells the news: no « du nouveau » after it (its step is not counted)."""
    from demandes.models import Demande

    demande, _ = demande_de_famille(referentiel)
    avis.avertir()
    mail.outbox.clear()
    with time_machine.travel(timezone.now() + dt.timedelta(hours=13)):
        jour = timezone.localdate()
        Demande.objects.filter(pk=demande.pk).update(date_echeance=jour + dt.timedelta(days=20))
        assert services.rappels_renouvellement_envoyer(jour=jour) == 1
        sujets = [m.subject for m in mail.outbox]
        assert "Votre demande de logement social est à renouveler" in sujets
        assert avis.avertir().courriels == 0
    assert len(mail.outbox) == len(sujets)


def test_le_tour_d_un_candidat_classe_est_annonce_quand_le_premier_refuse(retours):
    """Rank 2's positionnement does not move when rank 1 refuses: its timeline gets « Votre tour est venu » and its
    holders the « du nouveau » e-mail."""
    from portail import etapes
    from positionnements.etats import ReponseCandidat
    from positionnements.retours_cal.reponses import reponse_du_candidat
    from tests.positionnements.fabriques_offres import cal_tenue, positionnement_offert

    d = retours["demandes"]
    cal_tenue(retours, il_y_a=3)
    avis.avertir()
    second = d["modeste"]
    annoncees = AvisDemandeur.objects.get(demande=second).etapes_annoncees
    assert positionnement_offert(second) is None  # rank 1 holds the dwelling
    assert not [e for e in etapes.etapes(second) if e.titre.startswith("Votre tour est venu")]
    with time_machine.travel(timezone.now() + dt.timedelta(hours=13)):
        reponse_du_candidat(
            demande=d["dalo"],
            positionnement_id=positionnement_offert(d["dalo"]).pk,
            reponse=ReponseCandidat.REFUS,
            motif_refus="LOCALISATION",
            precision="",
        )
        mail.outbox.clear()
        bilan = avis.avertir()
        (tour,) = [e for e in etapes.etapes(second) if e.titre.startswith("Votre tour est venu")]
        assert tour.date == timezone.localdate() and tour.logement == "un T3 à Antibes"
        assert "Répondez au plus tard le" in tour.detail
    assert AvisDemandeur.objects.get(demande=second).etapes_annoncees == annoncees + 1
    assert bilan.averties == 2  # the one who refused (its answer) and rank 2 (its turn)
    assert {m.subject for m in mail.outbox} == {"Du nouveau sur votre demande de logement social"}
