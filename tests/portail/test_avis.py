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
