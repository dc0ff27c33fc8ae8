"""A commune counter's perimeter (demandes.selectors.perimetre_du_guichet): « filed at my counter OR wishing my
commune », written as a row-by-row probe when many demands wish the commune and as the perimeter's ids read first
when few do (issue 21). Both forms give exactly the same demands; which one a request takes follows PostgreSQL's own
statistics of the wishes."""

import datetime as dt

import pytest
from django.db import connection

from demandes.codes import EtatDemande, MotifRadiation
from demandes.models import Demande
from demandes.selectors import PART_SONDE, demandes_visibles, part_des_souhaits, perimetre_du_guichet
from territoire.models import Commune
from territoire.roles import Role
from tests.demandes.fabriques import demande_complete, demandeur
from tests.territoire.fabriques import agent

NOMS = ("Aubert", "Lefèvre", "Nguyen", "Rossi", "Benali", "Dupuis")


@pytest.fixture
def perimetres(referentiel):
    """Demands of Antibes' and Vallauris' counters wishing Antibes, Vallauris, Biot or several; a draft; a radiated
    one: every case of « filed here » and « wished here »."""
    antibes, vallauris = referentiel["commune-antibes"], referentiel["commune-vallauris"]
    a_antibes = agent(antibes, Role.AGENT_GUICHET, username="guichet.antibes")
    a_vallauris = agent(vallauris, Role.AGENT_GUICHET, username="guichet.vallauris")
    cas = [
        (a_antibes, antibes, ("06004",)),
        (a_antibes, antibes, ("06155",)),
        (a_antibes, antibes, ("06018", "06155")),
        (a_vallauris, vallauris, ("06004", "06155")),
        (a_vallauris, vallauris, ("06155",)),
        (a_vallauris, vallauris, ("06018",)),
    ]
    faites = [
        demande_complete(a, g, communes=c, personnes=[demandeur(nom=nom, date_naissance=dt.date(1970 + i, 1, 2))])
        for i, ((a, g, c), nom) in enumerate(zip(cas, NOMS, strict=True))
    ]
    faites.append(
        demande_complete(a_vallauris, vallauris, communes=("06004",), enregistrer=False, personnes=[demandeur()])
    )
    Demande.objects.filter(pk=faites[5].pk).update(
        etat=EtatDemande.RADIEE, date_radiation=dt.date(2026, 11, 2), motif_radiation=MotifRadiation.RADABA
    )
    return {"antibes": (antibes, a_antibes), "vallauris": (vallauris, a_vallauris), "demandes": faites}


def _attendues(organisation, commune) -> set[int]:
    return {
        d.pk
        for d in Demande.objects.prefetch_related("souhaits_communes")
        if d.guichet_id == organisation.pk or any(s.commune_id == commune.pk for s in d.souhaits_communes.all())
    }


@pytest.mark.parametrize("cle", ["antibes", "vallauris"])
def test_les_deux_formes_donnent_les_memes_demandes(perimetres, cle):
    organisation, _ = perimetres[cle]
    commune = Commune.objects.get(pk=organisation.commune_id)
    attendues = _attendues(organisation, commune)
    assert attendues  # the fixture gives each counter demands filed there and demands only wishing its commune
    for sonde in (True, False):
        trouvees = Demande.objects.filter(perimetre_du_guichet(organisation.pk, commune.pk, sonde=sonde))
        assert set(trouvees.values_list("pk", flat=True)) == attendues, sonde
        assert trouvees.count() == len(attendues)  # no duplicate row (a demand filed here that also wishes here)
        en_cours = trouvees.filter(etat__in=[EtatDemande.ACTIVE, EtatDemande.QUALIFIEE]).order_by("-date_depot", "-pk")
        assert len(list(en_cours[:2])) == min(2, en_cours.count())


def test_la_forme_suit_la_part_des_demandes_qui_souhaitent_la_commune(perimetres):
    antibes, agent_antibes = perimetres["antibes"]
    biot = Commune.objects.get(code_insee="06018")
    # never analysed: no statistics, a small share, the perimeter's ids read first
    with connection.cursor() as curseur:
        curseur.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'demandes_souhaitcommune'")
        analysee = curseur.fetchone()[0] > 0
    if not analysee:
        assert part_des_souhaits(antibes.commune_id) == 0.0
    with connection.cursor() as curseur:
        curseur.execute("ANALYZE demandes_souhaitcommune")
        curseur.execute("ANALYZE demandes_demande")
    part_antibes = part_des_souhaits(antibes.commune_id)
    # 3 of the 7 demands wish Antibes (in the statistics' sample: every row)
    assert part_antibes == pytest.approx(3 / 7, abs=0.02)
    assert part_antibes >= PART_SONDE
    assert part_des_souhaits(Commune.objects.get(code_insee="06089").pk) == 0.0  # Opio: no wish
    assert part_des_souhaits(biot.pk) == pytest.approx(2 / 7, abs=0.02)
    sql = str(demandes_visibles(agent_antibes).query)
    assert "OFFSET 0" in sql and "UNION" not in sql
    assert set(demandes_visibles(agent_antibes).values_list("pk", flat=True)) == _attendues(
        antibes, Commune.objects.get(pk=antibes.commune_id)
    )


def test_une_commune_peu_souhaitee_lit_d_abord_les_identifiants(perimetres, monkeypatch):
    from demandes import selectors

    antibes, agent_antibes = perimetres["antibes"]
    monkeypatch.setattr(selectors, "PART_SONDE", 2.0)  # no share reaches it
    sql = str(demandes_visibles(agent_antibes).query)
    assert "UNION ALL" in sql and "OFFSET 0" not in sql
    assert set(demandes_visibles(agent_antibes).values_list("pk", flat=True)) == _attendues(
        antibes, Commune.objects.get(pk=antibes.commune_id)
    )
