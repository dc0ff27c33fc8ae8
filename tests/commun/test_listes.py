"""The lists on one pattern (commun/listes.py): sorting by a header, saved filters that belong to their
author, exports that hold exactly the page's rows within the person's scope, with no live formula."""

import csv
import io
import random

import openpyxl
import pytest
from django.apps import apps
from django.utils import timezone
from faker import Faker

from commissions.models import Seance
from demandes.codes import EtatDemande
from demandes.models import Demande
from demandes.selectors import demandes_visibles, par_numero, par_numeros
from demo.demandes import creer_demandes_demo
from territoire.models_acces import LectureSensible, NatureLecture
from territoire.models_listes import FiltreEnregistre
from territoire.roles import Role
from tests.territoire.fabriques import agent


@pytest.fixture
def demandes(referentiel):
    from django.core.management import call_command

    call_command("seed_demo", "--scale", "0", verbosity=0)
    faker = Faker("fr_FR")
    faker.seed_instance(7)
    creer_demandes_demo(nombre=80, hasard=random.Random(7), faker=faker, jour=timezone.localdate())
    return referentiel


def _csv(reponse) -> list[list[str]]:
    assert reponse.status_code == 200, reponse.status_code
    assert reponse["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(reponse.content.decode("utf-8-sig")), delimiter=";"))


def _xlsx(reponse) -> list[list[object]]:
    assert reponse.status_code == 200, reponse.status_code
    feuille = openpyxl.load_workbook(io.BytesIO(reponse.content)).active
    return [list(ligne) for ligne in feuille.iter_rows(values_only=True)]


def _numeros_de_la_page(html: str) -> list[str]:
    import re

    return re.findall(r'<a href="/demandes/\d+/">([0-9A-Z-]+)</a>', html)  # the NUR, else the local number


# --------------------------------------------------------------------------- sorting


def test_un_clic_sur_un_en_tete_trie_et_le_dit_aux_lecteurs_d_ecran(client, demandes):
    instructeur = agent(demandes["casa"], Role.INSTRUCTEUR)
    client.force_login(instructeur)
    page = client.get("/demandes/", {"ordre": "-score_cotation", "par_page": "100"}).content.decode()
    assert 'aria-sort="descending"' in page
    assert page.count("aria-sort=") == 1
    attendus = list(
        demandes_visibles(instructeur)
        .filter(etat__in=[EtatDemande.ACTIVE, EtatDemande.QUALIFIEE])
        .order_by("-score_cotation", "-pk")
        .values_list("score_cotation", flat=True)[:100]
    )
    scores = [
        Demande.objects.get(par_numero(n, exact=True)).score_cotation for n in _numeros_de_la_page(page)
    ]  # the page's order, read back
    assert scores == attendus and len(scores) > 20
    # the header of the sorted column links to the other direction, back to page 1
    assert "?ordre=score_cotation&amp;par_page=100" in page or "ordre=score_cotation" in page
    page = client.get("/demandes/", {"ordre": "date_depot"}).content.decode()
    assert 'aria-sort="ascending"' in page


@pytest.mark.parametrize("ordre", ["mot_de_passe", "-guichet__nom", "demandeur;DROP TABLE", "x" * 5000, ",,,-"])
def test_une_cle_de_tri_inconnue_est_ignoree_sans_erreur(client, demandes, ordre):
    client.force_login(agent(demandes["casa"], Role.INSTRUCTEUR))
    for url in ("/demandes/", "/demandes/export.csv", "/commissions/", "/parc/a-pourvoir/", "/positionnements/"):
        reponse = client.get(url, {"ordre": ordre})
        assert reponse.status_code == 200, url
        assert b"aria-sort=" not in reponse.content


def test_une_page_hors_limites_ou_un_format_inconnu_ne_fait_pas_d_erreur(client, demandes):
    client.force_login(agent(demandes["casa"], Role.INSTRUCTEUR))
    assert client.get("/demandes/", {"page": "9999"}).status_code == 200
    assert client.get("/demandes/", {"page": "abc"}).status_code == 200
    assert client.get("/demandes/export.pdf").status_code == 404
    # below 1: the first page, past the end: the last (25 rows a page: 80 demands, 4 pages at most)
    premiere = _numeros_de_la_page(client.get("/demandes/", {"par_page": "25"}).content.decode())
    derniere = _numeros_de_la_page(client.get("/demandes/", {"par_page": "25", "page": "9999"}).content.decode())
    for page in ("0", "-1", "-9999"):
        assert (
            _numeros_de_la_page(client.get("/demandes/", {"par_page": "25", "page": page}).content.decode()) == premiere
        )
    assert derniere != premiere


def test_les_seances_a_venir_d_abord_puis_les_plus_recentes(client, demandes):
    secretariat = agent(demandes["casa"], Role.SECRETARIAT_COMMISSION)
    maintenant = timezone.now()
    for jours, numero in ((-40, "CCPC-T-1"), (-10, "CCPC-T-2"), (30, "CCPC-T-4"), (5, "CCPC-T-3")):
        Seance.objects.create(
            date=maintenant + timezone.timedelta(days=jours), lieu="CASA", numero=numero, creee_par=secretariat
        )
    client.force_login(secretariat)
    lignes = _csv(client.get("/commissions/export.csv"))
    assert lignes[0] == ["Séance", "Date", "Lieu", "État"]
    numeros = [ligne[0] for ligne in lignes[1:] if ligne[0].startswith("CCPC-T-")]
    assert numeros == ["CCPC-T-3", "CCPC-T-4", "CCPC-T-2", "CCPC-T-1"]


# --------------------------------------------------------------------------- saved filters


def test_un_filtre_enregistre_n_appartient_qu_a_son_auteur(client, demandes):
    moi = agent(demandes["casa"], Role.INSTRUCTEUR)
    collegue = agent(demandes["casa"], Role.INSTRUCTEUR)
    client.force_login(moi)
    reponse = client.post(
        "/listes/filtres/",
        {"liste": "demandes", "libelle": "  DALO  qualifiées ", "requete": "priorite=DALO&etat=QUALIFIEE&page=3"},
    )
    assert reponse.status_code == 302
    assert reponse["Location"] == "/demandes/?priorite=DALO&etat=QUALIFIEE"  # without the page number
    filtre = FiltreEnregistre.objects.get(utilisateur=moi)
    assert (filtre.liste, filtre.libelle, filtre.requete) == (
        "demandes",
        "DALO qualifiées",
        "priorite=DALO&etat=QUALIFIEE",
    )
    page = client.get("/demandes/").content.decode()
    assert "Mes filtres (1)" in page and 'href="/demandes/?priorite=DALO&amp;etat=QUALIFIEE"' in page
    # the same label again replaces its filters
    client.post("/listes/filtres/", {"liste": "demandes", "libelle": "DALO qualifiées", "requete": "etat=ACTIVE"})
    assert FiltreEnregistre.objects.get(utilisateur=moi).requete == "etat=ACTIVE"
    # an empty label or an unknown list: a French message, nothing saved, no error
    reponse = client.post(
        "/listes/filtres/", {"liste": "demandes", "libelle": "  ", "requete": "etat=ACTIVE"}, follow=True
    )
    assert "Donnez un nom au filtre" in reponse.content.decode()
    reponse = client.post("/listes/filtres/", {"liste": "inconnue", "libelle": "x"}, follow=True)
    assert "Cette liste n&#x27;existe pas" in reponse.content.decode()
    assert FiltreEnregistre.objects.count() == 1

    client.force_login(collegue)
    assert "Mes filtres" not in client.get("/demandes/").content.decode()
    assert client.post(f"/listes/filtres/{filtre.pk}/supprimer/").status_code == 404
    assert FiltreEnregistre.objects.filter(pk=filtre.pk).exists()

    client.force_login(moi)
    reponse = client.post(f"/listes/filtres/{filtre.pk}/supprimer/")
    assert reponse.status_code == 302 and reponse["Location"] == "/demandes/"
    assert not FiltreEnregistre.objects.exists()
    # audited like the other models: creation, change and deletion, with their author
    evenements = apps.get_model("territoire", "FiltreEnregistreEvent").objects.filter(pgh_obj_id=filtre.pk)
    evenements = list(evenements.select_related("pgh_context").order_by("pgh_id"))
    assert [e.pgh_label for e in evenements] == ["insert", "update", "delete"]
    assert all(e.pgh_context.metadata["user"] == moi.pk for e in evenements)


def test_un_filtre_enregistre_des_depots_rouvre_l_onglet_des_depots(client, demandes):
    instructeur = agent(demandes["casa"], Role.INSTRUCTEUR)
    client.force_login(instructeur)
    client.post("/listes/filtres/", {"liste": "depots", "libelle": "Erilia", "requete": "bailleur=3"})
    assert FiltreEnregistre.objects.get().url == "/positionnements/cal/?bailleur=3&vue=depots"


# --------------------------------------------------------------------------- exports


def test_l_export_d_un_guichet_communal_ne_tient_que_ses_demandes(client, demandes):
    guichet = agent(demandes["commune-antibes"], Role.AGENT_GUICHET)
    instructeur = agent(demandes["casa"], Role.INSTRUCTEUR)
    en_cours = [EtatDemande.ACTIVE, EtatDemande.QUALIFIEE]
    # each demand by the number shown (its NUR, else its local number)
    attendus = {d.reference for d in demandes_visibles(guichet).filter(etat__in=en_cours)}
    toutes = {d.reference for d in Demande.objects.filter(etat__in=en_cours)}
    assert attendus and toutes - attendus  # the territory holds demands the counter must not get

    client.force_login(guichet)
    lignes = _csv(client.get("/demandes/export.csv"))
    assert lignes[0] == ["Numéro", "Demandeur", "Dépôt", "Pers.", "Typologies", "Priorités", "Q1", "Score", "État"]
    assert {ligne[0] for ligne in lignes[1:]} == attendus and len(lignes) - 1 == len(attendus)
    classeur = _xlsx(client.get("/demandes/export.xlsx"))
    assert [ligne[0] for ligne in classeur[1:]] == [ligne[0] for ligne in lignes[1:]]  # same rows, same order
    # noted among the sensitive reads, like the list
    lecture = LectureSensible.objects.filter(par=guichet, nature=NatureLecture.EXPORT_DEMANDES).latest("pk")
    assert lecture.nombre == len(attendus)
    client.force_login(agent(demandes["casa"], Role.ADMINISTRATEUR))
    lectures = client.get("/lectures-sensibles/").content.decode()
    assert f"A exporté la liste des demandes (CSV ou XLSX) : {len(attendus)} demandes dans le fichier." in lectures

    client.force_login(instructeur)
    assert {ligne[0] for ligne in _csv(client.get("/demandes/export.csv"))[1:]} == toutes


def test_l_export_suit_les_filtres_et_l_ordre_de_la_page_sur_toutes_ses_pages(client, demandes):
    client.force_login(agent(demandes["casa"], Role.INSTRUCTEUR))
    filtres = {"etat": "ACTIVE", "ordre": "-date_depot", "par_page": "25"}
    numeros, page = [], 1
    while True:
        html = client.get("/demandes/", {**filtres, "page": page}).content.decode()
        numeros += _numeros_de_la_page(html)
        if "Suivante</a>" not in html:
            break
        page += 1
    assert page >= 2
    export = [ligne[0] for ligne in _csv(client.get("/demandes/export.csv", filtres))[1:]]
    assert export == numeros
    assert set(Demande.objects.filter(par_numeros(export)).values_list("etat", flat=True)) == {"ACTIVE"}


def test_une_cellule_qui_commence_par_egal_est_neutralisee(client, demandes):
    secretariat = agent(demandes["casa"], Role.SECRETARIAT_COMMISSION)
    Seance.objects.create(
        date=timezone.now(), lieu='=HYPERLINK("https://exemple.invalid","x")', numero="CCPC-F-1", creee_par=secretariat
    )
    client.force_login(secretariat)
    ligne = next(ligne for ligne in _csv(client.get("/commissions/export.csv")) if ligne[0] == "CCPC-F-1")
    assert ligne[2] == '\'=HYPERLINK("https://exemple.invalid","x")'
    feuille = openpyxl.load_workbook(io.BytesIO(client.get("/commissions/export.xlsx").content)).active
    cellule = next(rang[2] for rang in feuille.iter_rows() if rang[0].value == "CCPC-F-1")
    assert cellule.data_type == "s" and cellule.value.startswith("=HYPERLINK")  # text, never a formula


def test_l_export_n_a_pas_plus_de_colonnes_que_la_page(client, demandes):
    client.force_login(agent(demandes["casa"], Role.INSTRUCTEUR))
    page = client.get("/positionnements/").content.decode()
    entete = _csv(client.get("/positionnements/export.csv"))[0]
    # CASA's work list: the buttons and the candidates loaded row by row are not exported; the landlord column,
    # absent from this page, is not either
    assert entete == [
        "À positionner avant le",
        "Logement",
        "Commune",
        "Typologie",
        "Libre le",
        "Réservataire",
        "Loyer + charges",
        "Positionnés",
    ]
    en_tetes_de_la_page = page.split("<thead>")[1].split("</thead>")[0]
    assert "Bailleur" not in entete and "Bailleur" not in en_tetes_de_la_page
    assert "Positionnés" in en_tetes_de_la_page


def test_l_export_des_comptes_d_un_administrateur_de_bailleur_ne_tient_que_les_siens(client, demandes):
    from tests.territoire.fabriques import OrganisationFactory

    bailleur = OrganisationFactory(nom="Bailleur A", type="BAILLEUR")
    admin = agent(bailleur, Role.ADMINISTRATEUR, last_name="Admin")
    agent(bailleur, Role.GESTIONNAIRE_BAILLEUR, first_name="=Collègue", last_name="X")
    agent(OrganisationFactory(nom="Bailleur B", type="BAILLEUR"), Role.GESTIONNAIRE_BAILLEUR, last_name="Ailleurs")
    client.force_login(admin)
    lignes = _csv(client.get("/utilisateurs/export.csv"))
    assert lignes[0] == ["Nom", "Identifiant", "Habilitations actives", "Statut"]
    assert len(lignes) == 3
    assert not any("Ailleurs" in cellule for ligne in lignes for cellule in ligne)
    assert any(ligne[0].startswith("'=") for ligne in lignes[1:])  # a surname « = … » stays text


def test_l_export_donne_les_memes_cellules_que_django_tables2(demandes):
    """listes.valeurs walks the rows once per column instead of django-tables2's per-cell inspection: same cells."""
    from commissions.tableaux import SeancesTableau
    from commun import listes
    from demandes.tableaux import DemandesTableau, avec_demandeur
    from territoire.models import Utilisateur
    from territoire.tableaux import UtilisateursTableau

    secretariat = agent(demandes["casa"], Role.SECRETARIAT_COMMISSION)
    Seance.objects.create(date=timezone.now(), lieu="=1+1", numero="CCPC-V-1", creee_par=secretariat)
    tableaux = [
        DemandesTableau(avec_demandeur(Demande.objects.order_by("-date_depot", "-pk"))),
        SeancesTableau(Seance.objects.order_by("-date")),
        UtilisateursTableau(Utilisateur.objects.prefetch_related("habilitations__organisation").order_by("pk")),
    ]
    for tableau in tableaux:
        attendu = [list(ligne) for ligne in tableau.as_values()]
        assert listes.valeurs(tableau) == attendu, type(tableau).__name__
        assert len(attendu) > 1, type(tableau).__name__


# --------------------------------------------------------------------------- bounded count (issue 21)


def test_une_longue_liste_compte_jusqu_a_sa_borne_et_le_dit(client, demandes, monkeypatch):
    """Beyond PLAFOND_COMPTE rows a list says « plus de », its pages stop at the bound's row in the chosen order, the
    export still gives every row, and the home's figure of the same list says « plus de » too."""
    from commun import listes

    instructeur = agent(demandes["casa"], Role.INSTRUCTEUR)
    client.force_login(instructeur)
    en_cours = demandes_visibles(instructeur).filter(etat__in=[EtatDemande.ACTIVE, EtatDemande.QUALIFIEE])
    total = en_cours.count()
    assert total > 5
    monkeypatch.setattr(listes, "PLAFOND_COMPTE", 5)
    assert listes.compter(en_cours) == (5, True)
    assert listes.compter(en_cours, total) == (total, False)
    page = client.get("/demandes/").content.decode()
    assert "Plus de 5 demandes" in page
    premiers = [d.nur or d.numero for d in en_cours.order_by("-date_depot", "-pk")[:5]]
    assert _numeros_de_la_page(page) == premiers  # the bound's rows: the first ones in the list's order
    assert client.get("/demandes/", {"page": "9"}).status_code == 200  # past the bound: the last page, no error
    assert len(_csv(client.get("/demandes/export.csv"))) == total + 1  # the export: every row, and its header
    accueil = client.get("/").content.decode()
    assert "plus de</span> 5" in accueil
    monkeypatch.setattr(listes, "PLAFOND_COMPTE", total)
    page = client.get("/demandes/").content.decode()
    assert f"{total} demandes" in page and "Plus de" not in page


def test_une_recherche_par_nom_se_compte_dans_la_requete_de_sa_page(client, demandes, monkeypatch):
    """A name search is sorted by its pertinence, computed for every row found: the page's own query counts them
    (``count(*) OVER ()``), no second query reads them again; the figure, the rows and their order are those of
    the selector, « Plus de » beyond the bound, and a page past the end still answers."""
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    from commun import listes
    from demandes.models import Personne
    from demandes.selectors import SEUIL_NOMS_EXACTS, filtrer_demandes

    instructeur = agent(demandes["casa"], Role.INSTRUCTEUR)
    client.force_login(instructeur)
    noms = Personne.objects.filter(demande__etat__in=[EtatDemande.ACTIVE, EtatDemande.QUALIFIEE]).values("nom")
    nom = noms.annotate(n=Count("id")).order_by("-n", "nom")[0]["nom"]
    trouvees = filtrer_demandes(demandes_visibles(instructeur), {"q": nom})
    total = trouvees.count()
    assert total >= 2, nom
    with CaptureQueriesContext(connection) as requetes:
        page = client.get("/demandes/", {"q": nom}).content.decode()
    assert f"{total} demandes" in page
    assert _numeros_de_la_page(page) == [d.nur or d.numero for d in trouvees[:50]]
    sur_les_demandes = [q["sql"] for q in requetes.captured_queries if 'FROM "demandes_demande"' in q["sql"]]
    assert sum("OVER ()" in sql for sql in sur_les_demandes) == 1
    comptes = [sql for sql in sur_les_demandes if sql.startswith("SELECT COUNT(*)")]
    # only whether the names as typed fill a page (demandes.selectors.par_nom), which stops at a page's rows
    assert all(sql.endswith(f"LIMIT {SEUIL_NOMS_EXACTS}) subquery") for sql in comptes), comptes
    assert client.get("/demandes/", {"q": nom, "page": "40"}).status_code == 200  # past the end: the last page
    monkeypatch.setattr(listes, "PLAFOND_COMPTE", total - 1)
    page = client.get("/demandes/", {"q": nom}).content.decode()
    assert f"Plus de {total - 1} demande" in page
    assert _numeros_de_la_page(page) == [d.nur or d.numero for d in trouvees[: total - 1]][:50]
