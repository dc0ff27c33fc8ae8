import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from programmation.models import EtatImport, ImportParc, Logement, Residence
from territoire.roles import Role

from .factories import OrganisationFactory, agent
from .test_import_parc import BONNES, csv_cp1252


@pytest.fixture
def gestionnaire(referentiel):
    return agent(referentiel["erilia"], Role.GESTIONNAIRE_BAILLEUR)


def deposer(client, contenu, nom="parc.csv"):
    return client.post("/parc/import/", {"fichier": SimpleUploadedFile(nom, contenu)}, follow=True)


def test_un_fichier_faux_est_refuse_ligne_par_ligne_sans_rien_enregistrer(client, gestionnaire):
    client.force_login(gestionnaire)
    faux = csv_cp1252(BONNES[0], BONNES[1].replace(";T2;", ";T0;"), BONNES[2].replace("Vallauris", "Nice"))
    page = html.unescape(deposer(client, faux).content.decode())
    assert "2 erreurs : rien n'a été enregistré." in page
    assert "typologie : « T0 » inconnue (valeurs admises : T1, T2, T3, T4, T5, T6 et plus)" in page
    assert "commune : « Nice » n'est pas une commune de la CASA" in page
    assert "Appliquer au parc" not in page
    assert not Residence.objects.exists()


def test_verifier_puis_appliquer_puis_double_clic(client, gestionnaire):
    client.force_login(gestionnaire)
    reponse = deposer(client, csv_cp1252(*BONNES))
    assert "Appliquer au parc" in reponse.content.decode()
    assert not Logement.objects.exists()  # checked, not applied
    imp = ImportParc.objects.get()
    page = html.unescape(client.post(f"/parc/import/{imp.pk}/", follow=True).content.decode())
    assert "Parc mis à jour." in page
    assert "2 résidence(s) créée(s), 3 logement(s) créé(s)" in page
    page = html.unescape(client.post(f"/parc/import/{imp.pk}/", follow=True).content.decode())
    assert "Ce fichier est déjà appliqué." in page
    assert Logement.objects.count() == 3
    imp.refresh_from_db()
    assert imp.etat == EtatImport.APPLIQUE


def test_le_modele_se_telecharge(client, gestionnaire):
    client.force_login(gestionnaire)
    reponse = client.get("/parc/import/modele.csv")
    assert reponse["Content-Disposition"].endswith('modele_parc_casa_logement.csv"')
    assert reponse.content.decode("cp1252").startswith("reference_residence;nom_residence")


def test_un_autre_bailleur_ne_voit_ni_le_parc_ni_l_import_d_erilia(client, gestionnaire):
    client.force_login(gestionnaire)
    deposer(client, csv_cp1252(*BONNES))
    imp = ImportParc.objects.get()
    client.post(f"/parc/import/{imp.pk}/")
    residence = Residence.objects.first()
    logement = Logement.objects.first()
    client.force_login(agent(OrganisationFactory(nom="Bailleur B"), Role.GESTIONNAIRE_BAILLEUR))
    assert client.get(f"/parc/residences/{residence.pk}/").status_code == 404
    assert client.get(f"/parc/import/{imp.pk}/").status_code == 404
    assert (
        client.post(
            f"/parc/logements/{logement.pk}/declarer/", {"date_liberation": "2026-12-15", "origine": "CONGE"}
        ).status_code
        == 404
    )
    assert "Aucune résidence." in client.get("/parc/").content.decode()


def test_le_bailleur_declare_un_logement_que_la_casa_voit_a_pourvoir(client, gestionnaire, referentiel):
    client.force_login(gestionnaire)
    deposer(client, csv_cp1252(*BONNES))
    client.post(f"/parc/import/{ImportParc.objects.get().pk}/")
    logement = Logement.objects.get(numero="B01")
    page = html.unescape(
        client.post(
            f"/parc/logements/{logement.pk}/declarer/",
            {"date_liberation": "2026-12-20", "origine": "CONGE"},
            follow=True,
        ).content.decode()
    )
    assert "Logement B01 déclaré à pourvoir" in page
    client.force_login(agent(referentiel["casa"], Role.INSTRUCTEUR))
    page = client.get("/parc/a-pourvoir/").content.decode()
    assert "Le Hameau des Pêcheurs — B01" in html.unescape(page)
    assert "20/12/2026" in page
