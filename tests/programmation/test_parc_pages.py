import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from programmation.import_parc import travaux
from programmation.models import EtatImport, ImportParc, Logement, Residence
from territoire.roles import Role
from tests.programmation.fabriques import BONNES, csv_cp1252
from tests.territoire.fabriques import OrganisationFactory, agent


@pytest.fixture
def gestionnaire(referentiel):
    return agent(referentiel["erilia"], Role.GESTIONNAIRE_BAILLEUR)


def deposer(client, contenu, nom="parc.csv"):
    """Uploads through the page, then checks as the worker does (the worker itself:
    tests/navigateur/test_navigateur_parc.py), and returns the import's page."""
    reponse = client.post("/parc/import/", {"fichier": SimpleUploadedFile(nom, contenu)}, follow=True)
    assert "Vérification du fichier en cours" in reponse.content.decode()
    imp = travaux.import_verifier_fichier(import_id=ImportParc.objects.latest("pk").pk)
    return client.get(f"/parc/import/{imp.pk}/")


def appliquer(client, imp, confirmer):
    """The click on « Appliquer au parc » and its confirmation, then the application as the worker does; returns the
    page."""
    reponse = confirmer(client, f"/parc/import/{imp.pk}/")
    assert "Confirmer l'application au parc" in html.unescape(reponse.confirmation)
    travaux.import_appliquer_fichier(import_id=imp.pk)
    return client.get(f"/parc/import/{imp.pk}/")


def test_un_fichier_faux_est_refuse_ligne_par_ligne_sans_rien_enregistrer(client, gestionnaire):
    client.force_login(gestionnaire)
    faux = csv_cp1252(BONNES[0], BONNES[1].replace(";T2;", ";T0;"), BONNES[2].replace("Vallauris", "Nice"))
    page = html.unescape(deposer(client, faux).content.decode())
    assert "2 erreurs : rien n'a été enregistré." in page
    assert "typologie : « T0 » inconnue (valeurs admises : T1, T2, T3, T4, T5, T6 et plus)" in page
    assert "commune : « Nice » n'est pas une commune de la CASA" in page
    assert "Appliquer au parc" not in page
    assert not Residence.objects.exists()


def test_verifier_puis_appliquer_puis_double_clic(client, gestionnaire, confirmer):
    client.force_login(gestionnaire)
    reponse = deposer(client, csv_cp1252(*BONNES))
    assert "Appliquer au parc" in reponse.content.decode()
    assert not Logement.objects.exists()  # checked, not applied
    imp = ImportParc.objects.get()
    page = html.unescape(appliquer(client, imp, confirmer).content.decode())
    assert "Parc mis à jour" in page
    assert "2 résidences créées, 3 logements créés" in page
    page = html.unescape(client.post(f"/parc/import/{imp.pk}/", follow=True).content.decode())
    assert "Ce fichier est déjà appliqué." in page
    assert Logement.objects.count() == 3
    client.force_login(agent(OrganisationFactory(nom="Bailleur B"), Role.GESTIONNAIRE_BAILLEUR))
    assert client.post(f"/parc/import/{imp.pk}/relancer/").status_code == 404
    assert client.get(f"/parc/import/{imp.pk}/etat/").status_code == 404
    imp.refresh_from_db()
    assert imp.etat == EtatImport.APPLIQUE


def test_le_modele_se_telecharge(client, gestionnaire):
    client.force_login(gestionnaire)
    reponse = client.get("/parc/import/modele.csv")
    assert reponse["Content-Disposition"].endswith('modele_parc_casa_logement.csv"')
    assert reponse.content.decode("cp1252").startswith("reference_residence;nom_residence")


def test_un_autre_bailleur_ne_voit_ni_le_parc_ni_l_import_d_erilia(client, gestionnaire, confirmer):
    client.force_login(gestionnaire)
    deposer(client, csv_cp1252(*BONNES))
    imp = ImportParc.objects.get()
    appliquer(client, imp, confirmer)
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


def test_le_bailleur_declare_un_logement_que_la_casa_voit_a_pourvoir(client, gestionnaire, referentiel, confirmer):
    client.force_login(gestionnaire)
    deposer(client, csv_cp1252(*BONNES))
    appliquer(client, ImportParc.objects.get(), confirmer)
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


def test_un_bug_pendant_la_verification_ou_l_application_finit_en_echec_et_se_relance(
    client, gestionnaire, monkeypatch, confirmer
):
    client.force_login(gestionnaire)
    original = travaux.valider

    def panne(*args, **kwargs):
        raise ZeroDivisionError("un bug")

    monkeypatch.setattr(travaux, "valider", panne)
    client.post("/parc/import/", {"fichier": SimpleUploadedFile("parc.csv", csv_cp1252(*BONNES))})
    imp = travaux.import_verifier_fichier(import_id=ImportParc.objects.get().pk)
    assert imp.etat == EtatImport.ECHEC and "erreur de l'application" in imp.resultat
    page = html.unescape(client.get(f"/parc/import/{imp.pk}/").content.decode())
    assert "Relancer la vérification" in page and "Appliquer au parc" not in page
    monkeypatch.setattr(travaux, "valider", original)
    client.post(f"/parc/import/{imp.pk}/relancer/")
    assert ImportParc.objects.get(pk=imp.pk).etat == EtatImport.RECU
    imp = travaux.import_verifier_fichier(import_id=imp.pk)
    assert imp.etat == EtatImport.VERIFIE
    # a bug while applying: nothing written, ECHEC with its reason, the file kept
    confirmer(client, f"/parc/import/{imp.pk}/")
    monkeypatch.setattr(Logement.objects, "update_or_create", panne)
    with pytest.raises(ZeroDivisionError):
        travaux.import_appliquer_fichier(import_id=imp.pk)
    imp.refresh_from_db()
    assert imp.etat == EtatImport.ECHEC and "rien n'a été enregistré" in imp.resultat
    assert not Residence.objects.exists() and not Logement.objects.exists()
    assert "Relancer la vérification" in html.unescape(client.get(f"/parc/import/{imp.pk}/").content.decode())
