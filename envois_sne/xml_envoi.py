"""The files sent to the SNE, in the shape of its partner interface: one XML document per event, `interfaceNuu`
(namespace http://nuu.application.i2/, versionInterface 02.01) with its `entete` (typeFichier of the event's kind,
dateFichier) and one `demande/demandeLogement`; the day's documents in one ZIP (a document's typeFichier is its own,
so a day mixing kinds cannot be one document). Written with the standard library (writing is not parsing: no
entity is ever expanded here); the acknowledgement is read with defusedxml (envois_sne/retour.py).

Element names confirmed by a public source (libsne, the SNE's partner library: its checks of a demand file and its
SOAP services): interfaceNuu, versionInterface, entete, typeFichier, dateFichier, demande, demandeLogement,
numUnique, numGuichet, dateCreationDemande, logementRecherche, demandeElargie, listeTypeLogement, typeLogement (code),
listeLocalisationSouhaite, localisationSouhaite, commune (code); the code lists of envois_sne/codes.py. Every other
element name below is ours, « à confirmer sur le cahier des charges des interfaces » (docs/sne.md)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from xml.etree import ElementTree as ET  # noqa: S405 - writing only; reading goes through defusedxml

from .codes import TYPE_FICHIER, TypeEvenementSNE

NAMESPACE = "http://nuu.application.i2/"
VERSION_INTERFACE = "02.01"


def _q(nom: str) -> str:
    return f"{{{NAMESPACE}}}{nom}"


def _sous(parent: ET.Element, nom: str, texte: object = None, **attributs: str) -> ET.Element:
    """A child element, its text when given (booleans as the interface writes them: true/false), its attributes
    when not empty."""
    element = ET.SubElement(parent, _q(nom), {k: str(v) for k, v in attributs.items() if v not in (None, "")})
    if isinstance(texte, bool):
        element.text = "true" if texte else "false"
    elif texte is not None and texte != "":
        element.text = str(texte)
    return element


def _entete(racine: ET.Element, *, type_fichier: str, jour: dt.date, identifiant: str) -> None:
    entete = _sous(racine, "entete")
    _sous(entete, "typeFichier", type_fichier)
    _sous(entete, "dateFichier", jour.isoformat())
    _sous(entete, "identifiantEnvoi", identifiant)  # à confirmer: our event's id, echoed by the acknowledgement


def _enregistrement(dl: ET.Element, c: dict) -> None:
    """The mandatory core of a demand the public library checks, and the applicant (element names à confirmer)."""
    _sous(dl, "dateCreationDemande", c["date_creation"])
    _sous(dl, "identifiantLocal", c["numero_local"])
    if c.get("demandeur"):
        demandeur = _sous(dl, "demandeur")
        _sous(demandeur, "nom", c["demandeur"]["nom"])
        _sous(demandeur, "prenom", c["demandeur"]["prenom"])
        _sous(demandeur, "dateNaissance", c["demandeur"]["date_naissance"])
    recherche = _sous(dl, "logementRecherche")
    _sous(recherche, "demandeElargie", bool(c["toute_commune"]))
    types = _sous(recherche, "listeTypeLogement")
    for code in c["typologies"]:
        _sous(types, "typeLogement", code=code)
    localisations = _sous(recherche, "listeLocalisationSouhaite")
    for insee in c["communes"]:
        _sous(_sous(localisations, "localisationSouhaite"), "commune", code=insee)


def _logement(parent: ET.Element, c: dict) -> None:
    logement = _sous(parent, "logement")
    _sous(logement, "identifiantRPLS", c["identifiant_rpls"])
    _sous(logement, "sirenBailleur", c["bailleur_siren"])
    _sous(logement, "referenceResidence", c["residence"])
    _sous(logement, "numeroLogement", c["logement"])
    _sous(logement, "commune", code=c["commune"])
    _sous(logement, "typeLogement", code=c["typologie"])


def _attribution(dl: ET.Element, c: dict) -> None:
    """R441-2-9 CCH: the radiation for attribution with the RPLS identifier, the collective agreement, DALO, the
    contingent (codes: ListeMotifsRadiation, ListeAccordCollectif, ListeBooleen, ListeTypeReservataire)."""
    radiation = _sous(dl, "radiation")
    _sous(radiation, "dateRadiation", c["date_radiation"])
    _sous(radiation, "motifRadiation", code=c["motif_radiation"])
    attribution = _sous(radiation, "attribution")
    _sous(attribution, "dateSignatureBail", c["date_bail"])
    _sous(attribution, "accordCollectif", code=c["accord_collectif"])
    _sous(attribution, "menageDalo", code=c["dalo"])
    _sous(attribution, "typeReservataire", code=c["type_reservataire"])
    _logement(attribution, c)


def _radiation(dl: ET.Element, c: dict) -> None:
    radiation = _sous(dl, "radiation")
    _sous(radiation, "dateRadiation", c["date_radiation"])
    _sous(radiation, "motifRadiation", code=c["motif_radiation"])


def _renouvellement(dl: ET.Element, c: dict) -> None:
    renouvellement = _sous(dl, "renouvellement")
    _sous(renouvellement, "dateRenouvellement", c["date_renouvellement"])
    _sous(renouvellement, "dateEcheance", c["date_echeance"])


def _positionnement(dl: ET.Element, c: dict) -> None:
    positionnement = _sous(dl, "positionnement")
    _sous(positionnement, "datePositionnement", c["date_positionnement"])
    _sous(positionnement, "rang", c["rang"])
    _sous(positionnement, "typeReservataire", code=c["type_reservataire"])
    _logement(positionnement, c)


def _decision_cal(dl: ET.Element, c: dict) -> None:
    decision = _sous(dl, "decisionCAL")
    _sous(decision, "dateCAL", c["date_cal"])
    _sous(decision, "decision", code=c["decision"])
    _sous(decision, "rang", c["rang"])
    _sous(decision, "conditionSuspensive", c["condition"])
    _sous(decision, "motif", c["motif"])
    _logement(decision, c)


PARTIES = {
    TypeEvenementSNE.ENREGISTREMENT: _enregistrement,
    TypeEvenementSNE.ATTRIBUTION: _attribution,
    TypeEvenementSNE.RADIATION: _radiation,
    TypeEvenementSNE.RENOUVELLEMENT: _renouvellement,
    TypeEvenementSNE.POSITIONNEMENT: _positionnement,
    TypeEvenementSNE.DECISION_CAL: _decision_cal,
}


def document(*, identifiant: str, type_evenement: str, contenu: dict, jour: dt.date) -> bytes:
    """One event's XML document (UTF-8, with its declaration)."""
    racine = ET.Element(_q("interfaceNuu"), {"versionInterface": VERSION_INTERFACE})
    _entete(racine, type_fichier=TYPE_FICHIER[type_evenement], jour=jour, identifiant=identifiant)
    demande_logement = _sous(_sous(racine, "demande"), "demandeLogement")
    _sous(demande_logement, "numUnique", contenu["nur"])
    _sous(demande_logement, "numGuichet", contenu["num_guichet"])
    PARTIES[type_evenement](demande_logement, contenu)
    ET.indent(racine)
    # The namespace as the default one, registered again at each document: ElementTree's registry is shared by the
    # whole process, and a prefix registered meanwhile for this URI would change our documents (`default_namespace=`
    # cannot serve: it refuses the interface's unqualified attributes, `code`, `versionInterface`).
    ET.register_namespace("", NAMESPACE)
    return ET.tostring(racine, encoding="utf-8", xml_declaration=True)


def archive(documents: list[tuple[str, bytes]], *, jour: dt.date) -> bytes:
    """The day's ZIP: `documents` as (member name, content), dated from the day (the same events make the same
    bytes)."""
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w", compression=zipfile.ZIP_DEFLATED) as zip_:
        for nom, contenu in documents:
            info = zipfile.ZipInfo(nom, date_time=(jour.year, jour.month, jour.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zip_.writestr(info, contenu)
    return tampon.getvalue()
