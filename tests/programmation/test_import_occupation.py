"""A landlord's occupancy file (issue 20, « Occupancy known from the start »): the households in place, through the
same intake as the parc file (kept file, real worker, report by line, one transaction), scoped to the landlord,
refreshed by re-import; the observatory and the impact read them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from commun.erreurs import ErreurMetier
from programmation.import_parc import occupation_verification as occupation
from programmation.import_parc.application import parc_importer
from programmation.import_parc.services import (
    import_appliquer,
    import_demander_application,
    import_recevoir,
    import_verifier,
)
from programmation.models import (
    EtatImport,
    ImportParc,
    Logement,
    NatureImport,
    Occupation,
    OrigineOccupation,
    Residence,
)
from programmation.observatoire import indicateurs
from territoire.roles import Role
from tests.attente import attendre
from tests.horloge import JOUR
from tests.programmation.fabriques import BONNES, csv_cp1252
from tests.territoire.fabriques import OrganisationFactory, agent

ENTETE = (
    "Code résidence;N° logement;Identifiant RPLS;Nombre de personnes;Composition familiale;Ressources par UC;"
    "Quartile;Date d'entrée;Ménage prioritaire"
)


def fichier(*lignes: str) -> bytes:
    """An occupancy CSV as Excel writes it in France (Windows-1252, « ; », CRLF), with a landlord's own headers."""
    return ("\r\n".join([ENTETE, *lignes]) + "\r\n").encode("cp1252")


@pytest.fixture
def erilia(referentiel):
    return referentiel["erilia"]


@pytest.fixture
def gestionnaire(erilia):
    """Erilia's manager, Erilia's parc imported (RES-1: A12, A13; RES-2: B01)."""
    g = agent(erilia, Role.GESTIONNAIRE_BAILLEUR)
    assert parc_importer(par=g, bailleur=erilia, nom="parc.csv", contenu=csv_cp1252(*BONNES), appliquer=True).applique
    return g


def verifier(gestionnaire, bailleur, contenu: bytes, nom: str = "occupation.csv") -> ImportParc:
    """Checks an occupancy file in this process (what the worker does), as `gestionnaire`."""
    return import_verifier(
        par=gestionnaire, bailleur=bailleur, nom=nom, contenu=contenu, nature=NatureImport.OCCUPATION
    )


def appliquer(gestionnaire, erilia, contenu: bytes) -> ImportParc:
    """Checks then applies an occupancy file in this process (what the worker does), as the manager."""
    imp = verifier(gestionnaire, erilia, contenu)
    assert imp.etat == EtatImport.VERIFIE, imp.erreurs
    return import_appliquer(par=gestionnaire, import_parc=imp)


def en_place(numero: str) -> Occupation | None:
    return Occupation.objects.filter(logement__numero=numero, fin__isnull=True).first()


def test_le_fichier_d_occupation_est_verifie_et_enregistre_par_un_vrai_worker(
    gestionnaire, erilia, celery_worker_reel, client
):
    contenu = fichier(
        "RES-1;A12;;3;Famille monoparentale;9 850;;15/03/2019;oui",
        "RES-1;A13;;1;isolée;;Q3;01/09/2022;",
        "RES-2;B01;;5;couple avec enfants;16 000;;2010-06-01;non",
    )
    client.force_login(gestionnaire)
    reponse = client.post("/parc/import/", {"nature": "OCCUPATION", "fichier": _televerse(contenu)})
    assert reponse.status_code == 302
    imp = ImportParc.objects.get()
    assert imp.nature == NatureImport.OCCUPATION
    attendre(lambda: ImportParc.objects.get(pk=imp.pk).etat == EtatImport.VERIFIE)
    assert not Occupation.objects.exists()  # checked, nothing written
    import_demander_application(par=gestionnaire, import_parc=ImportParc.objects.get(pk=imp.pk))
    attendre(lambda: ImportParc.objects.get(pk=imp.pk).etat == EtatImport.APPLIQUE)
    imp.refresh_from_db()
    assert imp.resultat == "3 ménages enregistrés, 0 mis à jour, 0 départ"
    a12, a13, b01 = en_place("A12"), en_place("A13"), en_place("B01")
    assert (a12.personnes, a12.composition, a12.ressources_uc, a12.debut) == (
        3,
        "MONOPARENTALE",
        Decimal("9850"),
        dt.date(2019, 3, 15),
    )
    # no quartile written: computed from the resources per UC with CASA's thresholds of the year (2026: Q1 ≤ 12 000)
    assert a12.quartile == 1 and a12.prioritaire is True and a12.origine == OrigineOccupation.IMPORT
    assert (a13.quartile, a13.ressources_uc, a13.prioritaire, a13.composition) == (3, None, None, "PERSONNE_SEULE")
    assert (b01.quartile, b01.prioritaire) == (2, False)  # 16 000 € per UC: between 12 000 and 16 404
    assert a12.import_occupation_id == imp.pk
    page = client.get(f"/parc/import/{imp.pk}/").content.decode()
    assert "Occupation mise à jour : 3 ménages enregistrés" in page
    assert "quartile calculé depuis les ressources par UC aux seuils 2026" in page.replace("\u00a0", " ")


@pytest.mark.jour_fige
def test_l_observatoire_compte_les_menages_du_fichier_et_ignore_les_statuts_inconnus(gestionnaire, erilia):
    appliquer(
        gestionnaire,
        erilia,
        fichier(
            "RES-1;A12;;3;;9 850;;15/03/2019;oui",
            "RES-1;A13;;1;;;Q3;01/09/2022;",
            "RES-2;B01;;5;;16 000;;2010-06-01;non",
        ),
    )
    tout = indicateurs(Residence.objects.filter(bailleur=erilia), groupe="territoire", jour=JOUR)[None]
    assert (tout.logements, tout.occupes, tout.vacants, tout.total_personnes) == (3, 3, 0, 9)
    assert tout.part_q1 == pytest.approx(1 / 3)
    # A13's priority status is unknown: the share counts only the two known
    assert tout.part_prioritaires == pytest.approx(1 / 2)


def test_chaque_ligne_fausse_est_signalee_et_rien_n_est_enregistre(gestionnaire, erilia):
    contenu = fichier(
        "RES-1;A12;;3;;;;15/03/2019;",
        "RES-1;A99;;2;;;;01/01/2020;",
        "RES-1;A12;;2;;;;01/01/2020;",
        "RES-1;A13;;0;;;;01/01/2020;",
        "RES-2;B01;;2;;;;01/01/2099;",
        "RES-2;;;2;trio;1 000 000;;31/02/2020;",
        "RES-2;B01;;2;;;Q5;01/01/2020;peut-être",
        ";;;2;;;;01/01/2020;",
        "RES-1;A13;;;;;;;",
        "RES-2;B01;;3;personne seule;;;01/01/2020;",
    )
    imp = verifier(gestionnaire, erilia, contenu)
    assert imp.etat == EtatImport.REJETE
    erreurs = dict(imp.erreurs)
    assert erreurs[3] == (
        "« N° logement » : le logement A99 de la résidence RES-1 n'est pas dans votre parc (vérifiez la référence ; "
        "un logement nouveau s'ajoute d'abord par le fichier du parc)"
    )
    assert erreurs[4] == "ce logement figure déjà ligne 2"
    assert erreurs[5] == "« Nombre de personnes » : 0 est invraisemblable (attendu entre 1 et 20)"
    assert erreurs[6] == "« Date d'entrée » : le 01/01/2099 est dans le futur"
    ligne7 = erreurs[7].replace("\u00a0", " ").replace("\u202f", " ")
    for attendu in (
        "« N° logement » : valeur manquante (il faut la résidence et le numéro, ou l'identifiant RPLS)",
        "« Composition familiale » : « trio » inconnue",
        "« Ressources par UC » : 1 000 000,00 € par UC et par an est invraisemblable",
        "« Date d'entrée » : « 31/02/2020 » n'existe pas dans le calendrier",
    ):
        assert attendu in ligne7, ligne7
    assert erreurs[8] == (
        "« Quartile » : « Q5 » n'est pas un quartile (1, 2, 3 ou 4) ; « Ménage prioritaire » : « peut-être » n'est "
        "pas oui ou non"
    )
    assert erreurs[9].startswith("logement : ni référence de résidence et numéro, ni identifiant RPLS")
    assert "« Nombre de personnes » : valeur manquante" in erreurs[10]
    assert "« Date d'entrée » : valeur manquante" in erreurs[10]
    # a second newcomer: a size the composition does not allow
    assert erreurs[11] == (
        "« Composition familiale » : « Personne seule » pour 3 personnes (une personne seule est 1 personne)"
    )
    assert imp.nombre_erreurs == 9
    assert not Occupation.objects.exists()


@pytest.mark.jour_fige
def test_le_fichier_rafraichit_l_occupation_a_chaque_depot(gestionnaire, erilia):
    premier = fichier(
        "RES-1;A12;;3;;9 850;;15/03/2019;oui",
        "RES-1;A13;;1;;;Q3;01/09/2022;",
        "RES-2;B01;;5;;16 000;;2010-06-01;non",
    )
    appliquer(gestionnaire, erilia, premier)
    # the same file again: nothing changes
    imp = appliquer(gestionnaire, erilia, premier)
    assert imp.resultat == "0 ménage enregistré, 0 mis à jour, 0 départ"
    assert Occupation.objects.count() == 3
    # a household housed through the application in RES-2… is kept when a later file of RES-2 forgets it
    b01 = en_place("B01")
    b01.fin = dt.date(2026, 10, 31)
    b01.save()
    Occupation.objects.create(
        logement=b01.logement, origine=OrigineOccupation.ATTRIBUTION, debut=dt.date(2026, 11, 2), personnes=2
    )
    # the next file of RES-1 only: A12's household grew, a new household in A13 since October; RES-2 not covered
    imp = appliquer(
        gestionnaire,
        erilia,
        fichier("RES-1;A12;;4;;9 850;;15/03/2019;", "RES-1;A13;;2;couple;;;01/10/2026;non"),
    )
    assert imp.resultat == "1 ménage enregistré, 1 mis à jour, 1 départ"
    a12 = en_place("A12")
    assert a12.personnes == 4 and a12.prioritaire is True  # an empty status keeps the known one
    ancien = Occupation.objects.get(logement__numero="A13", debut=dt.date(2022, 9, 1))
    assert ancien.fin == dt.date(2026, 9, 30)  # left the day before the new household came
    assert en_place("A13").composition == "COUPLE_SANS_ENFANT"
    assert en_place("B01").origine == OrigineOccupation.ATTRIBUTION
    # a file of RES-1 without A13: its household (from a file) has left, said at the check; RES-2's attribution stays
    contenu = fichier("RES-1;A12;;4;;9 850;;15/03/2019;", "RES-2;B01;;2;;;;01/01/2020;")
    verifie = verifier(gestionnaire, erilia, contenu)
    assert "1 ménage en place dans les résidences du fichier n’y figure pas" in str(verifie.notes)
    # found by a newcomer: the line the save leaves aside is said at the check already
    assert "1 ligne sera ignorée à l'enregistrement (ligne 3) : l'application connaît un occupant" in str(verifie.notes)
    imp = appliquer(gestionnaire, erilia, contenu)
    assert en_place("A13") is None
    assert en_place("B01").origine == OrigineOccupation.ATTRIBUTION  # entered after the file's household: kept
    assert "le logement a un occupant entré le 02/11/2026, après le 01/01/2020 du fichier : gardé" in str(imp.notes)


def test_le_logement_se_trouve_aussi_par_son_identifiant_rpls(gestionnaire, erilia):
    Logement.objects.filter(numero="A12").update(identifiant_rpls="0600123456")
    appliquer(gestionnaire, erilia, fichier(";;0600123456;2;;;;01/02/2021;"))
    assert en_place("A12").personnes == 2
    imp = verifier(gestionnaire, erilia, fichier("RES-1;A13;0600123456;2;;;;01/02/2021;"))
    assert "est celui d'un autre logement que le A13 de la résidence RES-1" in imp.erreurs[0][1]


def test_un_bailleur_ne_declare_pas_l_occupation_d_un_autre(gestionnaire, erilia):
    autre_bailleur = OrganisationFactory(nom="Autre bailleur")
    autre = agent(autre_bailleur, Role.GESTIONNAIRE_BAILLEUR)
    with pytest.raises(PermissionDenied):
        import_recevoir(
            par=autre, bailleur=erilia, nom="o.csv", contenu=fichier("RES-1;A12;;1;;;;01/01/2020;"), nature="OCCUPATION"
        )
    # its own file naming Erilia's dwellings: unknown in its parc
    imp = verifier(autre, autre_bailleur, fichier("RES-1;A12;;1;;;;01/01/2020;"), nom="o.csv")
    assert imp.etat == EtatImport.REJETE and "n'est pas dans votre parc" in imp.erreurs[0][1]
    assert not Occupation.objects.exists()


def test_le_modele_d_occupation_se_telecharge(gestionnaire, client):
    client.force_login(gestionnaire)
    reponse = client.get("/parc/import/modele.csv?nature=occupation")
    assert reponse.status_code == 200
    assert 'filename="modele_occupation_casa_logement.csv"' in reponse["Content-Disposition"]
    assert reponse.content.decode("cp1252").splitlines()[0] == ";".join(occupation.NOMS)
    xlsx = client.get("/parc/import/modele.xlsx?nature=occupation")
    assert xlsx.status_code == 200 and "modele_occupation" in xlsx["Content-Disposition"]


def _televerse(contenu: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("occupation.csv", contenu, content_type="text/csv")


def test_les_seuils_des_quartiles_sont_ceux_de_l_eligibilite():
    """commun.quartiles (read by the occupancy files) holds the same figures as the demands' eligibility."""
    from commun import quartiles
    from demandes.eligibilite import quartiles as eligibilite

    assert quartiles.SEUILS_Q1_CASA == eligibilite.SEUILS_Q1_CASA
    assert quartiles.SEUILS_Q2_CASA == eligibilite.SEUILS_Q2_CASA
    assert quartiles.SEUILS_Q3_CASA == eligibilite.SEUILS_Q3_CASA
    assert (
        quartiles.quartile_casa(Decimal("12000"), 2026) == 1 and quartiles.quartile_casa(Decimal("12000.01"), 2026) == 2
    )


def test_un_fichier_plus_ancien_ne_defait_pas_un_fichier_applique_apres_lui(gestionnaire, erilia):
    """Found by a newcomer: a file checked but left aside, applied after a newer one, silently undid it. The older
    file is refused, saying which newer file stands; the occupancy stays the newer file's."""
    ancien = verifier(
        gestionnaire, erilia, fichier("RES-1;A12;;3;;9 850;;15/03/2019;oui"), nom="occupation-octobre.csv"
    )
    assert ancien.etat == EtatImport.VERIFIE
    appliquer(gestionnaire, erilia, fichier("RES-1;A12;;3;;9 850;;15/03/2019;oui", "RES-1;A13;;2;;;Q2;01/10/2026;"))
    for faire in (import_appliquer, import_demander_application):
        with pytest.raises(ErreurMetier, match="Un fichier déposé après celui-ci .* est déjà appliqué"):
            faire(par=gestionnaire, import_parc=ancien)
    assert en_place("A13") is not None
    ancien.refresh_from_db()
    assert ancien.etat == EtatImport.VERIFIE
    # its page says so, without the button (a second newcomer: « prêt à appliquer » stayed, with its button)
    client = Client()
    client.force_login(gestionnaire)
    page = client.get(f"/parc/import/{ancien.pk}/").content.decode()
    assert 'id="depasse"' in page and "ne s'applique plus" in page
    assert "Enregistrer l&#x27;occupation</button>" not in page
