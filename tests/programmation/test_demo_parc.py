"""The demo stock of seed_demo: size, landlords, communes and QPV, dwellings, rents, idempotency, determinism."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q

from demo.management.commands.seed_demo import LOGEMENTS_PARC
from demo.parc import FINANCEMENTS, TYPOLOGIES
from programmation.models import FinancementLogement, Logement, Residence, Typologie
from territoire.models import Organisation
from territoire.roles import TypeOrganisation

ECHELLE = "0.05"
LOGEMENTS = round(LOGEMENTS_PARC * float(ECHELLE))  # 430
VALLAURIS = "06155"


def stock():
    """The demo stock only: the résidences of delivered demo programmes are not part of it."""
    return Residence.objects.filter(programme__isnull=True)


def logements_stock():
    return Logement.objects.filter(residence__programme__isnull=True)


def _tout_effacer():
    from commissions.models import Avis, PointOrdreDuJour, Seance
    from positionnements.models import DecisionCAL, DepotDecisionsCAL, Positionnement, TransitionPositionnement
    from programmation.models import Disponibilite, Programme, ReunionReservataires
    from suivi.models import TableauMensuel

    TableauMensuel.objects.all().delete()
    Avis.objects.all().delete()
    PointOrdreDuJour.objects.all().delete()
    Seance.objects.all().delete()
    DecisionCAL.objects.all().delete()
    TransitionPositionnement.objects.all().delete()
    DepotDecisionsCAL.objects.all().delete()
    Positionnement.objects.all().delete()
    Disponibilite.objects.all().delete()
    ReunionReservataires.objects.all().delete()
    Programme.objects.all().delete()
    Logement.objects.all().delete()  # and their occupations
    Residence.objects.all().delete()


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--scale", ECHELLE, verbosity=0)


def _residences():
    return list(
        stock()
        .order_by("reference")
        .values_list("reference", "nom", "adresse", "commune__code_insee", "bailleur__slug", "nombre_logements")
    )


def test_le_nombre_de_logements_suit_l_echelle(demo):
    assert LOGEMENTS == 430
    assert abs(logements_stock().count() - LOGEMENTS) <= 1
    assert all(10 <= n <= 120 for n in stock().values_list("nombre_logements", flat=True))


def test_les_residences_sont_a_des_bailleurs_erilia_en_tete(demo):
    par_bailleur = dict(
        logements_stock().values_list("residence__bailleur__slug").annotate(n=Count("id")).order_by("-n")
    )
    types = set(Organisation.objects.filter(slug__in=par_bailleur).values_list("type", flat=True))
    assert types == {TypeOrganisation.BAILLEUR}
    assert max(par_bailleur, key=par_bailleur.get) == "erilia"
    assert 0.25 < par_bailleur["erilia"] / logements_stock().count() < 0.45
    assert len(set(stock().values_list("reference", flat=True))) == stock().count()


def test_qpv_a_vallauris_seulement(demo):
    vallauris = stock().filter(commune__code_insee=VALLAURIS)
    assert vallauris.filter(en_qpv=True).exists()
    assert vallauris.filter(en_qpv=False).exists()
    assert not stock().exclude(commune__code_insee=VALLAURIS).filter(en_qpv=True).exists()
    # the stock is concentrated in the big communes; villages have at most one résidence
    communes = dict(stock().values_list("commune__code_insee").annotate(n=Count("id")))
    assert communes.get("06004", 0) >= max(communes.values()) - 1
    petites = stock().filter(commune__population__lt=1000)
    assert all(n == 1 for n in petites.values_list("commune").annotate(n=Count("id")).values_list("n", flat=True))


def test_les_logements_sont_valides_et_coherents(demo):
    logements = logements_stock().all()
    assert not logements.values("residence", "numero").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert set(logements.values_list("typologie", flat=True)) <= set(Typologie.values)
    assert set(logements.values_list("financement", flat=True)) <= set(FinancementLogement.values)
    surfaces = {t: s for t, _, s in TYPOLOGIES}
    loyers_m2 = {f: m for f, _, m in FINANCEMENTS}
    for lg in logements:
        s_min, s_max = surfaces[lg.typologie]
        assert s_min <= lg.surface <= s_max, lg
        assert lg.loyer > 0
        m2 = Decimal(str(loyers_m2[lg.financement]))
        assert m2 * Decimal("0.89") <= lg.loyer / lg.surface <= m2 * Decimal("1.11"), lg
        assert Decimal("1.19") <= lg.charges / lg.surface <= Decimal("2.21"), lg
        assert 0 <= lg.etage <= 8
        assert lg.numero[0].isalpha() and lg.numero[1:].isdigit()
    # wheelchair access only on a ground floor or with a lift
    assert not logements.filter(accessible_pmr=True, etage__gt=0, ascenseur=False).exists()
    assert logements.filter(accessible_pmr=True).exists()
    # a commune reserves only in its own territory
    communales = logements.filter(reservataire__type=TypeOrganisation.COMMUNE)
    assert communales.exists()
    assert not communales.exclude(reservataire__commune=F("residence__commune")).exists()
    etat = logements.filter(reservataire__slug="prefecture-06").count()
    assert 0 < etat <= 0.30 * logements.count()


def test_nombre_logements_egale_le_compte_reel(demo):
    ecarts = stock().annotate(n=Count("logements")).exclude(nombre_logements=F("n"))
    assert not ecarts.exists()
    assert not stock().filter(Q(nombre_logements=0)).exists()


def test_idempotent_et_deterministe(demo):
    avant = _residences()
    logements = logements_stock().count()
    call_command("seed_demo", "--scale", ECHELLE, verbosity=0)
    assert _residences() == avant
    assert logements_stock().count() == logements

    _tout_effacer()
    call_command("seed_demo", "--scale", ECHELLE, verbosity=0)
    assert _residences() == avant
    assert logements_stock().count() == logements


def test_la_vie_du_parc_occupations_vacances_flux_et_programmes(demo):
    from collections import Counter

    from programmation.models import (
        Disponibilite,
        EtatDisponibilite,
        EtatProgramme,
        ObjectifFlux,
        Occupation,
        Programme,
    )

    logements = Logement.objects.count()
    en_place = Occupation.objects.filter(fin__isnull=True)
    assert 0.9 * logements < en_place.count() < logements
    assert en_place.values("logement").distinct().count() == en_place.count()
    assert Occupation.objects.filter(fin__isnull=False).exists()  # departures of the year
    assert all(1 <= q <= 4 for q in Occupation.objects.exclude(quartile=None).values_list("quartile", flat=True))
    ouvertes = Disponibilite.objects.filter(etat=EtatDisponibilite.A_POURVOIR)
    assert 0 < ouvertes.count() < 0.1 * logements
    assert Disponibilite.objects.filter(etat=EtatDisponibilite.POURVU).exists()
    assert ObjectifFlux.objects.filter(reservataire__slug="prefecture-06", part=25).exists()
    etats = Counter(Programme.objects.values_list("etat", flat=True))
    assert etats == {
        EtatProgramme.PROJET: 2,
        EtatProgramme.FINANCE: 2,
        EtatProgramme.CHANTIER: 2,
        EtatProgramme.LIVRE: 2,
    }
    for p in Programme.objects.exclude(etat=EtatProgramme.PROJET):
        assert p.reunions.get().compte_rendu  # validated, minutes produced
    livres = Programme.objects.filter(etat=EtatProgramme.LIVRE)
    assert all(p.residence.logements.count() == sum(lot.nombre for lot in p.lots.all()) for p in livres)
    from demo.suivi import MARQUEUR
    from positionnements.models import Positionnement

    aujourdhui = Positionnement.objects.exclude(decision_cal__depot__nom_fichier=MARQUEUR)
    assert 1 <= aujourdhui.count() <= 3  # CASA's agent has proposed candidates on the most urgent one
    compte = (Occupation.objects.count(), Disponibilite.objects.count(), Programme.objects.count())
    call_command("seed_demo", "--scale", ECHELLE, verbosity=0)
    assert (Occupation.objects.count(), Disponibilite.objects.count(), Programme.objects.count()) == compte
