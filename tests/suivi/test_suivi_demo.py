"""The demo's two years of history: consistent with the stock and the demands, idempotent, and the tables of the last
twelve months produced."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db.models import Count, F
from django.utils import timezone

from commissions.models import Avis, EtatSeance, Seance
from demandes.codes import EtatDemande, MotifRadiation
from demo.suivi import MARQUEUR
from positionnements.etats import EtatPositionnement as E
from positionnements.models import DecisionCAL, Positionnement, TransitionPositionnement
from programmation.models import EtatDisponibilite, Occupation
from suivi.models import TableauMensuel

ECHELLE = "0.05"


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--scale", ECHELLE, verbosity=0)


def test_deux_ans_d_histoire_coherente(demo):
    baux = DecisionCAL.objects.filter(date_bail__isnull=False, depot__nom_fichier=MARQUEUR).select_related(
        "positionnement__demande"
    )
    aujourdhui = timezone.localdate()
    assert baux.count() >= 80  # about 1,000 a year at scale 1
    assert baux.order_by("date_bail").first().date_bail <= aujourdhui - dt.timedelta(days=600)
    mois = {(b.date_bail.year, b.date_bail.month) for b in baux}
    assert len(mois) >= 20  # leases nearly every month of the two years
    for b in baux[:200]:
        demande = b.positionnement.demande
        assert (demande.etat, demande.motif_radiation, demande.date_radiation) == (
            EtatDemande.RADIEE,
            MotifRadiation.RADATT,
            b.date_bail,
        )
        assert demande.nom_recherche == ""  # the attributed household's data erased (REGLES §12)
        assert b.positionnement.etat == E.BAIL_SIGNE
        assert b.positionnement.disponibilite.etat == EtatDisponibilite.POURVU
        assert Occupation.objects.filter(logement=b.positionnement.disponibilite.logement, debut=b.date_bail).exists()
        assert b.menage["personnes"] >= 1 and b.logement_au_bail["commune"]
        etapes = list(
            TransitionPositionnement.objects.filter(positionnement=b.positionnement)
            .order_by("date_effet", "pk")
            .values_list("vers", flat=True)
        )
        assert etapes == [E.PROPOSE, E.VALIDE, E.ATTRIBUE_RANG, E.ACCEPTE, E.BAIL_SIGNE]
    # the dates follow each other: proposed < commission < CAL < lease
    assert not TransitionPositionnement.objects.filter(
        vers=E.BAIL_SIGNE, date_effet__lt=F("positionnement__decision_cal__date_cal")
    ).exists()
    # three candidates at most per dwelling, one lease
    assert not Positionnement.objects.values("disponibilite").annotate(n=Count("pk")).filter(n__gt=3).exists()
    assert (
        not Positionnement.objects.filter(etat=E.BAIL_SIGNE)
        .values("disponibilite")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .exists()
    )
    # the commission's sessions, closed, with an avis for every candidate examined
    assert Seance.objects.filter(etat=EtatSeance.CLOSE).count() >= 30
    assert Avis.objects.count() == Positionnement.objects.filter(avis_ccpc__isnull=False).count()
    # the tables of the last twelve months, as the beat schedule would have produced them
    assert TableauMensuel.objects.count() == 12
    assert all(t.produit_par is None for t in TableauMensuel.objects.all())


def test_l_histoire_est_idempotente(demo):
    compte = (DecisionCAL.objects.count(), TransitionPositionnement.objects.count(), TableauMensuel.objects.count())
    call_command("seed_demo", "--scale", ECHELLE, verbosity=0)
    assert (
        DecisionCAL.objects.count(),
        TransitionPositionnement.objects.count(),
        TableauMensuel.objects.count(),
    ) == compte
