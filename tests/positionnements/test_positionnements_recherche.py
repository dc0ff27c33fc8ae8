"""The search's SQL query and the pure rules are two encodings of the same rules: on the demo (a few hundred demands of
every kind, dwellings of every typology), demand by demand, they must say the same, and rank in the same order."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from demandes import reference
from demandes.models import Demande
from positionnements import recherche, regles
from positionnements.models import ReglesPositionnement
from positionnements.recherche import requete
from programmation.models import Disponibilite


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--scale", "0.03", verbosity=0)


@pytest.mark.parametrize(
    "options",
    [recherche.Options(), recherche.Options(ecart_typologie=1), recherche.Options(secteur=True)],
    ids=["logement", "ecart", "secteur"],
)
def test_la_requete_et_les_regles_disent_la_meme_chose(demo, options):
    """The query narrows to the dwelling's perimeter before it scans (the demands wishing its commune — its sector's
    with the option, named once however many of them they wish — and those accepting any commune): the perimeter
    loses no one and counts no one twice, as the pure rules say demand by demand."""
    jour = timezone.localdate()
    baremes = reference.baremes_en_vigueur(jour)
    demandes = list(Demande.objects.prefetch_related("personnes", "souhaits_communes__commune"))
    dispos = list(Disponibilite.objects.select_related("logement__residence__commune").order_by("pk")[:12])
    assert len(demandes) > 250 and len(dispos) == 12
    # the perimeter's cases are in the demo: accepting any commune with and without a wish, several wishes
    assert any(d.toute_commune and d.souhaits_communes.all() for d in demandes)
    assert any(d.toute_commune and not d.souhaits_communes.all() for d in demandes)
    assert any(len(d.souhaits_communes.all()) > 1 for d in demandes)
    # the first dwelling's landlord has rules of its own over CASA's (positionnements/regles_bailleurs.py)
    ReglesPositionnement.objects.create(
        organisation_id=dispos[0].logement.residence.bailleur_id,
        date_effet=jour,
        taux_effort_max=Decimal("0.28"),
        tailles={"T2": [1, 3], "T3": [3, 4]},
    )
    trouves = 0
    for dispo in dispos:
        secteur = requete.communes_du_secteur(dispo, options)
        p = recherche.parametres(dispo, jour=jour, ecart_typologie=options.ecart_typologie, communes_secteur=secteur)
        lg = recherche.logement_regles(dispo)
        if lg.financement not in baremes:
            continue
        en_retard = recherche.quota_q1_en_retard(dispo, jour)
        sql, params = requete.requete_sql(
            dispo,
            p=p,
            options=options,
            jour=jour,
            en_retard=en_retard,
            baremes=baremes,
            limite=None,
        )
        ids = [t.demande.pk for t in requete.executer(sql, params)]
        candidats = {d.pk: recherche.candidat(d, jour=jour, baremes=baremes) for d in demandes}
        eligibles = [d for d in demandes if regles.examiner(candidats[d.pk], lg, p).eligible]
        assert set(ids) == {d.pk for d in eligibles}, dispo.pk
        attendu = sorted(eligibles, key=lambda d: regles.cle_de_rang(candidats[d.pk], lg, quota_q1_en_retard=en_retard))
        assert ids == [d.pk for d in attendu], dispo.pk
        trouves += len(ids)
    assert trouves > 100  # the comparison is not between two empty lists
    if options.secteur:  # the sector widens: some dwelling's commune shares a sector with other communes
        assert any(len(requete.communes_acceptees(d, options)) > 1 for d in dispos)


def test_chercher_donne_le_meme_compte_et_les_memes_premiers(demo):
    dispo = Disponibilite.objects.select_related("logement__residence__commune").order_by("pk").first()
    complet = recherche.chercher(dispo, limite=1000)
    court = recherche.chercher(dispo, limite=5)
    assert court.total == complet.total == len(complet.lignes)
    assert [li.demande.pk for li in court.lignes] == [li.demande.pk for li in complet.lignes[:5]]
    assert recherche.chercher(dispo, limite=0).total == complet.total
    assert all(li.examen.eligible for li in complet.lignes)
