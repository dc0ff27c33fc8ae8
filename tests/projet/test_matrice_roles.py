"""Walks the role × page × object matrix of docs/roles.md: the document is the test's data.

Each page read (a GET row answered 200) also costs a pinned number of SQL queries per actor, and so does each API
list and detail read with an organisation's key: tests/projet/requetes_matrice.json, beside this file. A change of
that number fails with the page, the actor, the number pinned and the number measured. When the change is meant
(a page shows more, a query was saved), pin the new numbers and commit the file with the change:

    make pytest PYTEST_ARGS="tests/projet/test_matrice_roles.py --epingler-requetes"
"""

import copy
import datetime as dt
import json
import re
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from territoire.roles import Role
from territoire.services import cle_api_creer
from tests.projet.matrice import ACTEURS, CAS, PUBLIQUES, monde_de_la_matrice, objets_de
from tests.territoire.fabriques import HabilitationFactory

# The world and its pinned counts live on the tests' frozen day (tests/horloge.py): what is late, due or past in it
# does not move with the calendar.
pytestmark = pytest.mark.jour_fige

REQUETES = Path(__file__).with_name("requetes_matrice.json")
EPINGLER = "--epingler-requetes"


@pytest.fixture
def monde(referentiel):
    """The world of the role matrix (tests/projet/matrice.py)."""
    return monde_de_la_matrice(referentiel)


def test_la_matrice_couvre_chaque_role():
    assert len(ACTEURS) == 9
    assert len(CAS) >= 28


def _noms_des_urls(motifs, prefixe=""):
    """Every URL name of the project (namespace:name), except Django's admin, which its own site guards
    (AdminSite.has_permission: CASA's administrator only, checked by the /admin/ rows)."""
    from django.urls import URLResolver

    for motif in motifs:
        if isinstance(motif, URLResolver):
            if str(motif.pattern).startswith("admin/"):
                continue
            espace = f"{motif.namespace}:" if motif.namespace else ""
            yield from _noms_des_urls(motif.url_patterns, prefixe + espace)
        elif motif.name:
            yield prefixe + motif.name


def test_chaque_url_du_projet_est_dans_la_matrice():
    """A page, a download or an API route added without its row in docs/roles.md fails here: its rights were
    never written down, nor checked."""
    from django.urls import Resolver404, get_resolver, resolve

    couvertes = set()
    for cas in CAS + [pytest.param(*ligne[0].split(" ", 1)) for ligne in PUBLIQUES]:
        exemples = {"annee": "2026", "mois": "01"}
        chemin = re.sub(r"\{(\w+)\}", lambda m, e=exemples: e.get(m.group(1), "1"), cas.values[1]).split("?")[0]
        try:
            correspondance = resolve(chemin)
        except Resolver404:
            pytest.fail(f"{chemin} de docs/roles.md ne correspond à aucune URL du projet")
        couvertes.add(correspondance.view_name)
    manquantes = sorted(set(_noms_des_urls(get_resolver().url_patterns)) - couvertes)
    assert not manquantes, f"URL absentes de la matrice de docs/roles.md : {manquantes}"


@pytest.fixture
def mesures_stables(settings):
    """What a count of queries must not depend on: a cache of the row's own (Redis keeps the tests' keys from one
    run to the next: a landlord's quota, a task's progress) and the content types known (Django keeps them per
    process, filled by whichever test came first)."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["KEY_PREFIX"] = f"casa-test-{uuid.uuid4().hex}"
    settings.CACHES = caches
    ContentType.objects.get_for_models(*apps.get_models())


def _epingles() -> dict:
    return json.loads(REQUETES.read_text(encoding="utf-8")) if REQUETES.exists() else {}


def _ecrire(epingles: dict) -> None:
    REQUETES.write_text(json.dumps(epingles, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _ecarts_de_requetes(request, section: str, ligne: str, mesures: dict[str, tuple[str, int]]) -> list[str]:
    """Compares {actor: (url, queries)} with the row's pinned counts; with --epingler-requetes, pins them instead."""
    if request.config.getoption(EPINGLER):
        epingles = _epingles()
        epingles.setdefault(section, {})[ligne] = {qui: n for qui, (_url, n) in mesures.items()}
        _ecrire(epingles)
        return []
    epingles = _epingles().get(section, {}).get(ligne, {})
    return [
        f"{ligne} ({url}), {qui} : {epingles.get(qui, 'aucune')} requêtes épinglées, {n} mesurées"
        for qui, (url, n) in mesures.items()
        if epingles.get(qui) != n
    ]


def _lire(client, methode: str, url: str):
    """The response and its number of SQL queries, a streamed file read to its end."""
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get(url) if methode == "GET" else client.post(url, {})
        if reponse.streaming:
            reponse.contenu_lu = b"".join(reponse.streaming_content)
    return reponse, len(requetes)


def _libelle_sans_champ(reponse) -> bool:
    """A page's label tied to no field (RGAA 11.1): a group of radios or boxes is named by a fieldset's legend."""
    html = not reponse.streaming and reponse.get("Content-Type", "").startswith("text/html")
    return html and b'for=""' in reponse.content


def _message(ecarts: list[str]) -> str:
    return "\n".join(
        ["Nombre de requêtes SQL changé (page, acteur, épinglé, mesuré) ; voulu ? Épinglez-le (docstring du module) :"]
        + ecarts
    )


@pytest.mark.parametrize(("methode", "chemin", "attendus"), CAS)
def test_matrice(request, client, monde, mesures_stables, methode, chemin, attendus):
    """One row of the matrix: each of the nine actors makes the request on the same world (built once per row). A
    page read (GET answered 200) costs the number of SQL queries pinned for the actor."""
    ecarts, mesures = [], {}
    for acteur, attendu in attendus.items():
        user = monde["acteurs"][acteur]
        url = re.sub(r"\{(\w+)\}", lambda m, u=user: str(objets_de(monde, u)[m.group(1)]), chemin)
        client.force_login(user)
        reponse, requetes = _lire(client, methode, url)
        if reponse.status_code != attendu:
            ecarts.append(f"{acteur} {methode} {url} : {reponse.status_code} au lieu de {attendu}")
        elif methode == "GET" and attendu == 200:
            mesures[acteur] = (url, requetes)
            if _libelle_sans_champ(reponse):
                ecarts.append(f'{acteur} GET {url} : un <label for=""> ne nomme aucun champ (groupe sans <legend> ?)')
        client.logout()
    assert not ecarts, "\n".join(ecarts)
    if mesures:
        ecarts = _ecarts_de_requetes(request, "pages", f"{methode} {chemin}", mesures)
        assert not ecarts, _message(ecarts)


def test_chaque_page_lue_a_ses_requetes_epinglees(request):
    """requetes_matrice.json pins exactly the GET rows of docs/roles.md and their actors answered 200: a new page
    gets its numbers, a page gone or refused takes its numbers away (with --epingler-requetes: done here)."""
    attendues = {
        f"GET {chemin}": sorted(qui for qui, code in attendus.items() if code == 200)
        for methode, chemin, attendus in (cas.values for cas in CAS)
        if methode == "GET" and 200 in attendus.values()
    }
    epingles = _epingles()
    if request.config.getoption(EPINGLER):
        epingles["pages"] = {ligne: n for ligne, n in epingles.get("pages", {}).items() if ligne in attendues}
        _ecrire(epingles)
    trouvees = {ligne: sorted(n) for ligne, n in epingles.get("pages", {}).items()}
    assert trouvees == attendues


def test_l_api_lue_avec_une_cle_a_ses_requetes_epinglees(request, monde, mesures_stables):
    """The API's lists and details (the GET rows under /api/v1/) read as a partner's software reads them, with its
    organisation's key (checked, its last use noted): CASA's key and a landlord's, on the matrix's world."""
    from rest_framework.test import APIClient

    cles = {}
    for nom, qui in (("cle_casa", "admin_casa"), ("cle_bailleur", "admin_bailleur")):
        admin = monde["acteurs"][qui]
        _cle, secret = cle_api_creer(par=admin, organisation=admin.habilitations.get().organisation, nom=nom)
        cles[nom] = (objets_de(monde, admin), APIClient(HTTP_AUTHORIZATION=f"Bearer {secret}"))
    ecarts, lues = [], set()
    for methode, chemin, _attendus in (cas.values for cas in CAS):
        if methode != "GET" or not chemin.startswith("/api/v1/"):
            continue
        mesures = {}
        for nom, (objets, api) in cles.items():
            url = re.sub(r"\{(\w+)\}", lambda m, o=objets: str(o[m.group(1)]), chemin)
            reponse, requetes = _lire(api, methode, url)
            if reponse.status_code == 200:
                mesures[nom] = (url, requetes)
        if mesures:
            lues.add(f"GET {chemin}")
            ecarts += _ecarts_de_requetes(request, "api_par_cle", f"GET {chemin}", mesures)
    assert len(lues) >= 15, sorted(lues)
    if request.config.getoption(EPINGLER):
        epingles = _epingles()
        epingles["api_par_cle"] = {ligne: n for ligne, n in epingles.get("api_par_cle", {}).items() if ligne in lues}
        _ecrire(epingles)
    assert not ecarts, _message(ecarts)


# Pages open without an account (login, password reset, health): « | sans compte | code | ».
@pytest.mark.parametrize("ligne", PUBLIQUES, ids=lambda ligne: ligne[0])
def test_pages_sans_compte(client, referentiel, ligne):
    methode, chemin = ligne[0].split(" ", 1)
    reponse = client.get(chemin) if methode == "GET" else client.post(chemin, {})
    assert reponse.status_code == int(ligne[1]), chemin


def test_une_personne_d_une_autre_organisation_n_est_pas_listee(client, monde):
    client.force_login(monde["acteurs"]["admin_bailleur"])
    page = client.get("/utilisateurs/").content.decode()
    assert "admin_bailleur" in page
    assert "gestionnaire" in page
    assert "autre" not in page.split("<tbody>")[1]


def test_un_agent_habilite_dans_une_organisation_inactive_n_a_plus_de_droits(client, monde):
    admin = monde["acteurs"]["admin_bailleur"]
    org = admin.habilitations.get().organisation
    org.active = False
    org.save()
    client.force_login(admin)
    assert client.get("/utilisateurs/").status_code == 403


def test_une_habilitation_echue_ne_donne_plus_de_droits(client, monde):

    admin = monde["acteurs"]["admin_bailleur"]
    h = admin.habilitations.get()
    h.date_debut = dt.date(2025, 1, 1)
    h.date_fin = dt.date(2025, 12, 31)
    h.save()
    client.force_login(admin)
    assert client.get("/utilisateurs/").status_code == 403
    HabilitationFactory(utilisateur=admin, organisation=h.organisation, role=Role.LECTEUR)
    assert client.get("/").status_code == 200
