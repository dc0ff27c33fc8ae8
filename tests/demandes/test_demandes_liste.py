import csv
import io
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from faker import Faker

from demandes.models import Demande, Personne
from demo.demandes import creer_demandes_demo
from territoire.roles import Role
from tests.territoire.fabriques import agent

REQUETES_DE_LA_LISTE = 16  # SQL queries of a page of /demandes/, whatever its size (the bell's count included)


@pytest.fixture
def soixante_demandes(referentiel):
    from django.core.management import call_command

    call_command("seed_demo", "--scale", "0", verbosity=0)
    faker = Faker("fr_FR")
    faker.seed_instance(1)
    creer_demandes_demo(nombre=60, hasard=random.Random(1), faker=faker, jour=timezone.localdate())
    return agent(referentiel["casa"], Role.INSTRUCTEUR)


def test_le_nombre_de_requetes_ne_croit_pas_avec_la_taille_de_la_page(client, soixante_demandes):
    client.force_login(soixante_demandes)
    client.get("/demandes/")  # the first request of a session also writes the session
    comptes = []
    for par_page in (25, 50, 100):
        with CaptureQueriesContext(connection) as requetes:
            reponse = client.get(f"/demandes/?par_page={par_page}")
        assert reponse.status_code == 200
        comptes.append(len(requetes))
    assert comptes[0] == comptes[1] == comptes[2]
    # pinned, not only equal: a query more on the page (a column, a count) shows here with the number measured
    assert comptes[0] == REQUETES_DE_LA_LISTE, (
        f"/demandes/ (instructeur de la CASA, 25, 50 et 100 lignes) : {REQUETES_DE_LA_LISTE} requêtes épinglées, "
        f"{comptes} mesurées"
    )


def test_la_recherche_par_nom_tolere_accents_majuscules_et_faute(client, soixante_demandes):
    client.force_login(soixante_demandes)
    p = Personne.objects.filter(lien="DEMANDEUR", demande__etat="ACTIVE").exclude(prenom="").first()
    texte = f"{p.prenom} {p.nom}".upper()
    texte = texte[:2] + texte[3] + texte[2] + texte[4:]  # two letters swapped
    page = client.get("/demandes/", {"q": texte}).content.decode()
    assert p.demande.numero in page


def test_un_nom_frequent_tape_tel_quel_garde_ses_noms_et_offre_les_noms_proches(client, soixante_demandes, monkeypatch):
    """When the names as typed fill a page (SEUIL_NOMS_EXACTS), the list keeps them, says so and links to the near
    names too; « Noms proches aussi » (or fewer names as typed) gives both, those as typed first. The header's
    search keeps the same rule with its own limit."""
    from demandes import selectors

    client.force_login(soixante_demandes)
    exact, proche = Demande.objects.filter(etat="ACTIVE").order_by("pk")[:2]
    Demande.objects.filter(pk=exact.pk).update(nom_recherche="paul zorglub")
    Demande.objects.filter(pk=proche.pk).update(nom_recherche="jeanne zorglud")
    assert "zorglub" not in Demande.objects.get(pk=proche.pk).nom_recherche
    page = client.get("/demandes/", {"q": "Zorglub"}).content.decode()  # fewer than a page as typed: both
    assert exact.numero in page and proche.numero in page and "Voir aussi les noms proches" not in page
    assert page.index(exact.numero) < page.index(proche.numero)
    assert "Les noms qui contiennent « Zorglub » d'abord, puis les noms proches" in page
    monkeypatch.setattr(selectors, "SEUIL_NOMS_EXACTS", 1)
    page = client.get("/demandes/", {"q": "Zorglub", "page": "1"}).content.decode()
    assert exact.numero in page and proche.numero not in page
    assert "Ce sont les noms qui contiennent « Zorglub »" in page
    assert 'href="?q=Zorglub&amp;proches=on"' in page  # the page number dropped
    page = client.get("/demandes/", {"q": "Zorglub", "proches": "on"}).content.decode()
    assert exact.numero in page and proche.numero in page and "Voir aussi les noms proches" not in page
    with_limit, _ = selectors.demandes_trouvees(soixante_demandes, "Zorglub", limite=1)
    assert [d.pk for d in with_limit] == [exact.pk]
    with_limit, _ = selectors.demandes_trouvees(soixante_demandes, "Zorglub", limite=5)
    assert [d.pk for d in with_limit] == [exact.pk, proche.pk]


def test_les_filtres_de_la_liste(client, soixante_demandes):
    client.force_login(soixante_demandes)
    d = Demande.objects.filter(etat="ACTIVE").exclude(priorites=[]).first()
    page = client.get("/demandes/", {"priorite": d.priorites[0]}).content.decode()
    assert d.numero in page
    page = client.get("/demandes/", {"quartile": "oui", "etat": "QUALIFIEE"}).content.decode()
    for numero in Demande.objects.filter(etat="ACTIVE").values_list("numero", flat=True):
        assert numero not in page


def test_une_personne_hors_perimetre_ne_voit_pas_la_liste(client, soixante_demandes, referentiel):
    client.force_login(agent(referentiel["erilia"], Role.GESTIONNAIRE_BAILLEUR))
    page = client.get("/demandes/").content.decode()
    assert "Aucune demande ne correspond." in page


def test_la_liste_son_export_et_la_page_d_une_demande_montrent_le_nur_sinon_le_numero_local(client, soixante_demandes):
    """Issue 18: every demand is shown by its NUR when the SNE gave one, else by its local number; the list adds the
    local number under a NUR; a demand's own page says both, labelled, and that a NUR is awaited."""
    client.force_login(soixante_demandes)
    avec, sans = Demande.objects.filter(etat="ACTIVE").exclude(nur=None).order_by("pk")[:2]
    Demande.objects.filter(pk=sans.pk).update(nur=None)  # registered in the last days: its NUR is awaited
    sans.refresh_from_db()

    page = client.get("/demandes/", {"q": avec.nur}).content.decode()
    assert f">{avec.nur}</a>" in page and f"n° local {avec.numero}" in page
    page = client.get("/demandes/", {"q": sans.numero}).content.decode()
    assert f">{sans.numero}</a>" in page and "n° local" not in page

    lignes = list(
        csv.reader(io.StringIO(client.get("/demandes/export.csv").content.decode("utf-8-sig")), delimiter=";")
    )
    assert lignes[0][0] == "Numéro"
    numeros = {ligne[0] for ligne in lignes[1:]}
    assert avec.nur in numeros and avec.numero not in numeros and sans.numero in numeros

    page = client.get(f"/demandes/{avec.pk}/").content.decode()
    assert f"Demande {avec.nur}</h1>" in page
    assert f"N° unique (SNE) : <strong>{avec.nur}</strong> · N° local : {avec.numero}" in page
    page = client.get(f"/demandes/{sans.pk}/").content.decode()
    assert f"Demande {sans.numero}</h1>" in page
    assert "NUR en attente du SNE" in page and f"N° local : {sans.numero}" in page
