"""The dwelling's RPLS identifier (programmation/rpls.py, arrêté du 5 janvier 2010: 10 positions): an optional column of
the parc import with its usual names, each bad value the row's French error, unique when set, shown on the
résidence's page."""

import pytest
from django.db import IntegrityError, transaction

from programmation import rpls
from programmation.import_parc.application import parc_importer
from programmation.import_parc.lecture import NOMS
from programmation.models import Logement
from territoire.roles import Role
from tests.programmation.fabriques import BONNES
from tests.territoire.fabriques import OrganisationFactory, agent


@pytest.fixture
def erilia(referentiel):
    return referentiel["erilia"]


@pytest.fixture
def gestionnaire(erilia):
    return agent(erilia, Role.GESTIONNAIRE_BAILLEUR)


def _csv(entete: str, *valeurs: str) -> bytes:
    """The parc's rows of tests/programmation/fabriques.py with one more column, named `entete` (the reports of
    parc_importer name the columns by our names)."""
    lignes = [";".join([*NOMS[:-1], entete])]
    lignes += [f"{ligne};{valeurs[n] if n < len(valeurs) else ''}" for n, ligne in enumerate(BONNES)]
    return ("\r\n".join(lignes) + "\r\n").encode("cp1252")


def _importer(gestionnaire, erilia, contenu):
    return parc_importer(par=gestionnaire, bailleur=erilia, nom="parc.csv", contenu=contenu, appliquer=True)


@pytest.mark.parametrize("entete", ["identifiant_rpls", "RPLS", "Identifiant RPLS", "N° RPLS", "numéro RPLS"])
def test_la_colonne_et_ses_autres_noms(gestionnaire, erilia, entete):
    rapport = _importer(gestionnaire, erilia, _csv(entete, "0600400012", "06 004 000 13", ""))
    assert rapport.valide, rapport.erreurs
    assert dict(Logement.objects.values_list("numero", "identifiant_rpls")) == {
        "A12": "0600400012",
        "A13": "0600400013",  # the spaces between groups removed
        "B01": None,  # optional
    }


def test_une_valeur_fausse_est_l_erreur_de_sa_ligne(gestionnaire, erilia):
    rapport = _importer(gestionnaire, erilia, _csv("n° RPLS", "600400012", "06004*0013", "abcd123456"))
    erreurs = dict(rapport.erreurs)
    assert erreurs[2] == (
        "identifiant_rpls : « 600400012 » : 9 caractères, 10 attendus (un tableur ôte les zéros en tête d'un nombre : "
        "tapez la colonne en texte)"
    )
    assert (
        erreurs[3] == "identifiant_rpls : « 06004*0013 » : 10 chiffres ou lettres majuscules, sans espace "
        "(arrêté du 5 janvier 2010)."
    )
    assert 4 not in erreurs  # letters are put in capitals
    assert not Logement.objects.exists()  # nothing written while a row is wrong


def test_un_identifiant_n_est_qu_a_un_logement(gestionnaire, erilia):
    rapport = _importer(gestionnaire, erilia, _csv("RPLS", "0600400012", "0600400012"))
    assert dict(rapport.erreurs) == {3: "identifiant_rpls : 0600400012 figure déjà ligne 2"}
    assert _importer(gestionnaire, erilia, _csv("RPLS", "0600400012")).valide
    # another dwelling of the landlord, then another landlord's dwelling, already hold it
    rapport = _importer(gestionnaire, erilia, _csv("RPLS", "", "0600400012"))
    assert dict(rapport.erreurs) == {
        3: "identifiant_rpls : 0600400012 est déjà celui du logement A12 de la résidence RES-1"
    }
    autre = OrganisationFactory(nom="Autre bailleur")
    rapport = parc_importer(
        par=agent(autre, Role.GESTIONNAIRE_BAILLEUR), bailleur=autre, nom="p.csv", contenu=_csv("RPLS", "0600400012")
    )
    assert dict(rapport.erreurs) == {
        2: "identifiant_rpls : 0600400012 est déjà celui d'un logement d'un autre bailleur"
    }


def test_une_cellule_vide_garde_l_identifiant_connu(gestionnaire, erilia):
    _importer(gestionnaire, erilia, _csv("RPLS", "0600400012"))
    assert _importer(gestionnaire, erilia, _csv("RPLS", "")).valide  # the same file, the cell empty
    assert Logement.objects.get(numero="A12").identifiant_rpls == "0600400012"
    assert _importer(gestionnaire, erilia, _csv("RPLS", "0600400099")).valide  # corrected
    assert Logement.objects.get(numero="A12").identifiant_rpls == "0600400099"


def test_la_base_refuse_un_identifiant_mal_forme(gestionnaire, erilia):
    _importer(gestionnaire, erilia, _csv("RPLS", "0600400012"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Logement.objects.filter(numero="A13").update(identifiant_rpls="06-004")
    assert rpls.lire("06.004.000.12") == "0600400012"


def test_la_page_de_la_residence_montre_l_identifiant(client, gestionnaire, erilia):
    _importer(gestionnaire, erilia, _csv("RPLS", "0600400012"))
    client.force_login(gestionnaire)
    residence = Logement.objects.get(numero="A12").residence
    page = client.get(f"/parc/residences/{residence.pk}/").content.decode()
    assert "0600400012" in page and "non renseigné" in page
