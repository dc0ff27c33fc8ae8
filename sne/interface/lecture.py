"""Reading a file of the SNE (an XML « interfaceNuu », docs/sne.md « Le fichier des demandes du SNE »), safely and
in one pass: bounded in size before anything is parsed; parsed by defusedxml (no DTD at all, hence no entity
expansion and no external entity or reference); streamed demand by demand (iterparse, each `demande` freed once
read), so that 50,000 demands read in well under a minute. The whole file is refused (FichierSNERefuse) when it
cannot be trusted as a whole; a demand with a fault is refused alone (FichierSNE.refusees), the others are read."""

from __future__ import annotations

import io
import logging
from xml.etree import ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SUR
from django.conf import settings

from commun import format_fr

from . import codes
from .champs import jour_iso, nom_local
from .demande import lire_demande
from .modele import NAMESPACE, VERSIONS_ACCEPTEES, DemandeSNERefusee, EnteteSNE, FichierSNE, FichierSNERefuse

journal = logging.getLogger(__name__)

RACINE = f"{{{NAMESPACE}}}interfaceNuu"
ENTETE = f"{{{NAMESPACE}}}entete"
DEMANDE = f"{{{NAMESPACE}}}demande"
MO = 1024 * 1024


def taille_max_octets() -> int:
    """The largest file read, in bytes (settings.CASA_SNE_TAILLE_MAX_MO)."""
    return settings.CASA_SNE_TAILLE_MAX_MO * MO


def lire_fichier(contenu: bytes, *, nom: str) -> FichierSNE:
    """The file `nom` read: its header, its demands mapped, its demands refused with their reasons. Raises
    FichierSNERefuse (French reason) when the whole file is refused; never another exception."""
    if not contenu.strip():
        raise FichierSNERefuse(f"Le fichier « {nom} » est vide.")
    if len(contenu) > taille_max_octets():
        raise FichierSNERefuse(
            f"Le fichier « {nom} » pèse {format_fr.nombre(len(contenu) / MO, 1)} Mo : la limite est de "
            f"{settings.CASA_SNE_TAILLE_MAX_MO} Mo (réglage CASA_SNE_TAILLE_MAX_MO). Il n'a pas été lu."
        )
    try:
        return _lire(contenu, nom)
    except FichierSNERefuse:
        raise
    except DefusedXmlException as err:
        raise FichierSNERefuse(
            f"Le fichier « {nom} » contient une déclaration de type de document (DOCTYPE, entités) : un fichier du "
            "SNE n'en a jamais, et c'est la forme des attaques par expansion d'entités ou par entité externe. Il est "
            "refusé sans être lu."
        ) from err
    except ET.ParseError as err:
        ligne, colonne = getattr(err, "position", (0, 0))
        raise FichierSNERefuse(
            f"Le fichier « {nom} » n'est pas un XML bien formé (ligne {ligne}, colonne {colonne}) : il est refusé en "
            "entier. Demandez au SNE un nouvel envoi du fichier."
        ) from err
    except Exception as err:  # a bug of ours: the agent gets a reason, we get the trace
        journal.exception("Lecture d'un fichier du SNE impossible (%s, %d octets)", type(err).__name__, len(contenu))
        raise FichierSNERefuse(
            f"Le fichier « {nom} » ne peut pas être lu (erreur de l'application) : transmettez-le à l'équipe."
        ) from err


def _version(racine: ET.Element, nom: str) -> str:
    """The interface version of a root `interfaceNuu` in the namespace; the file refused otherwise."""
    if racine.tag != RACINE:
        if nom_local(racine.tag) == "interfaceNuu":
            espace = racine.tag[1:].partition("}")[0] if racine.tag.startswith("{") else "aucun"
            raise FichierSNERefuse(
                f"Le fichier « {nom} » n'est pas dans l'espace de noms de l'interface du SNE ({espace} au lieu de "
                f"{NAMESPACE})."
            )
        raise FichierSNERefuse(
            f"Le fichier « {nom} » n'est pas un fichier des demandes du SNE : sa racine est « {nom_local(racine.tag)} »"
            " au lieu de « interfaceNuu »."
        )
    version = (racine.get("versionInterface") or "").strip()
    if version not in VERSIONS_ACCEPTEES:
        lue = f"la version « {version[:10]} »" if version else "aucune version (attribut versionInterface absent)"
        raise FichierSNERefuse(
            f"Le fichier « {nom} » porte {lue} de l'interface du SNE : seules les versions "
            f"{', '.join(VERSIONS_ACCEPTEES)} sont lues."
        )
    return version


def _entete(el: ET.Element, version: str, nom: str) -> EnteteSNE:
    """The header: dateFichier required (a date, or a date and time), typeFichier in ListeTypeFichier if given."""
    type_el = el.find(f"{{{NAMESPACE}}}typeFichier")
    type_fichier = (type_el.text or "").strip() if type_el is not None else ""
    if type_fichier and type_fichier not in codes.TYPE_FICHIER:
        raise FichierSNERefuse(
            f"L'entête du fichier « {nom} » porte un type de fichier inconnu : « {type_fichier[:10]} » (liste "
            f"ListeTypeFichier : {', '.join(codes.TYPE_FICHIER)})."
        )
    date_el = el.find(f"{{{NAMESPACE}}}dateFichier")
    jour = jour_iso(date_el.text or "") if date_el is not None else None
    if jour is None:
        raise FichierSNERefuse(f"L'entête du fichier « {nom} » n'a pas de date de fichier lisible (dateFichier).")
    return EnteteSNE(version=version, type_fichier=type_fichier, date_fichier=jour)


def _lire(contenu: bytes, nom: str) -> FichierSNE:
    """One pass over the file: the root's version at its start, then each child of the root once complete (the
    header first, then the demands), each freed once read."""
    fichier: FichierSNE | None = None
    racine: ET.Element | None = None
    version = ""
    position = profondeur = 0
    for evenement, el in SUR.iterparse(io.BytesIO(contenu), events=("start", "end"), forbid_dtd=True):
        if evenement == "start":
            profondeur += 1
            if profondeur == 1:
                racine, version = el, _version(el, nom)
            continue
        profondeur -= 1
        if profondeur != 1:
            continue
        if el.tag == ENTETE and fichier is None:
            fichier = FichierSNE(nom=nom, entete=_entete(el, version, nom), demandes=[], refusees=[])
        elif el.tag == DEMANDE:
            position += 1
            if fichier is None:
                raise FichierSNERefuse(f"Le fichier « {nom} » n'a pas d'entête avant ses demandes (élément entete).")
            _ajouter(fichier, el, position)
        racine.remove(el)
    if fichier is None:
        raise FichierSNERefuse(f"Le fichier « {nom} » n'a pas d'entête (élément entete).")
    if not position:
        raise FichierSNERefuse(f"Le fichier « {nom} » ne contient aucune demande (élément demande).")
    return fichier


def _ajouter(fichier: FichierSNE, el: ET.Element, position: int) -> None:
    """The demand at `position` read into the file's demands or refused ones; a fault of ours on one demand refuses
    that demand, not the file."""
    try:
        lue = lire_demande(el, position=position, jour_fichier=fichier.entete.date_fichier)
    except Exception:  # a bug of ours on one demand: reported as its refusal, the trace logged
        journal.exception("Demande %d du fichier du SNE %s illisible", position, fichier.nom)
        lue = DemandeSNERefusee(
            position=position, nur="", motifs=["demande illisible (erreur de l'application) : transmettez le fichier"]
        )
    (fichier.refusees if isinstance(lue, DemandeSNERefusee) else fichier.demandes).append(lue)
