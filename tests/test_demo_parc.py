"""The demo stock of seed_demo: size, landlords, communes and QPV, dwellings, rents, idempotency, determinism."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q

from casa_logement.management.commands.seed_demo import LOGEMENTS_PARC
from programmation.demo import FINANCEMENTS, TYPOLOGIES
from programmation.models import FinancementLogement, Logement, Residence, Typologie
from territoire.models import Organisation
from territoire.roles import TypeOrganisation

ECHELLE = "0.05"
LOGEMENTS = round(LOGEMENTS_PARC * float(ECHELLE))  # 430
VALLAURIS = "06155"


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--scale", ECHELLE, verbosity=0)


def _residences():
    return list(
        Residence.objects.order_by("reference").values_list(
            "reference", "nom", "adresse", "commune__code_insee", "bailleur__slug", "nombre_logements"
        )
    )


def test_le_nombre_de_logements_suit_l_echelle(demo):
    assert LOGEMENTS == 430
    assert abs(Logement.objects.count() - LOGEMENTS) <= 1
    assert all(10 <= n <= 120 for n in Residence.objects.values_list("nombre_logements", flat=True))


def test_les_residences_sont_a_des_bailleurs_erilia_en_tete(demo):
    par_bailleur = dict(
        Logement.objects.values_list("residence__bailleur__slug").annotate(n=Count("id")).order_by("-n")
    )
    types = set(Organisation.objects.filter(slug__in=par_bailleur).values_list("type", flat=True))
    assert types == {TypeOrganisation.BAILLEUR}
    assert max(par_bailleur, key=par_bailleur.get) == "erilia"
    assert 0.25 < par_bailleur["erilia"] / Logement.objects.count() < 0.45
    assert len(set(Residence.objects.values_list("reference", flat=True))) == Residence.objects.count()


def test_qpv_a_vallauris_seulement(demo):
    vallauris = Residence.objects.filter(commune__code_insee=VALLAURIS)
    assert vallauris.filter(en_qpv=True).exists()
    assert vallauris.filter(en_qpv=False).exists()
    assert not Residence.objects.exclude(commune__code_insee=VALLAURIS).filter(en_qpv=True).exists()
    # the stock is concentrated in the big communes; villages have at most one résidence
    communes = dict(Residence.objects.values_list("commune__code_insee").annotate(n=Count("id")))
    assert communes.get("06004", 0) >= max(communes.values()) - 1
    petites = Residence.objects.filter(commune__population__lt=1000)
    assert all(n == 1 for n in petites.values_list("commune").annotate(n=Count("id")).values_list("n", flat=True))


def test_les_logements_sont_valides_et_coherents(demo):
    logements = Logement.objects.all()
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
    ecarts = Residence.objects.annotate(n=Count("logements")).exclude(nombre_logements=F("n"))
    assert not ecarts.exists()
    assert not Residence.objects.filter(Q(nombre_logements=0)).exists()


def test_idempotent_et_deterministe(demo):
    avant = _residences()
    logements = Logement.objects.count()
    call_command("seed_demo", "--scale", ECHELLE, verbosity=0)
    assert _residences() == avant
    assert Logement.objects.count() == logements

    Logement.objects.all().delete()
    Residence.objects.all().delete()
    call_command("seed_demo", "--scale", ECHELLE, verbosity=0)
    assert _residences() == avant
    assert Logement.objects.count() == logements
