"""Security of the API (issue 15): API keys that expire, act only within their scope, say when they were last used,
are shown once and revoked with an audit trail; every call limited per key and per person, with a lower limit for
bulk reads of personal data (429 in French with Retry-After)."""

import datetime as dt
import logging

import pghistory.models
import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django.utils.html import escape
from rest_framework.test import APIClient

from territoire import services
from territoire.api_limites import DONNEES_PERSONNELLES, PAR_CLE, PAR_UTILISATEUR, cle_de_cache
from territoire.models import CleApi, PorteeCle
from territoire.roles import Role
from tests.territoire.fabriques import OrganisationFactory, agent

AUJOURD_HUI = dt.date(2026, 11, 30)


def _bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _oublier_les_compteurs(*idents: str) -> None:
    """Forgets the calls counted for these callers: a test database of a former run reuses the same numbers."""
    for ident in idents:
        for portee in (PAR_CLE, PAR_UTILISATEUR, DONNEES_PERSONNELLES):
            cache.delete(cle_de_cache(portee, ident))


def _debits(**debits: str):
    """The real throttles with these rates (the test settings raise them out of the way of the rest of the suite)."""
    return override_settings(
        REST_FRAMEWORK={
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **debits},
        }
    )


@pytest.fixture
def erilia(referentiel):
    return referentiel["erilia"]


@pytest.fixture
def admin_erilia(erilia):
    return agent(erilia, Role.ADMINISTRATEUR)


def _cle(par, organisation, **kwargs):
    cle, secret = services.cle_api_creer(par=par, organisation=organisation, nom=kwargs.pop("nom", "GL"), **kwargs)
    _oublier_les_compteurs(f"cle-{cle.pk}")
    return cle, secret


# --------------------------------------------------------------------------------------------------- expiry


def test_une_cle_marche_jusqu_a_son_dernier_jour_puis_est_refusee_avec_sa_date(erilia, admin_erilia):
    with time_machine.travel(dt.datetime(2026, 11, 30, 10, tzinfo=dt.UTC), tick=False):
        _, secret = _cle(admin_erilia, erilia, expire_le=dt.date(2026, 12, 15))
    with time_machine.travel(dt.datetime(2026, 12, 15, 22, 30, tzinfo=dt.UTC), tick=False):  # 23:30 à Paris
        assert APIClient().get("/api/v1/moi/", **_bearer(secret)).status_code == 200
    with time_machine.travel(dt.datetime(2026, 12, 16, 8, tzinfo=dt.UTC), tick=False):
        reponse = APIClient().get("/api/v1/moi/", **_bearer(secret))
    assert reponse.status_code == 401
    assert reponse.json()["detail"] == (
        "Clé d'API expirée le 15/12/2026 : demandez-en une nouvelle à l'administrateur de votre organisation."
    )
    assert reponse["WWW-Authenticate"] == "Bearer"


def test_la_date_de_fin_est_obligatoire_bornee_et_proposee_au_plus_loin(client, erilia, admin_erilia):
    client.force_login(admin_erilia)
    page = client.get("/cles-api/").content.decode()
    maximum = timezone.localdate() + dt.timedelta(days=settings.CASA_CLE_API_DUREE_MAX_JOURS)
    assert f'value="{maximum.isoformat()}"' in page  # proposed: the longest allowed
    assert f"le {maximum:%d/%m/%Y} au plus tard" in page

    def envoyer(expire_le):
        return client.post("/cles-api/", {"nom": "GL", "expire_le": expire_le, "portee": ["lecture"]})

    trop_loin = envoyer((maximum + dt.timedelta(days=1)).isoformat()).content.decode()
    assert f"choisissez une date de fin au plus tard le {maximum:%d/%m/%Y}" in trop_loin
    passee = envoyer(timezone.localdate().isoformat()).content.decode()
    assert "La date de fin de validité doit être postérieure à aujourd&#x27;hui." in passee
    assert "Choisissez la date de fin de validité de la clé." in envoyer("").content.decode()
    assert "Date invalide" in envoyer("31/02/2027").content.decode()
    assert not CleApi.objects.filter(organisation=erilia).exists()


def test_la_page_signale_les_cles_qui_expirent_dans_les_30_jours(client, erilia, admin_erilia):
    proche, _ = _cle(admin_erilia, erilia, nom="Logiciel locatif", expire_le=AUJOURD_HUI + dt.timedelta(days=10))
    _cle(admin_erilia, erilia, nom="Entrepôt de données", expire_le=AUJOURD_HUI + dt.timedelta(days=200))
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC), tick=False):
        client.force_login(admin_erilia)
        page = client.get("/cles-api/").content.decode()
    alerte = page[page.index('id="cles-a-renouveler"') : page.index("</div>", page.index('id="cles-a-renouveler"'))]
    assert "« Logiciel locatif »" in alerte
    assert "valable jusqu'au 10/12/2026 (encore 10 jours)" in alerte
    assert "Entrepôt de données" not in alerte
    assert "active, expire bientôt" in page[page.index(f'id="cle-{proche.pk}"') :]
    with time_machine.travel(dt.datetime(2026, 12, 11, 9, tzinfo=dt.UTC), tick=False):
        client.force_login(admin_erilia)
        page = client.get("/cles-api/").content.decode()
    assert "expirée le 10/12/2026" in page


# --------------------------------------------------------------------------------------------------- scope


def test_une_cle_hors_de_sa_portee_est_refusee_en_nommant_la_portee(erilia, admin_erilia):
    _, lecture = _cle(admin_erilia, erilia, nom="Tableau de bord", portee=[PorteeCle.LECTURE])
    api = APIClient()
    assert api.get("/api/v1/disponibilites/", **_bearer(lecture)).status_code == 200
    refus = api.post("/api/v1/decisions-cal/", {"lignes": []}, format="json", **_bearer(lecture))
    assert refus.status_code == 403
    assert refus.json()["detail"] == (
        "Cette clé d'API n'a pas la portée « Décisions de CAL (les envoyer) » (decisions_cal) nécessaire à cette "
        "requête : demandez à l'administrateur de votre organisation une clé qui l'a."
    )
    declaration = api.post("/api/v1/disponibilites/", {}, format="json", **_bearer(lecture))
    assert declaration.status_code == 403
    assert "« Logements à pourvoir (les déclarer) »" in declaration.json()["detail"]

    _, cal = _cle(admin_erilia, erilia, nom="Envoi des CAL", portee=[PorteeCle.DECISIONS_CAL])
    lecture_refusee = api.get("/api/v1/disponibilites/", **_bearer(cal))
    assert lecture_refusee.status_code == 403
    assert (
        "la portée « Lecture (listes et fiches du périmètre de l'organisation) » (lecture)"
        in (lecture_refusee.json()["detail"])
    )
    assert api.get("/api/v1/decisions-cal/", **_bearer(cal)).status_code == 200  # reads its own deposits
    assert api.get("/api/v1/moi/", **_bearer(cal)).status_code == 200  # any key may ask who it is
    envoi = api.post("/api/v1/decisions-cal/", {}, format="json", **_bearer(cal))
    assert envoi.status_code == 400  # within its scope: the rows are checked
    assert "lignes" in envoi.json()


def test_la_cle_de_la_casa_n_ecrit_des_demandes_que_si_sa_portee_le_dit(referentiel):
    casa = referentiel["casa"]
    admin = agent(casa, Role.ADMINISTRATEUR)
    _, lecture = _cle(admin, casa, nom="Infocentre", portee=[PorteeCle.LECTURE])
    api = APIClient()
    assert api.get("/api/v1/demandes/", **_bearer(lecture)).status_code == 200
    refus = api.post("/api/v1/demandes/", {}, format="json", **_bearer(lecture))
    assert refus.status_code == 403
    assert "« Demandes (enregistrer et mettre à jour) » (demandes)" in refus.json()["detail"]
    refus = api.post("/api/v1/positionnements/", {}, format="json", **_bearer(lecture))
    assert "(positionnements)" in refus.json()["detail"]
    _, ecriture = _cle(admin, casa, nom="Logiciel d'enregistrement", portee=[PorteeCle.DEMANDES])
    assert api.post("/api/v1/demandes/", {}, format="json", **_bearer(ecriture)).status_code == 400


def test_une_portee_se_choisit_parmi_celles_de_l_organisation(client, erilia, admin_erilia):
    client.force_login(admin_erilia)
    page = client.get("/cles-api/").content.decode()
    assert "Décisions de CAL (les envoyer)" in page
    assert "Demandes (enregistrer et mettre à jour)" not in page  # a landlord's key writes no demand
    maximum = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    reponse = client.post("/cles-api/", {"nom": "GL", "expire_le": maximum, "portee": ["demandes"]})
    assert "Portée inconnue : « demandes »." in reponse.content.decode()
    reponse = client.post("/cles-api/", {"nom": "GL", "expire_le": maximum})
    assert "Choisissez au moins une portée (ce que la clé permet)." in reponse.content.decode()
    assert not CleApi.objects.filter(organisation=erilia).exists()
    with pytest.raises(services.ErreurMetier, match="Portée sans usage pour une clé de Erilia"):
        services.cle_api_creer(par=admin_erilia, organisation=erilia, nom="GL", portee=["demandes"])


def test_les_cles_d_avant_gardent_ce_qu_elles_faisaient(referentiel):
    """Migration 0004 gives the keys made before scopes the scope of their organisation's type: its frozen copy of
    the rule says what territoire.services.portees_possibles says."""
    import importlib

    migration = importlib.import_module("territoire.migrations.0004_cles_api_expiration_portee")
    organisations = [
        *referentiel.values(),
        OrganisationFactory(nom="Bailleur sans contingent", est_reservataire=False, type_reservataire=""),
    ]
    for organisation in organisations:
        assert migration.portees_par_type(organisation) == services.portees_possibles(organisation), organisation


# --------------------------------------------------------------------------------------------------- last use


def test_le_dernier_usage_est_note_une_fois_par_minute_et_affiche(client, erilia, admin_erilia):
    with time_machine.travel(dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC), tick=False):
        cle, secret = _cle(admin_erilia, erilia, nom="Logiciel locatif")
    assert cle.derniere_utilisation is None
    api = APIClient()
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, 0, 5, tzinfo=dt.UTC), tick=False):
        api.get("/api/v1/moi/", **_bearer(secret))
    cle.refresh_from_db()
    assert cle.derniere_utilisation == dt.datetime(2026, 11, 30, 9, 0, 5, tzinfo=dt.UTC)
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, 0, 50, tzinfo=dt.UTC), tick=False):
        api.get("/api/v1/moi/", **_bearer(secret))
    cle.refresh_from_db()
    assert cle.derniere_utilisation == dt.datetime(2026, 11, 30, 9, 0, 5, tzinfo=dt.UTC)  # not a write per call
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, 1, 30, tzinfo=dt.UTC), tick=False):
        api.get("/api/v1/moi/", **_bearer(secret))
    cle.refresh_from_db()
    assert cle.derniere_utilisation == dt.datetime(2026, 11, 30, 9, 1, 30, tzinfo=dt.UTC)
    # the last use is no audit event: the key's history holds its creation only
    assert [e.pgh_label for e in pghistory.models.Events.objects.tracks(cle)] == ["insert"]

    client.force_login(admin_erilia)
    ligne = client.get("/cles-api/").content.decode()
    ligne = ligne[ligne.index(f'id="cle-{cle.pk}"') :]
    ligne = ligne[: ligne.index("</tr>")]
    assert "30/11/2026 10:01" in ligne  # last use, Paris time
    assert f"30/11/2026 par {escape(admin_erilia.get_full_name())}" in ligne  # created on, by
    assert "Lecture (listes et fiches du périmètre de l&#x27;organisation)" in ligne


# --------------------------------------------------------------------------------------------------- shown once


def test_le_secret_n_est_montre_qu_une_fois_et_n_est_garde_nulle_part(client, erilia, admin_erilia, caplog):
    client.force_login(admin_erilia)
    formulaire = client.get("/cles-api/").content.decode()
    debut = formulaire.index('name="jeton" value="') + len('name="jeton" value="')
    jeton = formulaire[debut : formulaire.index('"', debut)]
    donnees = {
        "jeton": jeton,
        "nom": "Logiciel locatif",
        "expire_le": (timezone.localdate() + dt.timedelta(days=90)).isoformat(),
        "portee": ["lecture", "decisions_cal"],
    }
    with caplog.at_level(logging.DEBUG):
        creation = client.post("/cles-api/", donnees)
    assert creation.status_code == 200
    page = creation.content.decode()
    secret = page[page.index('id="secret-cle"') :].split(">", 1)[1].split("<", 1)[0]
    assert secret.startswith("casa_") and len(secret) > 40
    assert "no-store" in creation["Cache-Control"]
    assert APIClient().get("/api/v1/moi/", **_bearer(secret)).status_code == 200

    cle = CleApi.objects.get(organisation=erilia)
    assert cle.portee == ["lecture", "decisions_cal"]
    assert cle.expire_le == timezone.localdate() + dt.timedelta(days=90)
    assert secret not in client.get("/cles-api/").content.decode()  # a reload does not show it
    # the same form sent again (the browser's reload of the answer) makes no second key and shows no secret
    renvoi = client.post("/cles-api/", donnees, follow=True)
    assert CleApi.objects.filter(organisation=erilia).count() == 1
    assert secret not in renvoi.content.decode()
    assert "Ce formulaire a déjà créé la clé « Logiciel locatif » : son secret ne s&#x27;affiche qu&#x27;une fois." in (
        renvoi.content.decode()
    )
    # kept nowhere: not in the key (its fingerprint only), its audit, the sessions, nor the logs
    assert secret not in str(CleApi.objects.filter(pk=cle.pk).values().get())
    assert all(secret not in str(e.pgh_data) for e in pghistory.models.Events.objects.tracks(cle))
    assert all(secret not in str(s.get_decoded()) for s in Session.objects.all())
    assert all(secret not in r.getMessage() for r in caplog.records)


# --------------------------------------------------------------------------------------------------- revocation


def test_la_revocation_coupe_la_cle_et_reste_dans_l_audit(client, erilia, admin_erilia, confirmer):
    cle, secret = _cle(admin_erilia, erilia, nom="Logiciel locatif")
    client.force_login(admin_erilia)
    assert confirmer(client, f"/cles-api/{cle.pk}/revoquer/").status_code == 302
    reponse = APIClient().get("/api/v1/moi/", **_bearer(secret))
    assert reponse.status_code == 401
    assert reponse.json()["detail"] == "Clé d'API inconnue ou révoquée."
    revocation = pghistory.models.Events.objects.tracks(cle).order_by("pgh_id").last()
    assert revocation.pgh_label == "update"
    assert revocation.pgh_diff["revoquee_par_id"] == [None, admin_erilia.pk]
    assert revocation.pgh_context["user"] == admin_erilia.pk
    assert revocation.pgh_context["url"] == f"/cles-api/{cle.pk}/revoquer/"
    page = client.get("/cles-api/").content.decode()
    assert f"révoquée le {timezone.localdate():%d/%m/%Y} par {escape(admin_erilia.get_full_name())}" in page


def test_l_administration_lit_les_cles_et_les_revoque_sans_en_creer(client, referentiel, erilia, admin_erilia):
    cle, secret = _cle(admin_erilia, erilia, nom="Logiciel locatif")
    admin_casa = agent(referentiel["casa"], Role.ADMINISTRATEUR)
    client.force_login(admin_casa)
    liste = client.get("/admin/territoire/cleapi/")
    assert liste.status_code == 200
    assert cle.prefixe in liste.content.decode()
    assert client.get("/admin/territoire/cleapi/add/").status_code == 403
    client.post("/admin/territoire/cleapi/", {"action": "revoquer", "_selected_action": [cle.pk]})
    cle.refresh_from_db()
    assert cle.revoquee_par == admin_casa
    assert APIClient().get("/api/v1/moi/", **_bearer(secret)).status_code == 401


# --------------------------------------------------------------------------------------------------- throttles


def test_les_appels_d_une_cle_sont_limites_par_cle(erilia, admin_erilia):
    _, secret = _cle(admin_erilia, erilia, nom="Logiciel locatif")
    _, autre = _cle(admin_erilia, erilia, nom="Entrepôt de données")
    api = APIClient()
    with _debits(cle_api="3/min"), time_machine.travel(dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC), tick=False):
        assert [api.get("/api/v1/communes/", **_bearer(secret)).status_code for _ in range(3)] == [200] * 3
        refus = api.get("/api/v1/communes/", **_bearer(secret))
        assert api.get("/api/v1/communes/", **_bearer(autre)).status_code == 200  # each key its own count
    assert refus.status_code == 429
    assert refus.json()["detail"] == (
        "Trop de requêtes : la limite de cette clé d'API (3 par minute) est atteinte. Réessayez dans 60 secondes."
    )
    assert refus["Retry-After"] == "60"
    with _debits(cle_api="3/min"), time_machine.travel(dt.datetime(2026, 11, 30, 9, 1, 1, tzinfo=dt.UTC)):
        assert api.get("/api/v1/communes/", **_bearer(secret)).status_code == 200  # a minute later


def test_les_appels_d_une_personne_connectee_sont_limites_par_personne(client, referentiel):
    instructeur = agent(referentiel["casa"], Role.INSTRUCTEUR)
    collegue = agent(referentiel["casa"], Role.INSTRUCTEUR)
    _oublier_les_compteurs(f"utilisateur-{instructeur.pk}", f"utilisateur-{collegue.pk}")
    with _debits(utilisateur="2/min"), time_machine.travel(dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC), tick=False):
        client.force_login(instructeur)
        assert client.get("/api/v1/organisations/").status_code == 200
        assert client.get("/api/v1/communes/").status_code == 200
        refus = client.get("/api/v1/moi/")
        client.force_login(collegue)
        assert client.get("/api/v1/moi/").status_code == 200
    assert refus.status_code == 429
    assert refus.json()["detail"].startswith(
        "Trop de requêtes : la limite de votre compte (2 par minute) est atteinte. Réessayez dans "
    )
    assert int(refus["Retry-After"]) > 0
    # the counter lives in Redis under the name of this database: two databases on one Redis never mix
    assert cache.get(cle_de_cache(PAR_UTILISATEUR, f"utilisateur-{instructeur.pk}"))
    assert connection.settings_dict["NAME"] in cle_de_cache(PAR_UTILISATEUR, "utilisateur-1")


def test_les_lectures_en_masse_de_donnees_personnelles_ont_une_limite_plus_basse(referentiel):
    casa = referentiel["casa"]
    _, secret = _cle(agent(casa, Role.ADMINISTRATEUR), casa, nom="Infocentre")
    api = APIClient()
    with (
        _debits(cle_api="100/min", donnees_personnelles="2/min"),
        time_machine.travel(dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC), tick=False),
    ):
        assert api.get("/api/v1/demandes/", **_bearer(secret)).status_code == 200
        assert api.get("/api/v1/positionnements/", **_bearer(secret)).status_code == 200
        refus = api.get("/api/v1/demandes/", **_bearer(secret))
        autre_liste = api.get("/api/v1/positionnements/", **_bearer(secret)).status_code
        # what is not a bulk read of personal data goes on at the key's own rate
        assert api.get("/api/v1/communes/", **_bearer(secret)).status_code == 200
        assert api.get("/api/v1/disponibilites/", **_bearer(secret)).status_code == 200
        assert api.get("/api/v1/decisions-cal/", **_bearer(secret)).status_code == 200
    assert refus.status_code == 429
    assert autre_liste == 429
    assert refus.json()["detail"] == (
        "Trop de requêtes : la limite des lectures en masse de données personnelles (2 par minute) est atteinte. "
        "Réessayez dans 60 secondes."
    )
    assert refus["Retry-After"] == "60"


def test_les_candidats_d_un_logement_comptent_comme_une_lecture_en_masse():
    from positionnements.api import candidats

    assert candidats.cls.throttle_scope == DONNEES_PERSONNELLES


def test_la_limite_des_lectures_en_masse_est_plus_basse_que_les_autres():
    """The rates of the settings (not those of the tests): per second, bulk reads of personal data are the lowest."""
    from rest_framework.throttling import SimpleRateThrottle

    par_seconde = {
        portee: nombre / duree
        for portee, (nombre, duree) in (
            (p, SimpleRateThrottle.parse_rate(None, debit)) for p, debit in settings.API_DEBITS.items()
        )
    }
    assert par_seconde[DONNEES_PERSONNELLES] < par_seconde[PAR_CLE]
    assert par_seconde[DONNEES_PERSONNELLES] < par_seconde[PAR_UTILISATEUR]


def test_le_schema_openapi_dit_expiration_portee_et_debits(client, referentiel):
    client.force_login(agent(referentiel["casa"], Role.LECTEUR))
    schema = client.get("/api/schema/").content.decode()
    assert "**expire** au jour choisi" in schema
    assert "`decisions_cal`" in schema
    assert f"Chaque clé a droit à {settings.API_DEBITS['cle_api'].split('/')[0]} requêtes par minute" in schema
    assert "réponse 429" in schema
