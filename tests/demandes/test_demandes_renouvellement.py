import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from demandes import cycle, services
from demandes.codes import EtatDemande, MotifRadiation
from demandes.models import Demande
from demandes.tasks import renouvellements
from territoire.roles import Role
from tests.demandes.fabriques import demande_complete
from tests.territoire.fabriques import agent


@pytest.fixture
def demande(referentiel):
    guichet = referentiel["commune-antibes"]
    guichet.courriel = "logement@ville-antibes.fr"
    guichet.save()
    return demande_complete(agent(guichet, Role.AGENT_GUICHET), guichet)


def test_un_rappel_part_un_mois_avant_l_echeance_une_seule_fois(demande):
    jour = timezone.localdate()
    Demande.objects.filter(pk=demande.pk).update(date_echeance=jour + dt.timedelta(days=20))
    assert services.rappels_renouvellement_envoyer(jour=jour) == 1
    assert len(mail.outbox) == 2
    assert services.rappels_renouvellement_envoyer(jour=jour) == 0
    assert len(mail.outbox) == 2


def test_le_rappel_au_demandeur_ne_dit_que_son_prenom_et_le_lien_de_son_espace(demande, settings):
    settings.CASA_PROTOCOLE, settings.CASA_DOMAINE = "https", "logement.agglo-sophia-antipolis.fr"
    jour = timezone.localdate()
    Demande.objects.filter(pk=demande.pk).update(date_echeance=jour + dt.timedelta(days=20))
    services.rappels_renouvellement_envoyer(jour=jour)
    au_demandeur, au_guichet = sorted(mail.outbox, key=lambda m: m.to != ["elodie.martin@exemple.fr"])
    assert au_demandeur.to == ["elodie.martin@exemple.fr"]
    assert au_demandeur.subject == "Votre demande de logement social est à renouveler"
    corps = au_demandeur.body
    assert corps.startswith("Bonjour Élodie,\n\nVotre demande de logement social arrive à échéance")
    assert "connectez-vous à votre espace" in corps
    assert "https://logement.agglo-sophia-antipolis.fr/mon-logement/\n" in corps
    # nothing personal beyond the first name: no number, no name, no date, no counter's address
    echeance = f"{jour + dt.timedelta(days=20):%d/%m/%Y}"
    for donnee in (demande.numero, "Martin", echeance, "logement@ville-antibes.fr"):
        assert donnee not in corps + au_demandeur.subject
    # the counter's own copy still names the demand
    assert au_guichet.to == ["logement@ville-antibes.fr"]
    assert demande.numero in au_guichet.subject and demande.numero in au_guichet.body
    assert echeance in au_guichet.body


def test_sans_adresse_du_demandeur_seul_le_guichet_est_prevenu(demande):
    jour = timezone.localdate()
    demande.personnes.filter(courriel__isnull=False).update(courriel="")
    Demande.objects.filter(pk=demande.pk).update(date_echeance=jour + dt.timedelta(days=20))
    assert services.rappels_renouvellement_envoyer(jour=jour) == 1
    assert [m.to for m in mail.outbox] == [["logement@ville-antibes.fr"]]
    assert demande.courriers.get().envoye_le == jour  # the reminder is recorded all the same


def test_pas_de_rappel_deux_mois_avant(demande):
    jour = timezone.localdate()
    Demande.objects.filter(pk=demande.pk).update(date_echeance=jour + dt.timedelta(days=60))
    assert services.rappels_renouvellement_envoyer(jour=jour) == 0


def test_une_demande_non_renouvelee_est_radiee_un_mois_apres_l_echeance(demande):
    jour = timezone.localdate()
    Demande.objects.filter(pk=demande.pk).update(date_echeance=cycle.mois_apres(jour, -1))
    assert services.demandes_non_renouvelees_radier(jour=jour - dt.timedelta(days=1)) == 0
    assert services.demandes_non_renouvelees_radier(jour=jour) == 1
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.RADIEE
    assert demande.motif_radiation == MotifRadiation.RADREN


def test_apres_renouvellement_un_nouveau_rappel_partira_l_an_prochain(demande):
    jour = timezone.localdate()
    Demande.objects.filter(pk=demande.pk).update(date_echeance=jour + dt.timedelta(days=10))
    services.rappels_renouvellement_envoyer(jour=jour)
    assert demande.courriers.get().envoye_le == jour  # the notice's date is recorded
    services.demande_renouveler(par=agent(demande.guichet, Role.AGENT_GUICHET), demande=demande)
    demande.refresh_from_db()
    un_an_plus_tard = demande.date_echeance - dt.timedelta(days=10)
    assert services.rappels_renouvellement_envoyer(jour=un_an_plus_tard) == 1


@pytest.mark.worker
def test_la_tache_quotidienne_tourne_sur_le_worker(celery_worker_reel, demande):
    Demande.objects.filter(pk=demande.pk).update(date_echeance=timezone.localdate() - dt.timedelta(days=40))
    resultat = renouvellements.delay().get(timeout=30)
    assert resultat == "0 rappels envoyés, 1 demandes radiées pour non-renouvellement, 0 radiées faute de réponse"
    assert "renouvellements-des-demandes" in settings.CELERY_BEAT_SCHEDULE
