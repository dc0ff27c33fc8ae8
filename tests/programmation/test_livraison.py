"""A programme's states (projet → financé → en chantier → livré) and its delivery: résidence, dwellings with their
réservataire, dwellings to fill."""

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from commun.erreurs import ErreurMetier
from programmation import livraison, reunions
from programmation.models import (
    Disponibilite,
    EtatDisponibilite,
    EtatProgramme,
    Logement,
    OrigineDisponibilite,
    Programme,
    Residence,
    TransitionProgramme,
)
from territoire.roles import Role, TypeOrganisation
from tests.programmation.fabriques import parts_de
from tests.territoire.fabriques import OrganisationFactory, agent


@pytest.fixture
def valide(programme, referentiel):  # noqa: F811
    casa, p = programme
    r = reunions.reunion_convoquer(
        par=casa, programme=p, date=timezone.now() + dt.timedelta(days=3), lieu="CASA", organisations=[]
    )
    reunions.repartition_enregistrer(par=casa, reunion=r, parts=parts_de(referentiel))
    reunions.reunion_valider(par=casa, reunion=r)
    return casa, p


def _jusqu_au_chantier(casa, p):
    livraison.programme_avancer(par=casa, programme=p, vers=EtatProgramme.FINANCE, commentaire="Agrément obtenu")
    return livraison.programme_avancer(par=casa, programme=p, vers=EtatProgramme.CHANTIER)


def _caracteristiques(p):
    return {
        (lot.typologie, lot.financement): livraison.Caracteristiques(Decimal(60), Decimal("420.50"), Decimal(90))
        for lot in p.lots.all()
    }


def test_le_financement_attend_la_repartition_validee(programme):  # noqa: F811
    casa, p = programme
    with pytest.raises(ErreurMetier, match="validée en réunion avant les demandes de garantie"):
        livraison.programme_avancer(par=casa, programme=p, vers=EtatProgramme.FINANCE)
    p.refresh_from_db()
    assert p.etat == EtatProgramme.PROJET
    assert not TransitionProgramme.objects.exists()


def test_les_etats_se_suivent_un_par_un_et_sont_journalises(valide):
    casa, p = valide
    with pytest.raises(ErreurMetier, match="« Projet » : il ne peut passer qu'à « Financé »"):
        livraison.programme_avancer(par=casa, programme=p, vers=EtatProgramme.CHANTIER)
    p = _jusqu_au_chantier(casa, p)
    assert p.etat == EtatProgramme.CHANTIER
    journal = list(TransitionProgramme.objects.filter(programme=p).values_list("de", "vers", "motif", "par"))
    assert journal == [
        (EtatProgramme.PROJET, EtatProgramme.FINANCE, "Agrément obtenu", casa.pk),
        (EtatProgramme.FINANCE, EtatProgramme.CHANTIER, "", casa.pk),
    ]
    with pytest.raises(ErreurMetier, match="« Livrer »"):
        livraison.programme_avancer(par=casa, programme=p, vers=EtatProgramme.LIVRE)


def test_la_livraison_cree_la_residence_les_logements_et_leurs_disponibilites(valide, referentiel):
    casa, p = valide
    _jusqu_au_chantier(casa, p)
    livre_le = timezone.localdate() + dt.timedelta(days=20)
    residence = livraison.programme_livrer(
        par=casa, programme=p, date_livraison=livre_le, reference="GARB-01", caracteristiques=_caracteristiques(p)
    )
    p.refresh_from_db()
    assert (p.etat, p.livre_le, p.residence) == (EtatProgramme.LIVRE, livre_le, residence)
    assert (residence.bailleur, residence.commune, residence.nombre_logements) == (p.bailleur, p.commune, 20)
    assert residence.annee_construction == livre_le.year
    logements = Logement.objects.filter(residence=residence)
    assert logements.count() == 20
    # every dwelling has the réservataire of the split; Erilia's own share stays without réservataire
    par_reservataire = Counter(
        (lg.reservataire.slug if lg.reservataire else None, lg.typologie, lg.financement) for lg in logements
    )
    assert par_reservataire == Counter(
        {
            ("prefecture-06", "T2", "PLAI"): 4,
            ("prefecture-06", "T3", "PLUS"): 2,
            ("action-logement", "T2", "PLUS"): 6,
            ("commune-valbonne", "T3", "PLUS"): 4,
            (None, "T3", "PLUS"): 2,
            (None, "T4", "PLS"): 2,
        }
    )
    assert {lg.numero for lg in logements} == {f"{i:03d}" for i in range(1, 21)}
    assert all(lg.surface == 60 and lg.loyer == Decimal("420.50") for lg in logements)
    assert logements.filter(etage=0).count() == livraison.LOGEMENTS_PAR_PALIER
    assert logements.filter(ascenseur=True).count() == 20  # five floors: a lift
    dispos = Disponibilite.objects.filter(logement__residence=residence)
    assert dispos.count() == 20
    assert set(dispos.values_list("origine", "etat", "date_liberation")) == {
        (OrigineDisponibilite.LIVRAISON, EtatDisponibilite.A_POURVOIR, livre_le)
    }
    assert Counter(dispos.values_list("reservataire__slug", flat=True)) == {
        "prefecture-06": 6,
        "action-logement": 6,
        "commune-valbonne": 4,
        "erilia": 4,  # the landlord fills its own share
    }
    assert TransitionProgramme.objects.filter(programme=p).last().motif.startswith("20 logements livrés le")
    with pytest.raises(ErreurMetier, match="est livré : son état ne change plus"):
        livraison.programme_avancer(par=casa, programme=p, vers=EtatProgramme.LIVRE)


def test_une_livraison_refusee_n_ecrit_rien(valide, referentiel):
    casa, p = valide
    _jusqu_au_chantier(casa, p)
    jour = timezone.localdate()
    existante = Residence.objects.create(
        bailleur=p.bailleur, reference="GARB-01", nom="Déjà là", adresse="1 rue", commune=p.commune
    )
    for kwargs, message in (
        ({"reference": "GARB-01"}, "déjà une résidence de référence « GARB-01 »"),
        ({"date_livraison": jour - dt.timedelta(days=200)}, "trois mois avant et un an après"),
        ({"reference": "  "}, "Donnez la référence"),
    ):
        args = {"reference": "GARB-02", "date_livraison": jour, "caracteristiques": _caracteristiques(p)} | kwargs
        with pytest.raises(ErreurMetier, match=message):
            livraison.programme_livrer(par=casa, programme=p, **args)
    mauvaises = _caracteristiques(p)
    mauvaises[("T3", "PLUS")] = livraison.Caracteristiques(Decimal(0), Decimal(400), Decimal(50))
    with pytest.raises(ErreurMetier, match="T3 PLUS : la surface") as err:
        livraison.programme_livrer(
            par=casa, programme=p, reference="GARB-02", date_livraison=jour, caracteristiques=mauvaises
        )
    assert err.value.champ == "surface_T3_PLUS"
    assert list(Residence.objects.all()) == [existante]
    assert not Logement.objects.exists() and not Disponibilite.objects.exists()
    p.refresh_from_db()
    assert p.etat == EtatProgramme.CHANTIER


def test_le_bailleur_du_programme_le_fait_avancer_un_autre_non(valide, referentiel):
    _, p = valide
    gestionnaire = agent(referentiel["erilia"], Role.GESTIONNAIRE_BAILLEUR)
    assert livraison.programme_avancer(par=gestionnaire, programme=p, vers=EtatProgramme.FINANCE).etat == "FINANCE"
    autre = agent(OrganisationFactory(nom="Autre bailleur", type=TypeOrganisation.BAILLEUR), Role.GESTIONNAIRE_BAILLEUR)
    with pytest.raises(PermissionDenied):
        livraison.programme_avancer(par=autre, programme=p, vers=EtatProgramme.CHANTIER)
    lecteur = agent(referentiel["casa"], Role.LECTEUR)
    with pytest.raises(PermissionDenied):
        livraison.programme_avancer(par=lecteur, programme=p, vers=EtatProgramme.CHANTIER)
    assert Programme.objects.get(pk=p.pk).etat == EtatProgramme.FINANCE


def test_les_caracteristiques_proposees_sont_les_moyennes_du_parc(valide, referentiel):
    _, p = valide
    # no dwelling in the territory yet: the usual figures
    proposees = livraison.caracteristiques_proposees(p)
    assert proposees[("T2", "PLAI")] == livraison.Caracteristiques(Decimal(46), Decimal("285.20"), Decimal("82.80"))
    residence = Residence.objects.create(bailleur=p.bailleur, reference="R1", nom="R", adresse="a", commune=p.commune)
    for numero, surface, loyer in (("1", 44, 300), ("2", 48, 320)):
        Logement.objects.create(
            residence=residence,
            numero=numero,
            typologie="T2",
            financement="PLAI",
            surface=surface,
            etage=0,
            loyer=loyer,
            charges=50,
        )
    proposees = livraison.caracteristiques_proposees(p)
    assert proposees[("T2", "PLAI")] == livraison.Caracteristiques(Decimal(46), Decimal("310.00"), Decimal("50.00"))
