"""What the reader refuses, and why, in French: the whole file (root, namespace, version, header, size, no demand),
or one demand with every fault it has (missing element, unknown code, impossible date, amount not a number, a
numéro unique that is not 18 capitals or digits), the other demands being read."""

import pytest

from sne import interface
from sne.interface import FichierSNERefuse, lire_fichier


def _une_demande_fautive(xml_sne, avant: str, apres: str, nombre: int = 1):
    """plusieurs_demandes.xml with `avant` replaced by `apres` (first occurrence: in the first demand)."""
    contenu = xml_sne("plusieurs_demandes").decode()
    assert avant in contenu
    return lire_fichier(contenu.replace(avant, apres, nombre).encode(), nom="f.xml")


@pytest.mark.parametrize(
    "avant, apres, motif",
    [
        (
            "<ns1:numUnique>0061026000101G0007</ns1:numUnique>",
            "<ns1:numUnique>061026000101G0007</ns1:numUnique>",
            "numéro unique invalide : numUnique = « 061026000101G0007 » (18 lettres capitales ou chiffres attendus)",
        ),
        (
            "<ns1:numUnique>0061026000101G0007</ns1:numUnique>",
            "",
            "élément obligatoire absent : numUnique",
        ),
        (
            "<ns1:dateNaissance>1997-04-12</ns1:dateNaissance>",
            "<ns1:dateNaissance>1997-02-30</ns1:dateNaissance>",
            "date impossible : personnePhysique/demandeur/dateNaissance = « 1997-02-30 »",
        ),
        (
            "<ns1:dateNaissance>1997-04-12</ns1:dateNaissance>",
            "<ns1:dateNaissance>2027-04-12</ns1:dateNaissance>",
            "date impossible : personnePhysique/demandeur/dateNaissance = 12/04/2027, après la date du fichier "
            "(17/11/2026)",
        ),
        (
            "<ns1:dateCreationDemande>2026-10-05</ns1:dateCreationDemande>",
            "<ns1:dateCreationDemande>05/10/2026</ns1:dateCreationDemande>",
            "valeur illisible : dateCreationDemande = « 05/10/2026 » (date attendue au format AAAA-MM-JJ)",
        ),
        (
            "<ns1:montant>646.52</ns1:montant>",
            "<ns1:montant>646,52</ns1:montant>",
            "valeur illisible : personnePhysique/demandeur/listeRessourceRecue/detailRessource[1]/montant = « 646,52 »"
            " (montant attendu : un nombre positif, point décimal)",
        ),
        (
            "<ns1:montant>646.52</ns1:montant>",
            "<ns1:montant>-646.52</ns1:montant>",
            "valeur illisible : personnePhysique/demandeur/listeRessourceRecue/detailRessource[1]/montant = "
            "« -646.52 » (montant attendu : un nombre positif, point décimal)",
        ),
        (
            '<ns1:typeLogement code="T1"/>',
            '<ns1:typeLogement code="T7"/>',
            "code inconnu : logementRecherche/listeTypeLogement/typeLogement[1] = « T7 » (liste ListeTypeLogement : "
            "C, T1, T2, T3, T4, T5, T6P)",
        ),
        (
            '<ns1:commune code="06004"/>',
            '<ns1:commune code="Antibes"/>',
            "code commune invalide : logementRecherche/listeLocalisationSouhaite/localisationSouhaite[1]/commune@code"
            " = « Antibes » (code INSEE de 5 caractères)",
        ),
        (
            "<ns1:demandeElargie>false</ns1:demandeElargie>",
            "<ns1:demandeElargie>non</ns1:demandeElargie>",
            "valeur illisible : logementRecherche/demandeElargie = « non » (true ou false attendu)",
        ),
        (
            "<ns1:numGuichet>G060007</ns1:numGuichet>",
            "",
            "élément obligatoire absent : numGuichet",
        ),
        (
            '<ns1:nationalite code="1"/>',
            '<ns1:nationalite code="FR"/>',
            "code inconnu : personnePhysique/demandeur/nationalite = « FR » (liste ListeNationalite : 1, 2, 3)",
        ),
    ],
)
def test_une_faute_refuse_la_demande_et_pas_les_autres(xml_sne, avant, apres, motif):
    fichier = _une_demande_fautive(xml_sne, avant, apres)
    [refusee] = fichier.refusees
    assert refusee.position == 1
    assert refusee.motifs == [motif]
    assert [d.position for d in fichier.demandes] == [2, 3, 4]


def test_toutes_les_fautes_d_une_demande_sont_dites(xml_sne):
    contenu = xml_sne("plusieurs_demandes").decode()
    for avant, apres in [
        ("<ns1:dateCreationDemande>2026-10-05</ns1:dateCreationDemande>", ""),
        ('<ns1:typeLogement code="T1"/><ns1:typeLogement code="T2"/>', ""),
        ("<ns1:montant>646.52</ns1:montant>", "<ns1:montant>beaucoup</ns1:montant>"),
    ]:
        contenu = contenu.replace(avant, apres, 1)
    [refusee] = lire_fichier(contenu.encode(), nom="f.xml").refusees
    assert refusee.nur == "0061026000101G0007"
    assert refusee.motifs == [
        "élément obligatoire absent : dateCreationDemande",
        "valeur illisible : personnePhysique/demandeur/listeRessourceRecue/detailRessource[1]/montant = « beaucoup » "
        "(montant attendu : un nombre positif, point décimal)",
        "élément obligatoire absent : logementRecherche/listeTypeLogement/typeLogement",
    ]


def test_une_irrecevabilite_sans_sous_motif_est_refusee(xml_sne):
    contenu = xml_sne("radiation").decode().replace('<ns1:sousMotifRadiation code="IRRRES"/>', "")
    [refusee] = lire_fichier(contenu.encode(), nom="r.xml").refusees
    assert refusee.motifs == [
        "élément obligatoire absent : radiation/sousMotifRadiation (obligatoire pour une radiation pour irrecevabilité)"
    ]


def test_un_demande_sans_demande_logement(xml_sne):
    contenu = xml_sne("plusieurs_demandes").decode()
    contenu = contenu.replace("<ns1:demandeLogement>", "<ns1:demandeLgement>", 1)
    contenu = contenu.replace("</ns1:demandeLogement>", "</ns1:demandeLgement>", 1)
    [refusee] = lire_fichier(contenu.encode(), nom="f.xml").refusees
    assert (refusee.position, refusee.nur) == (1, "")
    assert refusee.motifs == ["élément obligatoire absent : demandeLogement (trouvé : demandeLgement)"]


ENTETE = "<ns1:entete><ns1:typeFichier>CRE</ns1:typeFichier><ns1:dateFichier>2026-11-17</ns1:dateFichier></ns1:entete>"


@pytest.mark.parametrize(
    "contenu, raison",
    [
        (b"", "Le fichier « f.xml » est vide."),
        (b"  \n ", "Le fichier « f.xml » est vide."),
        (b"%PDF-1.7 ...", "n'est pas un XML bien formé (ligne 1, colonne"),
        (
            b'<interfaceNuu versionInterface="02.01"/>',
            "n'est pas dans l'espace de noms de l'interface du SNE (aucun au lieu de http://nuu.application.i2/)",
        ),
        (
            b'<a:interfaceNuu xmlns:a="http://autre/" versionInterface="02.01"/>',
            "n'est pas dans l'espace de noms de l'interface du SNE (http://autre/ au lieu de",
        ),
        (b"<classeur><feuille/></classeur>", "sa racine est « classeur » au lieu de « interfaceNuu »"),
        (
            b'<ns1:interfaceNuu xmlns:ns1="http://nuu.application.i2/"/>',
            "porte aucune version (attribut versionInterface absent) de l'interface du SNE",
        ),
        (
            f'<ns1:interfaceNuu versionInterface="02.01" xmlns:ns1="http://nuu.application.i2/">{ENTETE}'
            "</ns1:interfaceNuu>".encode(),
            "ne contient aucune demande (élément demande)",
        ),
        (
            b'<ns1:interfaceNuu versionInterface="02.01" xmlns:ns1="http://nuu.application.i2/"><ns1:demande/>'
            b"</ns1:interfaceNuu>",
            "n'a pas d'entête avant ses demandes (élément entete)",
        ),
        (
            b'<ns1:interfaceNuu versionInterface="02.01" xmlns:ns1="http://nuu.application.i2/"></ns1:interfaceNuu>',
            "n'a pas d'entête (élément entete)",
        ),
        (
            f'<ns1:interfaceNuu versionInterface="02.01" xmlns:ns1="http://nuu.application.i2/">'
            f"{ENTETE.replace('CRE', 'XYZ')}<ns1:demande/></ns1:interfaceNuu>".encode(),
            "porte un type de fichier inconnu : « XYZ » (liste ListeTypeFichier : CRE, CRS, MOD, RAD, REN, SUP, DIS,",
        ),
        (
            f'<ns1:interfaceNuu versionInterface="02.01" xmlns:ns1="http://nuu.application.i2/">'
            f"{ENTETE.replace('2026-11-17', '2026-13-01')}<ns1:demande/></ns1:interfaceNuu>".encode(),
            "n'a pas de date de fichier lisible (dateFichier)",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE interfaceNuu><ns1:interfaceNuu versionInterface="02.01" '
            b'xmlns:ns1="http://nuu.application.i2/"/>',
            "contient une déclaration de type de document (DOCTYPE, entités)",
        ),
    ],
)
def test_fichier_refuse(contenu, raison):
    with pytest.raises(FichierSNERefuse) as refus:
        lire_fichier(contenu, nom="f.xml")
    assert raison in str(refus.value)


def test_trop_gros_refuse_avant_lecture(xml_sne, settings):
    settings.CASA_SNE_TAILLE_MAX_MO = 1
    assert interface.TAILLE_MAX_OCTETS == 1024 * 1024
    contenu = xml_sne("plusieurs_demandes").replace(
        b"</ns1:interfaceNuu>", b" " * (1024 * 1024) + b"</ns1:interfaceNuu>"
    )
    with pytest.raises(FichierSNERefuse) as refus:
        lire_fichier(contenu, nom="gros.xml")
    assert str(refus.value) == (
        "Le fichier « gros.xml » pèse 1,0 Mo : la limite est de 1 Mo (réglage CASA_SNE_TAILLE_MAX_MO). "
        "Il n'a pas été lu."
    )
    settings.CASA_SNE_TAILLE_MAX_MO = 2
    assert len(lire_fichier(contenu, nom="gros.xml").demandes) == 4


def test_l_erreur_de_l_application_sur_une_demande_ne_refuse_qu_elle(xml_sne, monkeypatch):
    from sne.interface import lecture

    vraie = lecture.lire_demande

    def fautive(el, *, position, jour_fichier):
        if position == 2:
            raise RuntimeError("bogue")
        return vraie(el, position=position, jour_fichier=jour_fichier)

    monkeypatch.setattr(lecture, "lire_demande", fautive)
    fichier = lire_fichier(xml_sne("plusieurs_demandes"), nom="p.xml")
    assert [d.position for d in fichier.demandes] == [1, 3, 4]
    assert fichier.refusees[0].motifs == ["demande illisible (erreur de l'application) : transmettez le fichier"]
