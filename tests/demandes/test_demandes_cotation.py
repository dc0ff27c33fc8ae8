import datetime as dt

import pytest
from django.utils import timezone

from demandes import services
from demandes.codes import CodePriorite, EtatDemande
from demandes.models import Demande, GrilleCotation
from demandes.tasks import recalculer_cotations
from territoire.roles import Role
from tests.demandes.fabriques import demande_complete
from tests.territoire.fabriques import agent


@pytest.fixture
def agent_antibes(referentiel):
    return agent(referentiel["commune-antibes"], Role.AGENT_GUICHET)


def test_chaque_demande_a_son_score_et_le_detail_des_points(referentiel, agent_antibes):
    d = demande_complete(agent_antibes, referentiel["commune-antibes"])
    assert d.score_cotation is not None
    assert d.detail_cotation["score"] == d.score_cotation
    assert any(ligne.startswith("Ancienneté") for ligne in d.detail_cotation["explication"])


def test_un_critere_dalo_fait_monter_le_score(referentiel, agent_antibes):
    d = demande_complete(agent_antibes, referentiel["commune-antibes"])
    avant = d.score_cotation
    services.critere_ajouter(
        par=agent_antibes, demande=d, code=CodePriorite.DALO, preuve="Décision COMED", date_decision=dt.date(2026, 6, 1)
    )
    d.refresh_from_db()
    assert d.score_cotation == avant + 300
    assert "Reconnu prioritaire DALO : +300" in d.detail_cotation["explication"]


def test_un_logement_suroccupe_compte(referentiel, agent_antibes):
    d = demande_complete(agent_antibes, referentiel["commune-antibes"], surface_actuelle=30)  # 4 persons need 34 m²
    assert any("suroccupé" in ligne for ligne in d.detail_cotation["explication"])
    assert services.surface_minimale(4) == 34
    assert services.surface_minimale(9) == 70


@pytest.mark.worker
def test_une_nouvelle_grille_recote_toutes_les_demandes_par_le_worker(celery_worker_reel, referentiel):
    guichet = agent(referentiel["commune-antibes"], Role.AGENT_GUICHET)
    d = demande_complete(guichet, referentiel["commune-antibes"])
    contenu = GrilleCotation.objects.get().contenu
    for critere in contenu["criteres"]:
        if critere["code"] == "ANCIENNETE":
            critere["points"] = 2
    GrilleCotation.objects.create(version="CASA-2026-2", date_debut=dt.date(2026, 6, 1), contenu=contenu)
    assert recalculer_cotations.delay().get(timeout=30) == "1 demandes cotées"
    d.refresh_from_db()
    assert d.detail_cotation["grille_version"] == "CASA-2026-2"
    assert d.etat == EtatDemande.ACTIVE
    assert Demande.objects.filter(detail_cotation__grille_version="CASA-2026-2").count() == 1


def test_un_critere_local_de_la_casa_compte(referentiel, agent_antibes):
    d = demande_complete(agent_antibes, referentiel["commune-antibes"], criteres_locaux=["CATASTROPHE_NATURELLE"])
    assert "Victime d'une catastrophe naturelle : +50" in d.detail_cotation["explication"]


def test_un_critere_echu_ne_compte_plus(referentiel, agent_antibes):
    d = demande_complete(agent_antibes, referentiel["commune-antibes"])
    services.critere_ajouter(
        par=agent_antibes,
        demande=d,
        code=CodePriorite.SANS_LOGEMENT,
        preuve="Attestation",
        valable_jusqu_au=timezone.localdate() + dt.timedelta(days=10),
    )
    d.refresh_from_db()
    assert d.priorites == ["SANS_LOGEMENT"]
    services.cotations_recalculer(jour=timezone.localdate() + dt.timedelta(days=11))
    d.refresh_from_db()
    assert d.priorites == []
    assert not any("Dépourvu de logement" in ligne for ligne in d.detail_cotation["explication"])
