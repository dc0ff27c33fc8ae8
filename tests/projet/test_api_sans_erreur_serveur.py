"""No input makes the API answer 500.

Schemathesis reads the OpenAPI schema the project serves (/api/schema/) and sends generated requests to every
operation, in-process (Django's WSGI application) against the real test database filled like the demonstration
(demands, dwellings to fill, positionnements validated by the commission, a CAL deposit, a réservataire's list), once
with the API key of the CASA (an instructor) and once with a landlord's (Erilia's manager). Inputs that fit the
schema and inputs that do not are sent, to the real objects (the identifiers of the data above) and to generated
identifiers. The only check is Schemathesis' `not_a_server_error`: a refused input is a 4xx with a reason.

Bounded for CI: a few examples per operation and mode, derandomized (the same inputs on every run). Each request
runs inside a savepoint rolled back afterwards, so every operation meets the same data, and a database error in one
request cannot poison the next (the test's transaction stays usable).

The operations are walked here rather than with `schema.parametrize()`: Schemathesis' lazy pytest loader reads
`request.node._nodeid`, which pytest 9.2 no longer has.

Then the inputs Schemathesis found (or that its generator cannot reach: 5,000-character names, a NUL in an
identifier), kept as explicit regression tests, and the rule behind them: every text and number a request body
accepts has its bound in the schema (commun/api_champs.py)."""

import contextlib
import json
import traceback

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.test import APIClient
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from demandes.models import Personne
from positionnements import croisements
from positionnements.models import DepotDecisionsCAL, Positionnement
from positionnements.retours_cal import services as services_cal
from territoire import services as territoire_services
from territoire.roles import Role
from tests.positionnements.fabriques_cal import ligne
from tests.territoire.fabriques import agent

EXEMPLES = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


class ApplicationDansUnPointDeSauvegarde:
    """Django's WSGI application, each request inside a savepoint rolled back once the response is read; the last
    exception a view raised is kept, to be shown with the finding."""

    def __init__(self):
        self.django = WSGIHandler()
        self.exception = ""

    def __call__(self, environ, start_response):
        self.exception = ""
        with transaction.atomic():
            reponse = self.django(environ, start_response)
            try:
                corps = b"".join(reponse)
            finally:
                reponse.close()
            transaction.set_rollback(True)
        return [corps]

    def noter(self, sender, **kwargs):
        self.exception = traceback.format_exc(limit=-3)


@pytest.fixture
def application():
    """A WSGI server closes the database connection between requests; here it holds the test's transaction."""
    app = ApplicationDansUnPointDeSauvegarde()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    got_request_exception.connect(app.noter)
    yield app
    got_request_exception.disconnect(app.noter)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def donnees(retours, referentiel):  # noqa: F811
    """The demo-like world of the CAL tests, with a deposit of Erilia's CAL and a réservataire's list: the real
    identifiers each path parameter is also given."""
    d = retours["demandes"]
    depot, _ = services_cal.decisions_api(
        par=retours["gestionnaire"], lignes=[ligne(d["aisee"], "A12", decision="ATTRIBUTION")]
    )
    prefecture = referentiel["prefecture-06"]
    croisements.liste_deposer(
        par=agent(prefecture, Role.RESERVATAIRE),
        reservataire=prefecture,
        lignes=[{"numero": d["modeste"].numero, "type": "positionné", "date": "2026-10-20"}],
        source="API",
    )
    identifiants = {
        "disponibilites": retours["a11"].pk,
        "positionnements": Positionnement.objects.filter(demande=d["modeste"]).get().pk,
        "decisions-cal": depot.pk,
    }
    return {
        **retours,
        "parametres": {"code_insee": "06004", "code": "QN00602M", "slug": "erilia", "numero": d["modeste"].numero},
        "identifiants": identifiants,
    }


def parametres_reels(operation, donnees) -> dict:
    """The path parameters of an operation, set to objects of the data (the `id` of the resource the path names)."""
    noms = [p.name for p in operation.path_parameters]
    ressource = operation.path.removeprefix("/api/v1/").split("/")[0]
    valeurs = {**donnees["parametres"], "id": donnees["identifiants"].get(ressource)}
    return {nom: valeurs[nom] for nom in noms if valeurs.get(nom) is not None}


def erreurs_serveur(application, secret: str, donnees) -> list[str]:
    """Every operation of the served schema, inputs fitting it and not, on real and generated identifiers: the
    5xx found (the first per operation)."""
    auth = {"Authorization": f"Bearer {secret}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application, headers=auth)
    trouvees: dict[str, str] = {}
    for resultat in schema.get_all_operations():
        operation = resultat.ok()
        reels = parametres_reels(operation, donnees)
        variantes = [{}, {"path_parameters": reels}] if reels else [{}]
        for variante in variantes:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

                @EXEMPLES
                @given(case=operation.as_strategy(generation_mode=mode, **variante))
                def essayer(case):
                    if case.operation.label in trouvees:
                        return
                    reponse = case.call(headers=auth)
                    try:
                        case.validate_response(reponse, checks=[not_a_server_error], headers=auth)
                    except Exception:  # noqa: BLE001 - a failed check: noted, the other operations still run
                        trouvees[case.operation.label] = (
                            f"{case.operation.label} → {reponse.status_code}\n"
                            f"  {case.as_curl_command(headers=auth)}\n  {application.exception.strip()}"
                        )

                with contextlib.suppress(Unsatisfiable):  # nothing to make invalid with these parameters
                    essayer()
    return list(trouvees.values())


@pytest.mark.parametrize(("organisation", "nom"), [("casa", "instructeur CASA"), ("erilia", "gestionnaire bailleur")])
def test_aucune_entree_ne_produit_d_erreur_serveur(organisation, nom, referentiel, donnees, application):
    org = referentiel[organisation]
    _, secret = territoire_services.cle_api_creer(par=agent(org, Role.ADMINISTRATEUR), organisation=org, nom=nom)
    trouvees = erreurs_serveur(application, secret, donnees)
    assert not trouvees, f"{len(trouvees)} opération(s) en erreur serveur :\n" + "\n".join(trouvees)


# ---------------------------------------------------------------------------------------------------- the rule


def _resoudre(schema: dict, noeud: dict) -> dict:
    while "$ref" in noeud:
        noeud = schema["components"]["schemas"][noeud["$ref"].rsplit("/", 1)[1]]
    return noeud


def sans_borne(schema: dict, noeud: dict, chemin: str) -> list[str]:
    """The texts and integers of a request body without their bound (a text of a fixed list or a date is bounded)."""
    noeud = _resoudre(schema, noeud)
    manquent = []
    for cle in ("oneOf", "anyOf", "allOf"):
        for i, sous in enumerate(noeud.get(cle, [])):
            manquent += sans_borne(schema, sous, f"{chemin}[{cle}{i}]")
    if noeud.get("readOnly"):
        return manquent
    type_ = noeud.get("type")
    if type_ == "object":
        for nom, sous in noeud.get("properties", {}).items():
            manquent += sans_borne(schema, sous, f"{chemin}.{nom}")
        if isinstance(noeud.get("additionalProperties"), dict):
            manquent += sans_borne(schema, noeud["additionalProperties"], f"{chemin}.*")
    elif type_ == "array":
        manquent += sans_borne(schema, noeud.get("items", {}), f"{chemin}[]")
    elif type_ == "string" and "enum" not in noeud and noeud.get("format") not in ("date", "date-time", "binary"):
        borne = "maxLength" in noeud or (noeud.get("format") == "decimal" and "pattern" in noeud)
        manquent += [] if borne else [f"{chemin} (texte sans maxLength)"]
    elif type_ == "integer":
        manquent += [] if "maximum" in noeud and "minimum" in noeud else [f"{chemin} (entier sans minimum/maximum)"]
    return manquent


def test_le_schema_borne_chaque_texte_et_chaque_nombre_recus(client, referentiel):
    """The kind behind the long names that reached PostgreSQL: a hand-written serializer's CharField has no
    max_length unless given one. Every text and integer a request body accepts is bounded in the served schema."""
    client.force_login(agent(referentiel["casa"], Role.LECTEUR))
    schema = json.loads(client.get("/api/schema/?format=json").content)
    manquent = []
    for chemin, operations in schema["paths"].items():
        for methode, operation in operations.items():
            corps = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if corps:
                manquent += sans_borne(schema, corps["schema"], f"{methode.upper()} {chemin}")
    assert not manquent, "\n".join(manquent)


# ---------------------------------------------------------------------------------------------------- regressions


@pytest.fixture
def api(donnees):
    def client(user):
        c = APIClient(raise_request_exception=False)
        c.force_authenticate(user)
        return c

    return client


def _personne(**kw):
    return {"lien": "DEMANDEUR", "nom": "Martin", "prenom": "Élodie", "date_naissance": "1988-04-12", **kw}


@pytest.mark.parametrize(
    "champ", ["nom", "prenom", "nom_naissance", "titre_sejour", "telephone", "adresse", "courriel"]
)
def test_un_texte_plus_long_que_sa_colonne_est_refuse_par_l_api_des_demandes(api, donnees, champ):
    """Found first: a household member's name of 101 characters reached PostgreSQL (varchar(100)) → 500."""
    longueur = Personne._meta.get_field(champ).max_length
    valeur = "x" * (longueur - 10) + "@exemple.fr" if champ == "courriel" else "x" * (longueur + 1)
    numero = donnees["demandes"]["modeste"].numero
    reponse = api(donnees["casa"]).patch(
        f"/api/v1/demandes/{numero}/", {"personnes": [_personne(**{champ: valeur})]}, format="json"
    )
    assert reponse.status_code == 400, reponse.content
    assert f"au plus {longueur}" in json.dumps(reponse.json(), ensure_ascii=False)


def test_un_motif_ou_une_derogation_trop_longs_sont_refuses_par_l_api_des_positionnements(api, donnees):
    casa, d = api(donnees["casa"]), donnees["demandes"]
    p = donnees["identifiants"]["positionnements"]
    reponse = casa.post(f"/api/v1/positionnements/{p}/retirer/", {"motif": "x" * 301}, format="json")
    assert reponse.status_code == 400 and "motif" in reponse.json()
    envoi = {
        "disponibilite": donnees["a12"].pk,
        "numeros": [d["vallauris"].numero],
        "derogations": {d["vallauris"].numero: "x" * 301},
        "exception": "PAS_ASSEZ",
    }
    reponse = casa.post("/api/v1/positionnements/", envoi, format="json")
    assert reponse.status_code == 400 and "derogations" in reponse.json()
    reponse = casa.post("/api/v1/positionnements/", {"disponibilite": 10**30, "numeros": ["1"]}, format="json")
    assert reponse.status_code == 400 and "disponibilite" in reponse.json()


def test_une_ligne_de_cal_ou_de_liste_trop_longue_est_refusee(api, donnees, referentiel):
    d = donnees["demandes"]
    bailleur = api(donnees["gestionnaire"])
    trop = {**ligne(d["moyenne"], decision="NON_ATTRIBUTION"), "motif_decision": "x" * 301, "logement": "x" * 41}
    reponse = bailleur.post("/api/v1/decisions-cal/", {"lignes": [trop]}, format="json")
    assert reponse.status_code == 400, reponse.content
    assert set(reponse.json()["lignes"]["0"]) == {"motif_decision", "logement"}, reponse.json()
    prefecture = api(agent(referentiel["prefecture-06"], Role.RESERVATAIRE))
    liste = {"lignes": [{"numero": d["modeste"].numero, "type": "positionné", "date": "x" * 101}]}
    reponse = prefecture.post("/api/v1/listes-reservataires/", liste, format="json")
    assert reponse.status_code == 400 and "date" in reponse.json()["lignes"]["0"], reponse.json()
    declaration = {"residence": "R" * 41, "logement": "A11", "date_liberation": "2026-12-01"}
    assert bailleur.post("/api/v1/disponibilites/", declaration, format="json").status_code == 400


@pytest.mark.parametrize("valeur", ["a\x00b", "x" * 81])
def test_une_organisation_nommee_par_un_slug_impossible_est_refusee(api, donnees, valeur):
    """Found: `{"reservataire": "\u0000"}` went to PostgreSQL through DRF's SlugRelatedField → 500."""
    declaration = {"residence": "R-06004", "logement": "A11", "date_liberation": "2026-12-01", "reservataire": valeur}
    reponse = api(donnees["gestionnaire"]).post("/api/v1/disponibilites/", declaration, format="json")
    assert reponse.status_code == 400 and "reservataire" in reponse.json()
    numero = donnees["demandes"]["modeste"].numero
    reponse = api(donnees["casa"]).patch(f"/api/v1/demandes/{numero}/", {"bailleur_actuel": valeur}, format="json")
    assert reponse.status_code == 400 and "bailleur_actuel" in reponse.json()


@pytest.mark.parametrize(
    "chemin",
    [
        "/api/v1/demandes/%00/",
        "/api/v1/organisations/%00/",
        "/api/v1/communes/%00/",
        "/api/v1/qpv/a%00b/",
        "/api/v1/demandes/?etat=%00",
        "/api/v1/disponibilites/{dispo}/pourquoi/%00/",
        "/api/v1/disponibilites/{dispo}/candidats/?priorite=%00",
    ],
)
def test_un_caractere_nul_dans_l_url_est_refuse_en_francais(api, donnees, chemin):
    """Found: `GET /api/v1/demandes/%00/` → PostgreSQL « text fields cannot contain NUL » → 500."""
    reponse = api(donnees["casa"]).get(chemin.format(dispo=donnees["a11"].pk))
    assert reponse.status_code == 400
    assert "caractère nul" in reponse.json()["detail"] or "etat" in reponse.json() or "options" in reponse.json()


def test_les_depots_restent_lisibles_et_un_identifiant_hors_de_la_colonne_est_introuvable(api, donnees):
    casa = api(donnees["casa"])
    depot = DepotDecisionsCAL.objects.get()
    assert casa.get(f"/api/v1/decisions-cal/{depot.pk}/").status_code == 200
    assert casa.get(f"/api/v1/decisions-cal/{10**30}/").status_code == 404
    assert casa.get(f"/api/v1/disponibilites/{'9' * 5000}/").status_code == 404
