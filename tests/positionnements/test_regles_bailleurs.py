"""Each landlord's positioning rules over CASA's (issue 20): dated versions, the rules of a day and who set each one,
the same household judged under CASA's default effort rate and under a landlord's stricter one, before and after a
dated change; the bounds of a new version."""

import datetime as dt
import re
from decimal import Decimal

import pghistory.models
import pytest
from django.core.exceptions import PermissionDenied

from commun.erreurs import ErreurMetier
from positionnements import impact, recherche, regles_bailleurs, services
from positionnements.models import ReglesPositionnement
from territoire.roles import Role
from tests.horloge import JOUR, MOMENT, figer
from tests.territoire.fabriques import OrganisationFactory, agent

pytestmark = pytest.mark.jour_fige

DANS_DIX_JOURS = JOUR + dt.timedelta(days=10)


@pytest.fixture
def admin_erilia(referentiel):
    return agent(referentiel["erilia"], Role.ADMINISTRATEUR)


def _plus_strict(admin, bailleur, **kw):
    """Erilia's effort rate of 20 % from ten days on (the households of the world pay 23 %)."""
    valeurs = {"taux_effort_max": Decimal("0.20"), "date_effet": DANS_DIX_JOURS, "motif": "RIA 2026", **kw}
    return services.regles_enregistrer(par=admin, bailleur=bailleur, **valeurs)


def test_la_migration_reprend_le_reglage_comme_regles_de_la_casa(referentiel):
    """Written by migration 0009, or again by charger_referentiel in a base emptied since (a flushed test base)."""
    casa = ReglesPositionnement.objects.get(organisation__isnull=True)
    assert (casa.taux_effort_max, casa.reste_a_vivre_min, casa.cree_par) == (Decimal("0.33"), Decimal(10), None)
    assert casa.tailles["T2"] == [1, 2] and casa.tailles["T6"] == [6, None]
    applicables = regles_bailleurs.regles_applicables(None, JOUR)
    assert applicables.parametres.taux_effort_max == Decimal("0.33")
    assert applicables.de("taux_effort_max").texte == "règle de la CASA, depuis le 01/01/2000"


def test_le_meme_menage_sous_la_regle_de_la_casa_puis_sous_celle_du_bailleur(monde, admin_erilia, referentiel):
    dispo, modeste = monde["dispos"][0], monde["demandes"]["modeste"]
    _plus_strict(admin_erilia, referentiel["erilia"])
    # today: CASA's 33 % still applies, and says so
    avant = recherche.pourquoi(dispo, modeste, jour=JOUR)
    assert avant.eligible
    resultat = recherche.chercher(dispo, jour=JOUR)
    assert resultat.total == 4
    ligne = next(li for li in resultat.lignes if li.demande.pk == modeste.pk)
    assert any("(au plus 33,0\u00a0%, règle de la CASA, depuis le 01/01/2000)" in r for r in ligne.raisons)
    # from the date of effect: Erilia's 20 %, named as the landlord's rule
    apres = recherche.pourquoi(dispo, modeste, jour=DANS_DIX_JOURS)
    assert (apres.eligible, apres.regle) == (False, "TAUX_EFFORT")
    assert apres.message == (
        "Taux d'effort de 23,0\u00a0%, au-delà des 20,0\u00a0% admis (règle du bailleur Erilia, depuis le 28/11/2026)."
    )
    assert "règle du bailleur" in apres.message
    assert recherche.chercher(dispo, jour=DANS_DIX_JOURS).total == 0
    # the search of a day is explained by that day's rules, whatever the clock says
    with figer(MOMENT + dt.timedelta(days=12)):
        assert not recherche.pourquoi(dispo, modeste).eligible
        assert recherche.pourquoi(dispo, modeste, jour=JOUR).eligible


def test_un_champ_vide_du_bailleur_est_la_regle_de_la_casa_du_jour(monde, admin_erilia, referentiel):
    admin_casa = agent(referentiel["casa"], Role.ADMINISTRATEUR)
    _plus_strict(admin_erilia, referentiel["erilia"], tailles={"T3": (3, 5)})
    services.regles_enregistrer(
        par=admin_casa,
        bailleur=None,
        date_effet=DANS_DIX_JOURS + dt.timedelta(days=5),
        taux_effort_max=Decimal("0.40"),
        reste_a_vivre_min=Decimal("12"),
        tailles={"T1": (1, 1), "T2": (1, 2), "T3": (2, 4), "T4": (3, 6), "T5": (4, 8), "T6": (6, None)},
        motif="Délibération du conseil communautaire",
    )
    jour = DANS_DIX_JOURS + dt.timedelta(days=5)
    applicables = regles_bailleurs.regles_applicables(referentiel["erilia"], jour)
    p = applicables.parametres
    assert (p.taux_effort_max, p.reste_a_vivre_min, p.tailles["T3"], p.tailles["T4"]) == (
        Decimal("0.20"),
        Decimal(12),
        (3, 5),
        (3, 6),
    )
    assert applicables.de("taux_effort_max").texte == "règle du bailleur Erilia, depuis le 28/11/2026"
    assert applicables.de("reste_a_vivre_min").texte == "règle de la CASA, depuis le 03/12/2026"
    assert applicables.de("tailles:T3").valeur == "de 3 à 5 personnes"
    assert applicables.de("tailles:T4").texte == "règle de la CASA, depuis le 03/12/2026"
    assert [r.cle for r in applicables.du_bailleur] == ["taux_effort_max", "tailles:T3"]
    # another landlord keeps CASA's rules
    autre = regles_bailleurs.regles_applicables(referentiel["commune-antibes"], jour)
    assert autre.parametres.taux_effort_max == Decimal("0.40") and not autre.du_bailleur
    # the typology's refusal names its rule and author too
    dispo, modeste = monde["dispos"][0], monde["demandes"]["modeste"]
    assert recherche.pourquoi(dispo, modeste, jour=DANS_DIX_JOURS).message.startswith("Taux d'effort")


def test_l_impact_dit_le_taux_d_effort_et_la_regle_du_bailleur(monde, admin_erilia, referentiel):
    dispo, modeste = monde["dispos"][0], monde["demandes"]["modeste"]
    _plus_strict(admin_erilia, referentiel["erilia"])
    regles = recherche.regles_du_logement(dispo, DANS_DIX_JOURS)
    *_, effort = impact.impact(dispo, modeste, jour=DANS_DIX_JOURS, regles=regles)
    assert round(effort.apres, 3) == 0.23
    assert effort.cible == "au plus 20,0\u00a0% (règle du bailleur Erilia, depuis le 28/11/2026)"


def test_sans_version_en_base_le_reglage_reste_la_regle_de_la_casa(db, settings):
    ReglesPositionnement.objects.all().delete()
    settings.CASA_POSITIONNEMENT = {"taux_effort_max": 0.30}
    applicables = regles_bailleurs.regles_applicables(None, JOUR)
    assert applicables.parametres.taux_effort_max == Decimal("0.3")
    assert applicables.parametres.reste_a_vivre_min == Decimal(10)
    assert applicables.de("taux_effort_max").texte == "règle de la CASA (réglage CASA_POSITIONNEMENT)"


def test_une_version_ne_se_modifie_pas_et_son_double_envoi_ne_compte_qu_une_fois(admin_erilia, referentiel):
    version = _plus_strict(admin_erilia, referentiel["erilia"], motif="Règlement intérieur de 2026")
    assert _plus_strict(admin_erilia, referentiel["erilia"], motif="Règlement intérieur de 2026").pk == version.pk
    version.taux_effort_max = Decimal("0.5")
    with pytest.raises(ValueError, match="ne se modifie pas"):
        version.save()
    (evenement,) = pghistory.models.Events.objects.tracks(version)
    assert evenement.pgh_label == "insert"
    # a change is a new version: both kept, the history
    services.regles_enregistrer(
        par=admin_erilia,
        bailleur=referentiel["erilia"],
        date_effet=DANS_DIX_JOURS,
        taux_effort_max=Decimal("0.25"),
        motif="Correction",
    )
    assert ReglesPositionnement.objects.filter(organisation=referentiel["erilia"]).count() == 2
    assert regles_bailleurs.regles_applicables(referentiel["erilia"], DANS_DIX_JOURS).parametres.taux_effort_max == (
        Decimal("0.25")
    )


@pytest.mark.parametrize(
    ("valeurs", "champ", "message"),
    [
        ({"date_effet": JOUR - dt.timedelta(days=1)}, "date_effet", "La date d'effet ne peut pas être passée"),
        ({"taux_effort_max": Decimal("1.2")}, "taux_effort_max", "entre 0 (exclu) et 100 %"),
        ({"taux_effort_max": Decimal("0")}, "taux_effort_max", "entre 0 (exclu) et 100 %"),
        ({"reste_a_vivre_min": Decimal("-1")}, "reste_a_vivre_min", "entre 0 et 1 000 €"),
        ({"tailles": {"T3": (4, 2)}}, "T3", "T3 : le nombre maximal de personnes est compris entre 4"),
        ({"tailles": {"T3": (0, 2)}}, "T3", "T3 : le nombre minimal de personnes est compris entre 1 et 30"),
    ],
)
def test_une_valeur_hors_bornes_est_refusee_en_francais(db, admin_erilia, referentiel, valeurs, champ, message):
    with pytest.raises(ErreurMetier, match=re.escape(message)) as erreur:
        _plus_strict(admin_erilia, referentiel["erilia"], **valeurs)
    assert erreur.value.champ == champ
    assert not ReglesPositionnement.objects.filter(organisation=referentiel["erilia"]).exists()


def test_les_regles_de_la_casa_disent_chaque_valeur(db, referentiel):
    admin_casa = agent(referentiel["casa"], Role.ADMINISTRATEUR)
    with pytest.raises(ErreurMetier, match="taux d'effort maximal de la CASA est obligatoire"):
        services.regles_enregistrer(par=admin_casa, bailleur=None, date_effet=JOUR)


def test_seuls_l_administrateur_du_bailleur_et_celui_de_la_casa_fixent_ses_regles(db, referentiel, admin_erilia):
    erilia = referentiel["erilia"]
    for qui in (
        agent(erilia, Role.GESTIONNAIRE_BAILLEUR),
        agent(referentiel["casa"], Role.INSTRUCTEUR),
        agent(referentiel["commune-antibes"], Role.ADMINISTRATEUR),
    ):
        with pytest.raises(PermissionDenied):
            _plus_strict(qui, erilia)
    with pytest.raises(PermissionDenied):  # CASA's rules: CASA's administrator only
        _plus_strict(admin_erilia, None, reste_a_vivre_min=Decimal(10))
    assert _plus_strict(agent(referentiel["casa"], Role.ADMINISTRATEUR), erilia).cree_par is not None


def test_une_version_sans_changement_ou_sans_motif_est_refusee(db, admin_erilia, referentiel):
    """Found by a newcomer: an empty version, or the values already in force, piled up as « versions » with no
    reason. A version is a change, with its reason; the same sending twice (a double click) stays one version."""
    erilia = referentiel["erilia"]
    premiere = _plus_strict(admin_erilia, erilia)
    assert _plus_strict(admin_erilia, erilia) == premiere  # a double click
    autre_admin = agent(erilia, Role.ADMINISTRATEUR)
    with pytest.raises(ErreurMetier, match="déjà celles en vigueur .* rien à enregistrer"):
        _plus_strict(autre_admin, erilia)  # the same values by someone else: nothing changes
    with pytest.raises(ErreurMetier, match="déjà celles en vigueur"):
        _plus_strict(admin_erilia, erilia, date_effet=DANS_DIX_JOURS + dt.timedelta(days=3))  # a later day, same
    with pytest.raises(ErreurMetier, match="Dites le motif du changement") as erreur:
        _plus_strict(admin_erilia, erilia, taux_effort_max=Decimal("0.25"), motif="  ")
    assert erreur.value.champ == "motif"
    # for a landlord without a version of its own, an empty one is CASA's rules again: nothing to record either
    with pytest.raises(ErreurMetier, match="Aucune valeur donnée : les règles de la CASA s'appliquent déjà"):
        services.regles_enregistrer(
            par=agent(referentiel["casa"], Role.ADMINISTRATEUR),
            bailleur=OrganisationFactory(),
            date_effet=JOUR,
            motif="x",
        )
    assert ReglesPositionnement.objects.filter(organisation=erilia).count() == 1
