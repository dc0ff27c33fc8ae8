"""A commune counter's perimeter (demandes.selectors.perimetre_du_guichet): « filed at my counter OR wishing my
commune », tested on the demand's own row through the copy of its wishes the database keeps
(Demande.communes_souhaitees, demandes/models/perimetre.py; issue 21). The copy follows every write of the wishes
(the form's step 4, a bulk load, a change, a removal), a demand saved from an old read does not put an old copy
back, and the perimeter is exactly the demands filed at the counter or wishing its commune."""

import datetime as dt

import pytest
from django.apps import apps

from demandes import services
from demandes.codes import EtatDemande, MotifRadiation
from demandes.models import Demande, SouhaitCommune
from demandes.selectors import demandes_visibles, perimetre_du_guichet
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
        if d.guichet_id == organisation.pk
        or (d.etat != EtatDemande.BROUILLON and any(s.commune_id == commune.pk for s in d.souhaits_communes.all()))
    }


def _copie(demande) -> list[int]:
    return list(Demande.objects.filter(pk=demande.pk).values_list("communes_souhaitees", flat=True).get())


@pytest.mark.parametrize("cle", ["antibes", "vallauris"])
def test_le_perimetre_est_celui_du_guichet_ou_de_sa_commune(perimetres, cle):
    organisation, agent_du_guichet = perimetres[cle]
    commune = Commune.objects.get(pk=organisation.commune_id)
    attendues = _attendues(organisation, commune)
    assert attendues  # the fixture gives each counter demands filed there and demands only wishing its commune
    trouvees = Demande.objects.filter(perimetre_du_guichet(organisation.pk, commune.pk))
    assert set(trouvees.values_list("pk", flat=True)) == attendues
    assert trouvees.count() == len(attendues)  # no duplicate row (a demand filed here that also wishes here)
    assert set(demandes_visibles(agent_du_guichet).values_list("pk", flat=True)) == attendues


def test_la_copie_suit_chaque_ecriture_des_souhaits(perimetres):
    antibes, agent_antibes = perimetres["antibes"]
    demande = perimetres["demandes"][1]  # filed at Antibes, wishes Vallauris
    codes = dict(Commune.objects.filter(code_insee__in=["06004", "06155", "06018"]).values_list("code_insee", "pk"))
    assert _copie(demande) == [codes["06155"]]
    # the form's step 4 (delete, then bulk create): the new wishes, in their rank's order
    services.souhaits_definir(
        par=agent_antibes, demande=demande, communes=[Commune.objects.get(pk=codes[c]) for c in ("06018", "06004")]
    )
    assert _copie(demande) == [codes["06018"], codes["06004"]]
    # an UPDATE of a wish's commune, then a removal of one, then of all
    SouhaitCommune.objects.filter(demande=demande, rang=1).update(commune_id=codes["06155"])
    assert _copie(demande) == [codes["06155"], codes["06004"]]
    SouhaitCommune.objects.filter(demande=demande, rang=2).delete()
    assert _copie(demande) == [codes["06155"]]
    SouhaitCommune.objects.filter(demande=demande).delete()
    assert _copie(demande) == []
    # every demand's copy equals its wishes (what the migration wrote, what the triggers keep)
    for d in Demande.objects.prefetch_related("souhaits_communes"):
        assert d.communes_souhaitees == [s.commune_id for s in sorted(d.souhaits_communes.all(), key=lambda s: s.rang)]


def test_une_demande_lue_avant_le_changement_de_ses_souhaits_ne_remet_pas_l_ancienne_copie(perimetres):
    antibes, agent_antibes = perimetres["antibes"]
    demande = perimetres["demandes"][0]  # wishes Antibes
    vieille = Demande.objects.get(pk=demande.pk)
    vallauris = Commune.objects.get(code_insee="06155")
    services.souhaits_definir(par=agent_antibes, demande=demande, communes=[vallauris])
    vieille.loyer_max = 650
    vieille.save()
    assert _copie(demande) == [vallauris.pk]
    assert Demande.objects.get(pk=demande.pk).loyer_max == 650


def test_la_copie_n_ecrit_rien_au_journal_de_la_demande(perimetres):
    import pghistory.models

    antibes, agent_antibes = perimetres["antibes"]
    demande = perimetres["demandes"][2]
    avant = pghistory.models.Events.objects.tracks(demande).filter(pgh_model="demandes.DemandeEvent").count()
    SouhaitCommune.objects.filter(demande=demande, rang=2).delete()  # only the copy changes on the demand's row
    apres = pghistory.models.Events.objects.tracks(demande).filter(pgh_model="demandes.DemandeEvent").count()
    assert apres == avant
    evenements_des_souhaits = apps.get_model("demandes", "SouhaitCommuneEvent").objects  # the removal is audited
    assert evenements_des_souhaits.filter(demande_id=demande.pk, pgh_label="delete").exists()


def test_le_filtre_par_commune_donne_chaque_demande_une_fois(perimetres):
    """The list's filter by commune reads the same copy: the demands wishing it or accepting any commune, each once
    (the join on the wishes gave a demand accepting any commune once per wish)."""
    from demandes.selectors import filtrer_demandes

    antibes = Commune.objects.get(code_insee="06004")
    toutes = perimetres["demandes"][3]  # wishes Antibes and Vallauris, and now any commune too
    Demande.objects.filter(pk=toutes.pk).update(toute_commune=True)
    Demande.objects.filter(pk=perimetres["demandes"][4].pk).update(toute_commune=True)  # wishes Vallauris only
    trouvees = list(filtrer_demandes(Demande.objects.all(), {"commune": antibes}).values_list("pk", flat=True))
    attendues = {
        d.pk
        for d in Demande.objects.prefetch_related("souhaits_communes").filter(etat__in=["ACTIVE", "QUALIFIEE"])
        if d.toute_commune or any(s.commune_id == antibes.pk for s in d.souhaits_communes.all())
    }
    assert len(trouvees) == len(set(trouvees)) and set(trouvees) == attendues
    assert {toutes.pk, perimetres["demandes"][4].pk} <= attendues


def test_un_guichet_ne_lit_pas_le_brouillon_d_un_autre_et_son_accueil_compte_les_siennes(perimetres, client):
    """A draft is its counter's work: another counter does not read it even when it wishes its commune. The home's
    tasks of a counter's agent count the demands filed at its counter (those it acts on), and open that list."""
    from demandes.selectors import demandes_de_la_liste

    antibes, agent_antibes = perimetres["antibes"]
    brouillon_de_vallauris = perimetres["demandes"][6]  # a draft at Vallauris wishing Antibes
    assert brouillon_de_vallauris.etat == EtatDemande.BROUILLON
    assert not demandes_visibles(agent_antibes).filter(pk=brouillon_de_vallauris.pk).exists()
    _, agent_vallauris = perimetres["vallauris"]
    assert demandes_visibles(agent_vallauris).filter(pk=brouillon_de_vallauris.pk).exists()
    # registered, it is shared with the counters of the communes it wishes
    Demande.objects.filter(pk=brouillon_de_vallauris.pk).update(
        etat=EtatDemande.ACTIVE, numero="CASA-2026-999999", date_enregistrement=dt.date(2026, 11, 30)
    )
    assert demandes_visibles(agent_antibes).filter(pk=brouillon_de_vallauris.pk).exists()
    siennes = demandes_de_la_liste(agent_antibes, "etat=ACTIVE&guichet=mien")
    toutes = demandes_de_la_liste(agent_antibes, "etat=ACTIVE")
    assert set(siennes.values_list("guichet_id", flat=True)) == {antibes.pk}
    assert toutes.count() > siennes.count() > 0
    client.force_login(agent_antibes)
    accueil = client.get("/").content.decode()
    assert "/demandes/?etat=ACTIVE&amp;guichet=mien" in accueil
    assert (
        client.get("/demandes/", {"etat": "ACTIVE", "guichet": "mien"}).content.decode().count('<a href="/demandes/')
        >= siennes.count()
    )
