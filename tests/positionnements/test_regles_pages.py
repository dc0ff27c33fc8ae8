"""The pages of the positioning rules: CASA's administrator sets CASA's defaults (and any landlord's), a landlord's
administrator its own landlord's only; the rules of the day with their provenance, a new version and its bad input,
the history; the menu entry."""

import datetime as dt
from decimal import Decimal

import pghistory.models
import pytest

from positionnements.models import ReglesPositionnement
from territoire.roles import Role
from tests.horloge import JOUR
from tests.territoire.fabriques import agent

pytestmark = pytest.mark.jour_fige

DEMAIN = (JOUR + dt.timedelta(days=1)).isoformat()


@pytest.fixture
def acteurs(referentiel):
    return {
        "admin_casa": agent(referentiel["casa"], Role.ADMINISTRATEUR),
        "admin_erilia": agent(referentiel["erilia"], Role.ADMINISTRATEUR),
        "gestionnaire_erilia": agent(referentiel["erilia"], Role.GESTIONNAIRE_BAILLEUR),
        "instructeur": agent(referentiel["casa"], Role.INSTRUCTEUR),
        "erilia": referentiel["erilia"],
    }


def _page(acteurs):
    return f"/positionnements/regles/bailleurs/{acteurs['erilia'].pk}/"


def test_l_administrateur_du_bailleur_fixe_son_taux_d_effort(client, acteurs):
    client.force_login(acteurs["admin_erilia"])
    page = client.get(_page(acteurs)).content.decode()
    assert "Règles de positionnement du bailleur Erilia" in page
    assert "règle de la CASA, depuis le 01/01/2000" in page
    assert f'href="{_page(acteurs)}">Règles de positionnement</a>' in page  # the account menu
    reponse = client.post(
        _page(acteurs), {"date_effet": JOUR.isoformat(), "taux_effort_pourcent": "25", "motif": "Règlement de 2026"}
    )
    assert reponse.status_code == 302
    version = ReglesPositionnement.objects.get(organisation=acteurs["erilia"])
    assert (version.taux_effort_max, version.reste_a_vivre_min, version.tailles) == (Decimal("0.25"), None, {})
    assert version.cree_par == acteurs["admin_erilia"]
    (evenement,) = pghistory.models.Events.objects.tracks(version)
    assert evenement.pgh_context["user"] == acteurs["admin_erilia"].pk
    page = client.get(_page(acteurs)).content.decode()
    assert "règle du bailleur Erilia, depuis le 18/11/2026" in page
    assert "Taux d&#x27;effort maximal : 25,0\u00a0%" in page  # the history
    assert "Reste à vivre minimal : règle de la CASA" in page
    assert "Règlement de 2026" in page


@pytest.mark.parametrize(
    ("saisie", "message"),
    [
        (
            {"date_effet": "2026-11-17", "taux_effort_pourcent": "25", "motif": "x"},
            "La date d&#x27;effet ne peut pas être passée",
        ),
        ({"date_effet": "", "taux_effort_pourcent": "25"}, "Indiquez la date d&#x27;effet."),
        ({"date_effet": "31/02/2027"}, "Date illisible"),
        (
            {"date_effet": "9999-12-31", "taux_effort_pourcent": "25", "motif": "x"},
            "La date d&#x27;effet est à plus de deux ans",
        ),
        (
            {"date_effet": DEMAIN, "taux_effort_pourcent": "150"},
            "Le taux d&#x27;effort maximal est compris entre 0 (exclu) et 100 % (inclus).",
        ),
        ({"date_effet": DEMAIN, "taux_effort_pourcent": "0", "motif": "x"}, "entre 0 (exclu) et 100 %"),
        ({"date_effet": DEMAIN, "taux_effort_pourcent": "trente"}, "Un pourcentage, par exemple 33"),
        ({"date_effet": DEMAIN, "reste_a_vivre_min": "-2"}, "Le reste à vivre minimal est positif ou nul."),
        ({"date_effet": DEMAIN, "T3_min": "4", "T3_max": "2"}, "Le maximum est au moins égal au minimum."),
        ({"date_effet": DEMAIN, "T3_max": "2"}, "Indiquez aussi le nombre minimal de personnes."),
        ({"date_effet": DEMAIN, "T4_min": "0"}, "Au moins 1 personne."),
        ({"date_effet": DEMAIN, "motif": "x" * 301}, "301"),
        # found by a newcomer: Python's Decimal reads « 1e2 » as 100 %; a huge value was said twice
        ({"date_effet": DEMAIN, "taux_effort_pourcent": "1e2", "motif": "x"}, "Un pourcentage, par exemple 33"),
        ({"date_effet": DEMAIN, "taux_effort_pourcent": "NaN", "motif": "x"}, "Un pourcentage, par exemple 33"),
        ({"date_effet": DEMAIN, "taux_effort_pourcent": "25"}, "Dites le motif du changement"),
    ],
)
def test_une_saisie_fausse_est_dite_en_francais_et_rien_n_est_ecrit(client, acteurs, saisie, message):
    client.force_login(acteurs["admin_erilia"])
    reponse = client.post(_page(acteurs), saisie)
    assert reponse.status_code == 200
    assert message in reponse.content.decode()
    assert not ReglesPositionnement.objects.filter(organisation=acteurs["erilia"]).exists()


def test_une_valeur_enorme_est_dite_une_fois(client, acteurs):
    client.force_login(acteurs["admin_erilia"])
    page = client.post(_page(acteurs), {"date_effet": DEMAIN, "taux_effort_pourcent": "1 000 000", "motif": "x"})
    erreurs = page.context["form"].errors["taux_effort_pourcent"]
    assert erreurs == ["Le taux d'effort maximal est compris entre 0 (exclu) et 100 % (inclus)."]


def test_le_formulaire_du_bailleur_part_de_ses_valeurs_en_vigueur(client, acteurs):
    """Found by a newcomer: the landlord's form was empty, and a version stating only a new effort rate silently put
    its remaining income back to CASA's. It now starts from the landlord's own values of the day."""
    client.force_login(acteurs["admin_erilia"])
    saisie = {"date_effet": JOUR.isoformat(), "taux_effort_pourcent": "25", "reste_a_vivre_min": "20", "motif": "RIA"}
    assert client.post(_page(acteurs), saisie | {"T3_min": "3"}).status_code == 302
    initiales = client.get(_page(acteurs)).context["form"].initial
    assert (initiales["taux_effort_pourcent"], initiales["reste_a_vivre_min"], initiales["T3_min"]) == (25, 20, 3)
    assert "T4_min" not in initiales  # CASA's rule: left empty


def test_l_administrateur_de_la_casa_fixe_les_regles_de_la_casa(client, acteurs):
    client.force_login(acteurs["admin_casa"])
    page = client.get("/positionnements/regles/")
    assert page.status_code == 200
    form = page.context["form"]
    assert (form.initial["taux_effort_pourcent"], form.initial["reste_a_vivre_min"]) == (33, 10)
    assert "Erilia" in page.content.decode()  # the landlords' pages
    saisie = {k: v for k, v in form.initial.items() if v is not None}
    saisie |= {"date_effet": DEMAIN, "taux_effort_pourcent": "35", "reste_a_vivre_min": "12,5", "motif": "Délibération"}
    assert client.post("/positionnements/regles/", saisie).status_code == 302
    nouvelle = ReglesPositionnement.objects.filter(organisation__isnull=True).latest("pk")
    assert (nouvelle.taux_effort_max, nouvelle.reste_a_vivre_min) == (Decimal("0.35"), Decimal("12.5"))
    assert nouvelle.tailles["T6"] == [6, None]
    page = client.get("/positionnements/regles/").content.decode()
    assert "à venir" in page and "en vigueur" in page
    # every value of CASA's rules is required
    saisie.pop("reste_a_vivre_min")
    reponse = client.post("/positionnements/regles/", saisie)
    assert "Obligatoire pour les règles de la CASA." in reponse.content.decode()
    # CASA's administrator may set a landlord's rules too
    assert client.get(_page(acteurs)).status_code == 200


def test_les_autres_roles_et_les_autres_bailleurs(client, acteurs, referentiel):
    from tests.territoire.fabriques import OrganisationFactory

    autre = OrganisationFactory(nom="Bailleur B", type="BAILLEUR")
    client.force_login(acteurs["admin_erilia"])
    assert client.get(f"/positionnements/regles/bailleurs/{autre.pk}/").status_code == 404
    assert client.post(f"/positionnements/regles/bailleurs/{autre.pk}/", {"date_effet": DEMAIN}).status_code == 404
    assert client.get("/positionnements/regles/").status_code == 403
    for qui in ("gestionnaire_erilia", "instructeur"):
        client.force_login(acteurs[qui])
        assert client.get(_page(acteurs)).status_code == 403
        assert client.post(_page(acteurs), {"date_effet": DEMAIN, "taux_effort_pourcent": "10"}).status_code == 403
        assert "Règles de positionnement" not in client.get("/").content.decode()
    assert not ReglesPositionnement.objects.filter(organisation__isnull=False).exists()
