from django.core.management import call_command

from territoire.models import Commune, Organisation, PopulationCommune, Qpv
from territoire.roles import TypeOrganisation


def test_les_24_communes_de_la_casa_avec_leur_population_2026(referentiel):
    assert Commune.objects.count() == 24
    antibes = Commune.objects.get(code_insee="06004")
    assert antibes.codes_postaux == ["06160", "06600"]
    assert antibes.population == 77637
    assert antibes.epci_siren == "240600585"
    assert sum(Commune.objects.values_list("population", flat=True)) == 186753


def test_zones_apl_2_et_3_selon_les_regles(referentiel):
    assert Commune.objects.filter(zone_apl=2).count() == 13
    assert Commune.objects.get(nom="Gréolières").zone_apl == 3
    assert Commune.objects.get(nom="Opio").zone_apl == 2


def test_l_historique_des_populations_en_vigueur(referentiel):
    assert PopulationCommune.objects.get(commune__code_insee="06155", annee=2019).population_municipale == 26618
    assert PopulationCommune.objects.filter(commune__code_insee="06004").count() == 8


def test_un_seul_qpv_dans_la_casa_a_vallauris(referentiel):
    qpv = Qpv.objects.get()
    assert qpv.code == "QN00602M"
    assert qpv.nom == "Cœur De Ville - Hauts De Vallauris"
    assert list(qpv.communes.values_list("code_insee", flat=True)) == ["06155"]


def test_chaque_commune_est_une_organisation_reservataire(referentiel):
    communes = Organisation.objects.filter(type=TypeOrganisation.COMMUNE)
    assert communes.count() == 24
    assert all(o.est_reservataire and o.type_reservataire == "COLTER" for o in communes)
    assert referentiel["commune-le-rouret"].nom == "Commune du Rouret"
    assert referentiel["commune-antibes"].nom == "Commune d'Antibes"
    assert referentiel["commune-les-ferres"].nom == "Commune des Ferres"
    assert referentiel["casa"].siren == "240600585"


def test_le_chargement_est_idempotent(referentiel):
    avant = Organisation.objects.count()
    call_command("charger_referentiel", verbosity=0)
    assert Organisation.objects.count() == avant
    assert Commune.objects.count() == 24


def test_les_listes_de_choix_ne_proposent_que_les_communes_du_territoire(referentiel, client):
    """The referential may hold communes of other EPCIs (a département's, the nation's: bench/echelle_nationale.py
    makes 4,500): every select of a commune offers the territory's 24 (Commune.objects.du_territoire)."""
    from territoire.roles import Role
    from tests.territoire.fabriques import agent

    Commune.objects.create(
        code_insee="83137",
        nom="Toulon-Ailleurs",
        siren="218301370",
        codes_postaux=["83000"],
        population=1,
        annee_population=2026,
        zone_apl=2,
        epci_siren="248300543",
    )
    assert Commune.objects.count() == 25 and Commune.objects.du_territoire().count() == 24
    client.force_login(agent(referentiel["casa"], Role.INSTRUCTEUR))
    pages = ["/demandes/", "/parc/a-pourvoir/", "/positionnements/"]
    for url in pages:
        reponse = client.get(url)
        assert reponse.status_code == 200, url
        texte = reponse.content.decode()
        assert "Vallauris" in texte and "Toulon-Ailleurs" not in texte, url
