"""Gestion en flux (objectives, consumption) and the résidence watch (indicators, fragile flag), from known data."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings

from commun.erreurs import ErreurMetier
from programmation import flux, observatoire
from programmation.models import (
    EtatDisponibilite,
    Logement,
    ObjectifFlux,
    Occupation,
    Residence,
)
from territoire.models import Commune, Organisation
from territoire.roles import Role, TypeOrganisation
from tests.programmation.fabriques import dispo_creee
from tests.territoire.fabriques import OrganisationFactory, agent

JOUR = dt.date(2026, 11, 29)


@pytest.fixture
def monde(referentiel):
    erilia = referentiel["erilia"]
    autre = OrganisationFactory(nom="Logis du Sud", slug="logis-du-sud", type=TypeOrganisation.BAILLEUR)
    antibes = Commune.objects.get(code_insee="06004")
    vallauris = Commune.objects.get(code_insee="06155")
    residences = {
        "A": Residence.objects.create(bailleur=erilia, reference="A", nom="A", adresse="a", commune=antibes),
        "V": Residence.objects.create(
            bailleur=erilia, reference="V", nom="V", adresse="v", commune=vallauris, en_qpv=True
        ),
        "S": Residence.objects.create(bailleur=autre, reference="S", nom="S", adresse="s", commune=antibes),
    }
    logements = {}
    for cle, residence in residences.items():
        for i in range(10):
            logements[(cle, i)] = Logement.objects.create(
                residence=residence, numero=str(i), typologie="T3", financement="PLUS", surface=65, etage=i // 4,
                loyer=450, charges=80,
            )  # fmt: skip
    return {"erilia": erilia, "autre": autre, "residences": residences, "logements": logements, **referentiel}


# ---------------------------------------------------------------------------------------------------- gestion en flux


def test_objectifs_et_consommation_de_l_annee(monde):
    casa = agent(monde["casa"], Role.INSTRUCTEUR)
    erilia, etat, al = monde["erilia"], monde["prefecture-06"], monde["action-logement"]
    flux.objectif_fixer(par=casa, annee=2026, bailleur=erilia, reservataire=etat, part=Decimal(25))
    flux.objectif_fixer(par=casa, annee=2026, bailleur=erilia, reservataire=al, nombre=3)
    lg = monde["logements"]
    d = dt.date(2026, 3, 1)
    for i in range(4):  # the State: 4 dwellings
        dispo_creee(lg[("A", i)], etat, le=d, declarant=casa)
    dispo_creee(lg[("A", 4)], al, le=d, declarant=casa)
    dispo_creee(lg[("A", 5)], erilia, le=d, declarant=casa, etat=EtatDisponibilite.A_POURVOIR)  # own stock, counts
    for i in range(6):
        dispo_creee(lg[("V", i)], erilia, le=d, declarant=casa)
    dispo_creee(lg[("V", 6)], etat, le=d, declarant=casa, hors_flux=True)  # an internal move: outside the flow
    dispo_creee(lg[("V", 7)], etat, le=d, declarant=casa, etat=EtatDisponibilite.ANNULE)  # cancelled: no
    dispo_creee(lg[("V", 8)], etat, le=dt.date(2025, 12, 31), declarant=casa)  # last year: no
    dispo_creee(lg[("S", 0)], etat, le=d, declarant=casa)  # another landlord's flow
    lignes = {li.reservataire.slug: li for li in flux.bilan(2026, bailleurs=Organisation.objects.filter(pk=erilia.pk))}
    assert set(lignes) == {"prefecture-06", "action-logement", "erilia"}
    etat_ = lignes["prefecture-06"]
    assert (etat_.flux, etat_.droits, etat_.consomme, etat_.ecart) == (12, 3, 4, 1)  # 25 % of 12 = 3
    assert etat_.part_realisee == 4 / 12
    al_ = lignes["action-logement"]
    assert (al_.droits, al_.consomme, al_.ecart) == (3, 1, -2)
    propre = lignes["erilia"]
    assert propre.est_contingent_propre and propre.objectif is None and propre.droits is None
    assert propre.consomme == 7
    # a réservataire reads only its own lines
    seules = flux.bilan(2026, bailleurs=Organisation.objects.filter(type="BAILLEUR"), reservataire=etat)
    assert {(li.bailleur.slug, li.consomme) for li in seules} == {("erilia", 4), ("logis-du-sud", 1)}


def test_un_objectif_mal_forme_est_refuse_sans_rien_ecrire(monde):
    casa = agent(monde["casa"], Role.INSTRUCTEUR)
    erilia, etat, al = monde["erilia"], monde["prefecture-06"], monde["action-logement"]
    flux.objectif_fixer(par=casa, annee=2026, bailleur=erilia, reservataire=etat, part=Decimal(80))
    for kwargs, message in (
        ({"reservataire": al, "part": Decimal(30)}, "dépasseraient 100 % du flux \\(110 %\\)"),
        ({"reservataire": al, "part": Decimal(5), "nombre": 2}, "soit une part du flux, soit un nombre"),
        ({"reservataire": al}, "soit une part du flux, soit un nombre"),
        ({"reservataire": al, "nombre": 0}, "doit être positif"),
        ({"reservataire": erilia, "part": Decimal(5)}, "n'est pas un réservataire de ce bailleur"),
        ({"reservataire": al, "part": Decimal(120)}, "entre 0 et 100"),
    ):
        with pytest.raises(ErreurMetier, match=message):
            flux.objectif_fixer(par=casa, annee=2026, bailleur=erilia, **kwargs)
    assert list(ObjectifFlux.objects.values_list("reservataire__slug", "part")) == [("prefecture-06", Decimal(80))]
    # replacing the State's own share is not counted twice
    flux.objectif_fixer(par=casa, annee=2026, bailleur=erilia, reservataire=etat, part=Decimal(30))
    assert ObjectifFlux.objects.get().part == Decimal(30)


def test_seuls_la_casa_et_le_bailleur_fixent_ses_objectifs(monde):
    erilia, etat = monde["erilia"], monde["prefecture-06"]
    gestionnaire = agent(erilia, Role.GESTIONNAIRE_BAILLEUR)
    flux.objectif_fixer(par=gestionnaire, annee=2026, bailleur=erilia, reservataire=etat, part=Decimal(25))
    for intrus in (
        agent(monde["autre"], Role.GESTIONNAIRE_BAILLEUR),
        agent(etat, Role.RESERVATAIRE),
        agent(monde["casa"], Role.LECTEUR),
    ):
        with pytest.raises(PermissionDenied):
            flux.objectif_fixer(par=intrus, annee=2026, bailleur=erilia, reservataire=etat, part=Decimal(10))
    assert ObjectifFlux.objects.get().part == 25


# ---------------------------------------------------------------------------------------------------- résidence watch


def _occ(logement, *, debut, fin=None, personnes=2, quartile=2, prioritaire=False):
    return Occupation.objects.create(
        logement=logement, debut=debut, fin=fin, personnes=personnes, quartile=quartile, prioritaire=prioritaire
    )


@pytest.fixture
def occupee(monde):
    lg = monde["logements"]
    ancien = dt.date(2015, 5, 1)
    # A (Antibes, 10 dwellings): 9 old households (3 first quartile, 1 quartile unknown) and a new one
    for i, (q, p, n) in enumerate([(1, True, 1), (1, False, 2), (1, False, 4), (2, True, 3), (3, False, 5)]):
        _occ(lg[("A", i)], debut=ancien, quartile=q, prioritaire=p, personnes=n)
    for i in range(5, 8):
        _occ(lg[("A", i)], debut=ancien, quartile=4, personnes=2)
    _occ(lg[("A", 8)], debut=ancien, quartile=None, personnes=6)
    # dwelling 9: a departure in the year, then an arrival 40 days later (an attribution of the year)
    _occ(lg[("A", 9)], debut=ancien, fin=dt.date(2026, 2, 1), quartile=1, personnes=3)
    _occ(lg[("A", 9)], debut=dt.date(2026, 3, 13), quartile=1, prioritaire=True, personnes=2)
    # V (QPV, 10 dwellings): 6 in place, all first quartile; 3 departures in the year; 1 left before
    for i in range(6):
        _occ(lg[("V", i)], debut=ancien, quartile=1, prioritaire=i < 3, personnes=4)
    for i in range(6, 9):
        _occ(lg[("V", i)], debut=ancien, fin=JOUR - dt.timedelta(days=30 * (i - 5)), quartile=2)
    _occ(lg[("V", 9)], debut=ancien, fin=JOUR - dt.timedelta(days=400), quartile=2)
    # an arrival announced for next week does not count yet
    _occ(lg[("S", 0)], debut=JOUR + dt.timedelta(days=7), quartile=1)
    return monde


def test_indicateurs_d_une_residence(occupee):
    ind = observatoire.indicateurs(Residence.objects.all(), groupe="residence", jour=JOUR)
    a = ind[occupee["residences"]["A"].pk]
    assert (a.logements, a.occupes, a.vacants, a.taux_vacance) == (10, 10, 0, 0)
    assert (a.quartile_connu, a.q1, a.part_q1) == (9, 4, 4 / 9)
    assert (a.prioritaires, a.part_prioritaires) == (3, 0.3)
    assert a.total_personnes == (1 + 2 + 4 + 3 + 5) + 2 * 3 + 6 + 2
    assert a.tailles == {"1 personne": 1, "2 personnes": 5, "3 ou 4": 2, "5 et plus": 2}
    assert (a.departs, a.rotation) == (1, 0.1)
    assert (a.attributions, a.attributions_q1, a.part_q1_attributions, a.part_prioritaires_attributions) == (
        1,
        1,
        1.0,
        1.0,
    )
    v = ind[occupee["residences"]["V"].pk]
    assert (v.occupes, v.vacants, v.taux_vacance, v.part_q1, v.part_prioritaires) == (6, 4, 0.4, 1.0, 0.5)
    assert (v.departs, v.rotation, v.attributions) == (3, 0.3, 0)
    s = ind[occupee["residences"]["S"].pk]
    assert (s.occupes, s.vacants, s.attributions) == (0, 10, 0)


def test_residence_fragile_a_surveiller_ou_equilibree(occupee):
    ind = observatoire.indicateurs(Residence.objects.all(), groupe="residence", jour=JOUR)
    a, v = ind[occupee["residences"]["A"].pk], ind[occupee["residences"]["V"].pk]
    assert a.signaux == ["ménages du 1er quartile parmi les occupants : 44,4\u00a0% (seuil 40,0\u00a0%)"]
    assert a.a_surveiller and not a.fragile
    assert v.fragile and len(v.signaux) == 4  # Q1, priority, turnover, vacancy
    assert "rotation sur douze mois : 30,0\u00a0% (seuil 12,0\u00a0%)" in v.signaux
    with override_settings(CASA_SEUILS_FRAGILITE={"part_q1_occupants": 0.5}):
        assert not a.signaux and not a.a_surveiller


def test_chiffres_d_une_commune_et_du_territoire(occupee):
    antibes = Commune.objects.get(code_insee="06004")
    ind = observatoire.indicateurs(Residence.objects.all(), groupe="commune", jour=JOUR)
    c = ind[antibes.pk]
    assert (c.logements, c.occupes, c.q1, c.departs, c.attributions) == (20, 10, 4, 1, 1)
    total = observatoire.indicateurs(Residence.objects.all(), groupe="territoire", jour=JOUR)[None]
    assert (total.logements, total.occupes, total.vacants, total.departs) == (30, 16, 14, 4)
    erilia = observatoire.indicateurs(
        Residence.objects.filter(bailleur=occupee["erilia"]), groupe="territoire", jour=JOUR
    )[None]
    assert (erilia.logements, erilia.occupes) == (20, 16)


def test_synthese_par_reservataire_tous_bailleurs(monde):
    casa = agent(monde["casa"], Role.INSTRUCTEUR)
    erilia, autre, etat = monde["erilia"], monde["autre"], monde["prefecture-06"]
    flux.objectif_fixer(par=casa, annee=2026, bailleur=erilia, reservataire=etat, part=Decimal(50))
    flux.objectif_fixer(par=casa, annee=2026, bailleur=autre, reservataire=etat, nombre=4)
    lg, d = monde["logements"], dt.date(2026, 5, 1)
    dispo_creee(lg[("A", 0)], etat, le=d, declarant=casa)
    dispo_creee(lg[("A", 1)], erilia, le=d, declarant=casa)
    dispo_creee(lg[("S", 0)], etat, le=d, declarant=casa)
    dispo_creee(lg[("S", 1)], monde["action-logement"], le=d, declarant=casa)  # no objective with this landlord
    lignes = flux.bilan(2026, bailleurs=Organisation.objects.filter(type="BAILLEUR"))
    (s_etat, s_al) = flux.synthese(lignes)
    assert (s_etat.reservataire, s_etat.bailleurs, s_etat.droits, s_etat.consomme, s_etat.ecart) == (etat, 2, 5, 2, -3)
    assert (s_al.bailleurs, s_al.droits, s_al.consomme, s_al.ecart) == (0, 0, 1, 0)


def test_une_residence_sans_occupation_connue_n_est_pas_signalee(occupee):
    s = observatoire.indicateurs(Residence.objects.all(), groupe="residence", jour=JOUR)[occupee["residences"]["S"].pk]
    assert (s.occupes, s.vacants, s.attributions) == (0, 10, 0)
    assert not s.connue and s.signaux == [] and not s.fragile
