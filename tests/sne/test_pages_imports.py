"""The SNE imports' pages (sne/views/imports.py): who reads them, the upload (a refused file said in French, a double
submission creating one import), the progress then the report (filtered by result, paginated in SQL, its CSV
formula-safe), « Relancer », the header's « SNE » entry."""

import datetime as dt
import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from demandes.models import Demande
from sne import services
from sne.models import EtatImportSNE, ImportSNE, LigneImportSNE, OrigineImportSNE, ResultatLigne
from territoire.roles import Role
from tests.sne.fabriques import cache_a_part, demande_xml, fichier_xml, importer, nur  # noqa: F401
from tests.territoire.fabriques import agent

pytestmark = [pytest.mark.jour_fige, pytest.mark.usefixtures("cache_a_part")]


@pytest.fixture
def acteurs(referentiel):
    casa = referentiel["casa"]
    return {
        "admin": agent(casa, Role.ADMINISTRATEUR),
        "instructeur": agent(casa, Role.INSTRUCTEUR),
        "secretariat": agent(casa, Role.SECRETARIAT_COMMISSION),
        "bailleur": agent(referentiel["erilia"], Role.GESTIONNAIRE_BAILLEUR),
        "guichet": agent(referentiel["commune-antibes"], Role.AGENT_GUICHET),
    }


def texte(reponse) -> str:
    page = html.unescape(reponse.content.decode()).replace("\u00a0", " ")
    return page[page.find("<main") : page.find("</main>")] if "<main" in page else page


def _envoyer(client, contenu: bytes, nom: str = "sne.xml", jeton: str | None = None):
    """The upload as the page sends it: the file and the page's one-time token."""
    if jeton is None:
        jeton = client.get("/sne/imports/").context["form"]["jeton"].value()
    return client.post("/sne/imports/", {"fichier": SimpleUploadedFile(nom, contenu), "jeton": jeton})


def test_les_pages_des_imports_selon_le_role(client, acteurs):
    imp = importer(fichier_xml(demande_xml(nur(1))), par=acteurs["admin"])
    pages = ("/sne/imports/", f"/sne/imports/{imp.pk}/", f"/sne/imports/{imp.pk}/etat/")
    pages += (f"/sne/imports/{imp.pk}/rapport.csv", "/sne/reconciliation/")
    attendus = {"admin": 200, "instructeur": 200, "secretariat": 403, "bailleur": 403, "guichet": 403}
    for qui, code in attendus.items():
        client.force_login(acteurs[qui])
        for page in pages:
            assert client.get(page).status_code == code, (qui, page)
        assert client.get("/sne/imports/999999/").status_code == (404 if code == 200 else 403)
    client.force_login(acteurs["instructeur"])
    page = texte(client.get("/sne/imports/"))
    assert "Importer un fichier du SNE" not in page and f"n° {imp.pk}" in page
    assert client.post("/sne/imports/", {}).status_code == 403
    client.force_login(acteurs["admin"])
    assert "Importer un fichier du SNE" in texte(client.get("/sne/imports/"))
    assert "Ce champ est obligatoire" in texte(client.post("/sne/imports/", {}))


def test_l_entree_sne_du_menu_suit_les_droits(client, acteurs):
    for qui, voit in (("admin", True), ("instructeur", True), ("secretariat", False), ("guichet", False)):
        client.force_login(acteurs[qui])
        assert ('href="/sne/imports/">SNE</a>' in client.get("/").content.decode()) is voit, qui


def test_un_fichier_refuse_est_dit_en_francais_sous_le_champ(client, acteurs):
    client.force_login(acteurs["admin"])
    page = texte(_envoyer(client, b"Bonjour, ceci n'est pas un fichier.", nom="lettre.txt"))
    assert "n'est ni un fichier XML du SNE ni une archive ZIP de tels fichiers" in page
    assert "Le formulaire n'a pas été enregistré" in page
    assert not ImportSNE.objects.exists()
    # a damaged XML is received, then refused whole by the job: its page says why, nothing written
    reponse = _envoyer(client, b"<interfaceNuu><entete>", nom="abime.xml")
    imp = ImportSNE.objects.get()
    assert reponse.status_code == 302 and reponse["Location"] == f"/sne/imports/{imp.pk}/"
    services.importer(import_id=imp.pk)
    page = texte(client.get(f"/sne/imports/{imp.pk}/"))
    assert "Le fichier a été refusé en entier : rien n'a été enregistré." in page
    assert "n'est pas dans l'espace de noms de l'interface du SNE" in page
    assert not Demande.objects.exists()


def test_une_page_envoyee_deux_fois_ne_cree_qu_un_import(
    client, acteurs, django_capture_on_commit_callbacks, monkeypatch
):
    lances = []
    monkeypatch.setattr("sne.travaux.lancer", lances.append)  # the job is not queued: no worker in this test
    client.force_login(acteurs["admin"])
    jeton = client.get("/sne/imports/").context["form"]["jeton"].value()
    contenu = fichier_xml(demande_xml(nur(1)))
    with django_capture_on_commit_callbacks(execute=True):
        premiere = _envoyer(client, contenu, jeton=jeton)
    imp = ImportSNE.objects.get()
    assert premiere["Location"] == f"/sne/imports/{imp.pk}/" and lances == [imp.pk]
    seconde = client.post(
        "/sne/imports/", {"fichier": SimpleUploadedFile("sne.xml", contenu), "jeton": jeton}, follow=True
    )
    assert seconde.redirect_chain[0][0] == f"/sne/imports/{imp.pk}/"
    assert "Ce fichier a déjà été envoyé depuis cette page : un seul import a été créé." in texte(seconde)
    assert ImportSNE.objects.count() == 1
    # a token that is not this page's (forged, or another person's) uploads nothing
    page = texte(_envoyer(client, contenu, jeton="faux"))
    assert "Cette page d'envoi a expiré" in page and ImportSNE.objects.count() == 1


def test_l_import_en_cours_se_suit_puis_recharge_la_page(client, acteurs):
    client.force_login(acteurs["instructeur"])
    (imp,) = services.imports_creer(
        contenu=fichier_xml(demande_xml(nur(1))), nom="sne.xml", origine=OrigineImportSNE.DOSSIER, lancer=False
    )
    page = texte(client.get(f"/sne/imports/{imp.pk}/"))
    assert "Reçu, en attente" in page and "En attente du service d'import" in page
    assert f'hx-get="/sne/imports/{imp.pk}/etat/"' in page
    services.importer(import_id=imp.pk)
    assert client.get(f"/sne/imports/{imp.pk}/etat/", HTTP_HX_REQUEST="true")["HX-Refresh"] == "true"
    assert "1 demande : 1 créée" in texte(client.get(f"/sne/imports/{imp.pk}/etat/"))


def test_un_import_interrompu_se_relance_par_l_administration(client, acteurs, monkeypatch):
    lances = []
    monkeypatch.setattr("sne.travaux.lancer", lances.append)
    (imp,) = services.imports_creer(
        contenu=fichier_xml(demande_xml(nur(1))), nom="sne.xml", origine=OrigineImportSNE.DOSSIER, lancer=False
    )
    ImportSNE.objects.filter(pk=imp.pk).update(cree_le=timezone.now() - dt.timedelta(minutes=10))
    client.force_login(acteurs["instructeur"])
    page = texte(client.get(f"/sne/imports/{imp.pk}/"))
    assert "L'import a été interrompu" in page and 'id="relancer"' not in page
    assert client.post(f"/sne/imports/{imp.pk}/relancer/").status_code == 403
    client.force_login(acteurs["admin"])
    assert 'id="relancer"' in texte(client.get(f"/sne/imports/{imp.pk}/"))
    suite = client.post(f"/sne/imports/{imp.pk}/relancer/", follow=True)
    assert "Import relancé" in texte(suite) and lances == [imp.pk]
    services.importer(import_id=imp.pk)
    suite = client.post(f"/sne/imports/{imp.pk}/relancer/", follow=True)
    assert "Cet import n'est ni en échec ni interrompu : rien à relancer." in texte(suite) and lances == [imp.pk]


def test_le_rapport_se_filtre_se_pagine_et_s_exporte(client, acteurs):
    demandes = [demande_xml(nur(i), nom=f"NOM{i}", naissance=dt.date(1960 + i, 1, 1)) for i in range(1, 61)]
    demandes += [demande_xml(nur(100 + i), communes=("75056",), nom=f"PARIS{i}") for i in range(1, 6)]
    imp = importer(fichier_xml(*demandes), par=acteurs["admin"], nom="departemental.xml")
    assert imp.etat == EtatImportSNE.APPLIQUE and imp.compteurs == {"CREEE": 60, "IGNOREE": 5}
    client.force_login(acteurs["instructeur"])
    page = texte(client.get(f"/sne/imports/{imp.pk}/"))
    assert "Toutes (65)" in page and "Créée (60)" in page and "Ignorée (5)" in page
    assert "lignes 1 à 50 sur 65" in page and "Page 1 sur 2" in page
    d1 = Demande.objects.get(nur=nur(1))
    assert f'<a href="/demandes/{d1.pk}/">{d1.numero}</a>' in page
    page = texte(client.get(f"/sne/imports/{imp.pk}/?resultat=IGNOREE"))
    assert "lignes 1 à 5 sur 5" in page and "aucune commune souhaitée sur le territoire" in page
    assert nur(101) in page and nur(1) not in page
    # an unknown result or page is ignored, never an error
    assert "lignes 51 à 65 sur 65" in texte(client.get(f"/sne/imports/{imp.pk}/?resultat=XYZ&page=99"))
    csv = b"".join(client.get(f"/sne/imports/{imp.pk}/rapport.csv?resultat=IGNOREE").streaming_content)
    lignes = csv.decode("utf-8-sig").splitlines()
    assert lignes[0] == "Rang;Numéro unique;Demande (n° local);Résultat;Champs modifiés;Événements;Motifs"
    assert len(lignes) == 6 and lignes[1].startswith(f"61;{nur(101)};;Ignorée;;;aucune commune")
    assert len(b"".join(client.get(f"/sne/imports/{imp.pk}/rapport.csv").streaming_content).splitlines()) == 66


def test_le_rapport_ne_lit_que_sa_page_et_l_export_neutralise_les_formules(client, acteurs):
    imp = importer(fichier_xml(demande_xml(nur(1))), par=acteurs["admin"])
    LigneImportSNE.objects.bulk_create(
        LigneImportSNE(import_sne=imp, position=n, nur=nur(n), resultat=ResultatLigne.REFUSEE, motifs=["=1+1"])
        for n in range(2, 3000)
    )
    ImportSNE.objects.filter(pk=imp.pk).update(compteurs={"CREEE": 1, "REFUSEE": 2998})
    client.force_login(acteurs["instructeur"])
    with CaptureQueriesContext(connection) as requetes:
        page = texte(client.get(f"/sne/imports/{imp.pk}/?resultat=REFUSEE&page=40"))
    assert "lignes 1 951 à 2 000 sur 2 998" in page
    lectures = [q["sql"] for q in requetes.captured_queries if 'FROM "sne_ligneimportsne"' in q["sql"]]
    assert len(lectures) == 1 and "LIMIT 50 OFFSET 1950" in lectures[0]
    assert "brut" not in lectures[0] and "contenu" not in " ".join(q["sql"] for q in requetes.captured_queries)
    csv = b"".join(client.get(f"/sne/imports/{imp.pk}/rapport.csv?resultat=REFUSEE").streaming_content)
    assert csv.decode("utf-8-sig").splitlines()[1] == f"2;{nur(2)};;Refusée;;;'=1+1"


def test_une_archive_zip_cree_un_import_par_fichier_xml(client, acteurs):
    import io
    import zipfile

    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as archive:
        archive.writestr("lundi.xml", fichier_xml(demande_xml(nur(1))))
        archive.writestr("mardi.xml", fichier_xml(demande_xml(nur(2), nom="ROUX")))
        archive.writestr("lisez-moi.txt", "ignoré")
    client.force_login(acteurs["admin"])
    suite = client.post(
        "/sne/imports/",
        {
            "fichier": SimpleUploadedFile("semaine.zip", tampon.getvalue()),
            "jeton": client.get("/sne/imports/").context["form"]["jeton"].value(),
        },
        follow=True,
    )
    premier, second = ImportSNE.objects.order_by("pk")
    assert suite.redirect_chain[0][0] == "/sne/imports/"
    assert f"Archive reçue : 2 fichiers XML, un import chacun (n° {premier.pk} à {second.pk})" in texte(suite)
    assert (premier.nom_fichier, second.nom_fichier) == ("lundi.xml", "mardi.xml")


def test_aucune_saisie_ne_fait_une_erreur_serveur(client, acteurs):
    from django.test import Client

    imp = importer(fichier_xml(demande_xml(nur(1))), par=acteurs["admin"])
    c = Client(raise_request_exception=False)
    c.force_login(acteurs["admin"])
    for url in (
        f"/sne/imports/{imp.pk}/?page=²",
        f"/sne/imports/{imp.pk}/?page={'9' * 5000}",
        f"/sne/imports/{imp.pk}/?resultat=%C2%B2&page=-1",
        f"/sne/imports/{imp.pk}/rapport.csv?resultat={'x' * 300}",
        "/sne/imports/99999999999999999999999/",
        "/sne/reconciliation/?page=abc&page_doublons=99999999999",
    ):
        assert c.get(url).status_code in (200, 404), url
    for url, donnees in (
        ("/sne/reconciliation/conflits/99999999999999999999999/", {"garder": "SNE"}),
        ("/sne/reconciliation/doublons/99999999999999999999999/", {"decision": "CREER"}),
        ("/sne/reconciliation/conflits/1/", {"garder": "x" * 5000, "page": "²"}),
        (f"/sne/imports/{imp.pk}/relancer/", {}),
    ):
        assert c.post(url, donnees).status_code in (302, 404), url
