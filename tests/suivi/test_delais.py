"""The waiting times of the attributions (suivi/delais.py) on a year of leases built through the real services
(tests/suivi/fabriques_delais.py): the median and average checked by hand, the leases outside the twelve complete
months left out, the privacy threshold and the territory's line held back with it, a correction of a lease's date,
and the figures unchanged once the retention purge has erased the households' data."""

import datetime as dt

import pytest

from demandes import retention
from demandes.models import Demande
from positionnements.models import DecisionCAL
from positionnements.retours_cal import services as services_cal
from suivi import delais
from tests.horloge import JOUR
from tests.suivi.fabriques_delais import ANTIBES, BIOT, VALLAURIS, annee_de_baux

pytestmark = pytest.mark.jour_fige  # the tests' day, 18/11/2026 (tests/horloge.py): November 2025 to October 2026


@pytest.fixture
def annee(referentiel):
    return annee_de_baux(referentiel)


def _chiffres(d: delais.Delai) -> tuple:
    return d.attributions, d.mediane, d.moyenne, d.retenu


def test_la_fenetre_est_les_douze_mois_complets_avant_le_mois_du_jour():
    assert delais.fenetre(dt.date(2026, 11, 18)) == (dt.date(2025, 11, 1), dt.date(2026, 10, 31))
    assert delais.fenetre(dt.date(2026, 11, 1)) == (dt.date(2025, 11, 1), dt.date(2026, 10, 31))
    assert delais.fenetre(dt.date(2026, 1, 31)) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert delais.fenetre(dt.date(2024, 3, 29)) == (dt.date(2023, 3, 1), dt.date(2024, 2, 29))


def test_en_clair():
    assert delais.en_clair(0) == "0 jour"
    assert delais.en_clair(1) == "1 jour"
    assert delais.en_clair(30) == "30 jours"
    assert delais.en_clair(255) == "8,4 mois"  # 255 / 30.4375 = 8.38
    assert delais.en_clair(365.25) == "12,0 mois"
    with pytest.raises(ValueError, match="négatif"):
        delais.en_clair(-1)


def test_les_typologies_d_une_demande_sont_celles_du_parc():
    assert delais.typologies_des_logements(["T6P", "C", "T2"]) == ["T2", "T6"]
    assert delais.libelle("T6") == "T6 et plus"


def test_mediane_et_moyenne_calculees_a_la_main(annee):
    chiffres = delais.delais(JOUR)
    assert (chiffres.depuis, chiffres.jusqu_au, chiffres.seuil) == (dt.date(2025, 11, 1), dt.date(2026, 10, 31), 5)
    # Antibes T3: 90, 150, 210, 300, 420, 480 days (the leases of 31/10/2025 and of 10/11/2026 are outside);
    # median (210 + 300) / 2 = 255, average 1650 / 6 = 275
    assert _chiffres(chiffres.de(ANTIBES, "T3")) == (6, 255.0, 275.0, "")
    assert chiffres.de(ANTIBES, "T3").fiable
    # below five attributions, no figure
    assert _chiffres(chiffres.de(ANTIBES, "T4")) == (2, None, None, "trop_peu")
    assert _chiffres(chiffres.de(ANTIBES, "T2")) == (1, None, None, "trop_peu")
    assert _chiffres(chiffres.de(VALLAURIS, "T3")) == (1, None, None, "trop_peu")
    assert _chiffres(chiffres.de(BIOT, "T3")) == (1, None, None, "trop_peu")
    assert _chiffres(chiffres.de("", "T4")) == (2, None, None, "trop_peu")
    # the territory's T3 (8 leases) minus Antibes's would give the two households of Vallauris and Biot: held back
    assert _chiffres(chiffres.de("", "T3")) == (8, None, None, "secret")
    # nothing leased: an empty group
    assert _chiffres(chiffres.de(VALLAURIS, "T4")) == (0, None, None, "")
    assert chiffres.communes() == sorted([ANTIBES, VALLAURIS, BIOT])
    assert chiffres.typologies(ANTIBES) == ["T2", "T3", "T4"] and chiffres.typologies() == ["T2", "T3", "T4"]


def test_le_mois_suivant(annee):
    """On 01/12/2026 the twelve months are December 2025 to November 2026: the lease of 01/11/2025 leaves, the one
    of 10/11/2026 comes."""
    chiffres = delais.delais(dt.date(2026, 12, 1))
    # Antibes T3: 20, 90, 150, 210, 420, 480: median (150 + 210) / 2 = 180, average 1370 / 6
    assert _chiffres(chiffres.de(ANTIBES, "T3")) == (6, 180.0, pytest.approx(1370 / 6), "")


def test_le_seuil_est_un_reglage(annee, settings):
    settings.CASA_DELAIS_ATTRIBUTIONS_MIN = 2
    chiffres = delais.delais(JOUR)
    assert _chiffres(chiffres.de(ANTIBES, "T4")) == (2, 150.0, 150.0, "")  # (100 + 200) / 2
    assert _chiffres(chiffres.de(ANTIBES, "T2")) == (1, None, None, "trop_peu")
    # Vallauris and Biot held back add up to two leases, as many as the threshold: the territory's T3 is shown,
    # 30, 90, 150, 210, 300, 365, 420, 480: median (210 + 300) / 2 = 255, average 2045 / 8 = 255.625
    assert _chiffres(chiffres.de("", "T3")) == (8, 255.0, 255.625, "")
    settings.CASA_DELAIS_ATTRIBUTIONS_MIN = 7
    assert _chiffres(delais.delais(JOUR).de(ANTIBES, "T3")) == (6, None, None, "trop_peu")


def test_communes_et_typologies_demandees(annee):
    chiffres = delais.delais(JOUR, communes=[VALLAURIS], typologies=["T3", "T4"])
    assert set(chiffres.par_commune) == {(VALLAURIS, "T3")}
    # the territory's lines count every commune's leases of these typologies, and hold back as for every commune
    assert set(chiffres.territoire) == {"T3", "T4"}
    assert _chiffres(chiffres.de("", "T3")) == (8, None, None, "secret")


def test_une_correction_de_la_date_du_bail_compte(annee):
    """As the monthly tracking drawn up after a correction: the lease counts at its corrected date."""
    decision = DecisionCAL.objects.get(positionnement=annee["positionnements"]["antibes_t3_e"])
    services_cal.attribution_corriger(
        par=annee["casa"], decision=decision, date_bail=dt.date(2026, 9, 25), motif="date du bail mal saisie"
    )
    # 420 becomes 430: 90, 150, 210, 300, 430, 480 → median 255, average 1660 / 6
    assert _chiffres(delais.delais(JOUR).de(ANTIBES, "T3")) == (6, 255.0, pytest.approx(1660 / 6), "")
    # a lease moved into the next month leaves the twelve months
    services_cal.attribution_corriger(
        par=annee["casa"], decision=decision, date_bail=dt.date(2026, 11, 2), motif="bail signé en novembre"
    )
    assert delais.delais(JOUR).de(ANTIBES, "T3").attributions == 5


def test_les_chiffres_survivent_a_l_effacement_des_donnees(annee, settings):
    """The retention purge erases the households struck off for attribution six months ago or more (the shortest
    retention allowed): the filing date stays (demandes/retention/donnees_demande.py), the figures do not move."""
    avant = delais.delais(JOUR)
    settings.CASA_CONSERVATION_APRES_RADIATION_MOIS = 6
    bilan = retention.purger(jour=JOUR)
    effacees = Demande.objects.filter(effacement__isnull=False)
    assert bilan.compteurs["demandes"] == 4 == effacees.count()  # the leases up to 18/05/2026
    assert set(effacees.values_list("ressources_par_uc", flat=True)) == {None}
    assert delais.delais(JOUR) == avant
