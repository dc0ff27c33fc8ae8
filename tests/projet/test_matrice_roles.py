"""Walks the role × page × object matrix of docs/roles.md: the document is the test's data."""

import datetime as dt
import re

import pytest

from territoire.roles import Role
from tests.projet.matrice import ACTEURS, CAS, PUBLIQUES, monde_de_la_matrice, objets_de
from tests.territoire.fabriques import HabilitationFactory

# Pages open without an account (login, password reset, health): « | sans compte | code | ».


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


@pytest.mark.parametrize(("methode", "chemin", "attendus"), CAS)
def test_matrice(client, monde, methode, chemin, attendus):
    """One row of the matrix: each of the nine actors makes the request on the same world (built once per row)."""
    ecarts = []
    for acteur, attendu in attendus.items():
        user = monde["acteurs"][acteur]
        url = re.sub(r"\{(\w+)\}", lambda m, u=user: str(objets_de(monde, u)[m.group(1)]), chemin)
        client.force_login(user)
        reponse = client.get(url) if methode == "GET" else client.post(url, {})
        if reponse.status_code != attendu:
            ecarts.append(f"{acteur} {methode} {url} : {reponse.status_code} au lieu de {attendu}")
        client.logout()
    assert not ecarts, "\n".join(ecarts)


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
