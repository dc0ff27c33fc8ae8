"""The SNE's acknowledgement (envois_sne/retour.py, services.retour_lire, the command lire_retour_sne): events
acknowledged or rejected, the numéro unique of a registration stored; a file refused writes nothing; a rejected event
corrected and resent."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from commun.erreurs import ErreurMetier
from demandes.models import Demande, TransitionDemande
from envois_sne import services
from envois_sne.codes import EtatEvenementSNE, TypeEvenementSNE
from envois_sne.models import EvenementSNE, FichierEnvoiSNE, RetourSNE, TransitionEvenementSNE
from programmation.models import Logement
from territoire.roles import Role
from tests.envois_sne.fabriques import DEBUT, bail_signe, donner_nur, nur, retour_xml
from tests.territoire.fabriques import agent

E = EtatEvenementSNE


def _photo():
    return (
        sorted(EvenementSNE.objects.values_list("pk", "etat", "motif_rejet")),
        sorted(Demande.objects.values_list("pk", "nur")),
        RetourSNE.objects.count(),
        TransitionEvenementSNE.objects.count(),
        TransitionDemande.objects.count(),
    )


@pytest.fixture
def envoyes(monde):
    """The five registrations of `monde` sent in the day's file (frozen day)."""
    services.envoyer_du_jour(depuis=DEBUT)
    return list(EvenementSNE.objects.order_by("pk"))


@pytest.mark.jour_fige
def test_le_retour_acquitte_rejette_et_enregistre_le_numero_unique(envoyes):
    e1, e2, e3 = envoyes[:3]
    contenu = retour_xml(
        {"identifiant": e1.numero, "statut": "ACCEPTE", "nur": nur(1)},
        {"identifiant": e2.numero, "statut": "REJETE", "motif": "Date de naissance du demandeur absente"},
        {"identifiant": e3.numero, "statut": "ACCEPTE", "nur": nur(3)},
    )
    fiche = services.retour_lire(par=None, nom="retour.xml", contenu=contenu)
    assert (fiche.acquittes, fiche.rejetes, fiche.numeros_uniques, fiche.deja_connus) == (2, 1, 2, 0)
    for e in envoyes:
        e.refresh_from_db()
    assert [e.etat for e in envoyes] == [E.ACQUITTE, E.REJETE, E.ACQUITTE, E.ENVOYE, E.ENVOYE]
    assert envoyes[1].motif_rejet == "Date de naissance du demandeur absente"
    assert Demande.objects.get(pk=e1.demande_id).nur == nur(1)
    assert Demande.objects.get(pk=e2.demande_id).nur is None
    assert TransitionDemande.objects.filter(
        demande_id=e1.demande_id, motif__startswith="Numéro unique du SNE reçu"
    ).exists()
    assert TransitionEvenementSNE.objects.get(evenement=e2, vers=E.REJETE).retour == fiche
    # the same file twice changes nothing
    avant = _photo()
    with pytest.raises(ErreurMetier, match="déjà été lu"):
        services.retour_lire(par=None, nom="retour.xml", contenu=contenu)
    assert _photo() == avant


@pytest.mark.jour_fige
@pytest.mark.parametrize(
    ("fabrique", "message"),
    [
        (lambda e: retour_xml({"identifiant": "EVT-99999999", "statut": "ACCEPTE"}), "EVT-99999999 est inconnu"),
        (lambda e: b"<interfaceNuu><entete>", "n'est pas un XML lisible (ligne 1"),
        (lambda e: b"", "vide"),
        (
            lambda e: retour_xml(
                {"identifiant": e.numero, "statut": "ACCEPTE", "nur": nur(1)},
                avant='<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
            ),
            "type de document ou des entités",
        ),
        (
            lambda e: retour_xml({"identifiant": e.numero, "statut": "ACCEPTE", "nur": nur(1)}, type_fichier="MOD"),
            "RET attendu",
        ),
        (
            lambda e: retour_xml({"identifiant": e.numero, "statut": "ACCEPTE", "nur": nur(1)}, version="01.00"),
            "02.01 attendue",
        ),
        (lambda e: b'<racine xmlns="urn:autre"/>', "racine du fichier n'est pas interfaceNuu"),
        (lambda e: retour_xml({"identifiant": e.numero, "statut": "ACCEPTE"}), "accepté sans numéro unique"),
        (
            lambda e: retour_xml({"identifiant": e.numero, "statut": "PEUT-ETRE", "nur": nur(1)}),
            "statut « PEUT-ETRE » inconnu",
        ),
        (
            lambda e: retour_xml({"identifiant": e.numero, "statut": "ACCEPTE", "nur": "123"}),
            "numéro unique « 123 » illisible",
        ),
        (lambda e: retour_xml(), "ne contient aucun retour"),
    ],
)
def test_un_retour_refuse_n_ecrit_rien(envoyes, fabrique, message):
    avant = _photo()
    with pytest.raises(ErreurMetier, match=re.escape(message)) as refus:
        services.retour_lire(par=None, nom="retour.xml", contenu=fabrique(envoyes[0]))
    assert refus.value.message.startswith(
        ("Retour refusé, rien n'est enregistré", "Le fichier", "Ce n'est pas", "Version", "La racine")
    )
    assert _photo() == avant


@pytest.mark.jour_fige
def test_un_numero_unique_deja_pris_refuse_tout_le_retour(envoyes):
    donner_nur(envoyes[1].demande, 1)
    avant = _photo()
    contenu = retour_xml(
        {"identifiant": envoyes[2].numero, "statut": "REJETE", "motif": "x"},
        {"identifiant": envoyes[0].numero, "statut": "ACCEPTE", "nur": nur(1)},
    )
    with pytest.raises(ErreurMetier, match=f"le numéro unique {nur(1)} est déjà celui d'une autre demande"):
        services.retour_lire(par=None, nom="retour.xml", contenu=contenu)
    assert _photo() == avant


@pytest.mark.jour_fige
def test_la_commande_lire_retour_sne(envoyes, tmp_path, capsys):
    fichier = tmp_path / "retour.xml"
    fichier.write_bytes(retour_xml({"identifiant": envoyes[0].numero, "statut": "ACCEPTE", "nur": nur(4)}))
    call_command("lire_retour_sne", str(fichier))
    assert "1 acquitté, 0 rejeté, 1 numéro unique enregistré, 0 déjà connu." in capsys.readouterr().out
    mauvais = tmp_path / "mauvais.xml"
    mauvais.write_bytes(b"pas du XML")
    # an expected problem: the reason in French on the error output, exit status 1, nothing else
    with pytest.raises(SystemExit) as fin:
        call_command("lire_retour_sne", str(mauvais))
    assert fin.value.code == 1
    assert capsys.readouterr().err == "Le fichier de retour n'est pas un XML lisible (ligne 1, colonne 0).\n"
    with pytest.raises(SystemExit):
        call_command("lire_retour_sne", str(tmp_path / "absent.xml"))
    assert (
        capsys.readouterr().err == f"Impossible de lire {tmp_path / 'absent.xml'} : fichier ou dossier introuvable.\n"
    )


def test_un_evenement_rejete_corrige_puis_renvoye(retours, referentiel):
    admin = agent(referentiel["casa"], Role.ADMINISTRATEUR)
    bail_signe(retours)
    for n, d in enumerate(retours["demandes"].values(), start=1):
        donner_nur(d, n)
    Logement.objects.filter(numero="A11").update(identifiant_rpls="0600400011")
    services.envoyer_du_jour(depuis=DEBUT)
    e = EvenementSNE.objects.get(type=TypeEvenementSNE.ATTRIBUTION)
    services.retour_lire(
        par=admin,
        nom="retour.xml",
        contenu=retour_xml(
            {"identifiant": e.numero, "statut": "REJETE", "motif": "Identifiant RPLS inconnu du répertoire"}
        ),
    )
    e.refresh_from_db()
    assert (e.etat, e.motif_rejet) == (E.REJETE, "Identifiant RPLS inconnu du répertoire")
    with pytest.raises(PermissionDenied):
        services.renvoyer(par=retours["casa"], evenement=e)  # an instructor does not administer CASA
    Logement.objects.filter(numero="A11").update(identifiant_rpls="0600400099")  # the landlord's parc corrected
    e = services.renvoyer(par=admin, evenement=e)
    assert (e.etat, e.motif_rejet, e.contenu["identifiant_rpls"]) == (E.A_ENVOYER, "", "0600400099")
    assert e.transitions.last().motif == "Corrigé et renvoyé (rejeté pour : Identifiant RPLS inconnu du répertoire)"
    with pytest.raises(ErreurMetier, match="n'est pas rejeté"):
        services.renvoyer(par=admin, evenement=e)
    bilan = services.envoyer_du_jour()
    assert bilan.envoyes == 1 and bilan.fichier.nom.endswith("-02.zip")
    services.retour_lire(
        par=admin, nom="retour2.xml", contenu=retour_xml({"identifiant": e.numero, "statut": "ACCEPTE"})
    )
    e.refresh_from_db()
    assert e.etat == E.ACQUITTE and FichierEnvoiSNE.objects.count() == 2
    assert [t.vers for t in e.transitions.all()] == [E.A_ENVOYER, E.ENVOYE, E.REJETE, E.A_ENVOYER, E.ENVOYE, E.ACQUITTE]
