"""Reading the SNE's acknowledgement of our files (pure: no database). The shape is ours until the cahier des charges
of the interfaces confirms it (docs/sne.md « Le retour du SNE »): `interfaceNuu` in the interface's namespace, its
`entete/typeFichier` RET (ListeTypeFichier « Retour ») and `dateFichier`, then `listeRetour/retour`, one per event:
`identifiantEnvoi` (our EVT-… id), `statut` ACCEPTE or REJETE, `numUnique` (the NUR the SNE gave to a registration),
`motifRejet`.

Read with defusedxml: no DTD, no entity, no external reference; bounded in size. Every fault is said in French with
the line it is on; the caller writes nothing when there is one (services.retour_lire)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from commun.erreurs import ErreurMetier

from .codes import TYPE_FICHIER_RETOUR, StatutRetour
from .xml_envoi import NAMESPACE, VERSION_INTERFACE

TAILLE_MAX = 5 * 1024 * 1024  # bytes: an acknowledgement lists a day's events, a few hundred lines
ERREURS_MAX = 20  # faults said at most (then their count)
IDENTIFIANT = re.compile(r"^EVT-(\d{8,})$")
FORMAT_NUR = re.compile(r"^[0-9A-Z]{18}$")  # demandes.models.FORMAT_NUR


@dataclass(frozen=True)
class LigneRetour:
    position: int  # 1-based rank of the `retour` element
    evenement_id: int
    statut: str  # StatutRetour
    nur: str = ""
    motif: str = ""


@dataclass(frozen=True)
class Retour:
    date_fichier: dt.date | None
    lignes: list[LigneRetour]


def _q(nom: str) -> str:
    return f"{{{NAMESPACE}}}{nom}"


def _texte(element, nom: str) -> str:
    return (element.findtext(_q(nom)) or "").strip()


def _racine(contenu: bytes):
    """The document's root, checked: size, well-formed, no DTD or entity, the interface's root and version."""
    if not contenu:
        raise ErreurMetier("Le fichier de retour est vide.")
    if len(contenu) > TAILLE_MAX:
        raise ErreurMetier(f"Le fichier de retour dépasse {TAILLE_MAX // 1024 // 1024} Mo : il est refusé.")
    try:
        racine = fromstring(contenu, forbid_dtd=True)
    except DefusedXmlException as err:
        raise ErreurMetier(
            "Le fichier de retour déclare un type de document ou des entités (DTD) : refusé, un retour du SNE n'en "
            "contient pas."
        ) from err
    except ParseError as err:
        ligne, colonne = err.position
        raise ErreurMetier(
            f"Le fichier de retour n'est pas un XML lisible (ligne {ligne}, colonne {colonne})."
        ) from err
    if racine.tag != _q("interfaceNuu"):
        raise ErreurMetier(f"La racine du fichier n'est pas interfaceNuu de l'espace de noms {NAMESPACE}.")
    version = racine.get("versionInterface", "")
    if version != VERSION_INTERFACE:
        raise ErreurMetier(f"Version de l'interface « {version} » : {VERSION_INTERFACE} attendue.")
    return racine


def _date(texte: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(texte)
    except ValueError:
        return None


def _ligne(position: int, element, fautes: list[str]) -> LigneRetour | None:
    """One `retour` element read, its faults added to `fautes` (« retour n° 3 : … »)."""
    identifiant, statut = _texte(element, "identifiantEnvoi"), _texte(element, "statut")
    nur, motif = _texte(element, "numUnique"), _texte(element, "motifRejet")
    avant = len(fautes)
    m = IDENTIFIANT.match(identifiant)
    if not m:
        fautes.append(f"retour n° {position} : identifiant d'événement « {identifiant} » illisible (EVT-00000001…)")
    if statut not in StatutRetour.values:
        fautes.append(f"retour n° {position} : statut « {statut} » inconnu (ACCEPTE ou REJETE)")
    if nur and not FORMAT_NUR.match(nur):
        fautes.append(f"retour n° {position} : numéro unique « {nur} » illisible (18 chiffres ou lettres majuscules)")
    if len(fautes) > avant:
        return None
    return LigneRetour(position, int(m.group(1)), statut, nur, motif[:500])


def lire(contenu: bytes) -> Retour:
    """The acknowledgement's lines, or ErreurMetier saying every fault found (the first ERREURS_MAX)."""
    racine = _racine(contenu)
    entete = racine.find(_q("entete"))
    if entete is None:
        raise ErreurMetier("Le fichier de retour n'a pas d'en-tête (entete).")
    type_fichier = _texte(entete, "typeFichier")
    if type_fichier != TYPE_FICHIER_RETOUR:
        raise ErreurMetier(f"Ce n'est pas un retour du SNE : typeFichier « {type_fichier} », RET attendu.")
    fautes: list[str] = []
    lignes = [
        ligne
        for position, element in enumerate(racine.iterfind(f"{_q('listeRetour')}/{_q('retour')}"), start=1)
        if (ligne := _ligne(position, element, fautes)) is not None
    ]
    if not lignes and not fautes:
        raise ErreurMetier("Le fichier de retour ne contient aucun retour (listeRetour/retour).")
    vus: dict[int, int] = {}
    for ligne in lignes:
        if (premier := vus.setdefault(ligne.evenement_id, ligne.position)) != ligne.position:
            fautes.append(
                f"retour n° {ligne.position} : l'événement EVT-{ligne.evenement_id:08d} est déjà au retour n° {premier}"
            )
    lever_si(fautes)
    return Retour(_date(_texte(entete, "dateFichier")), lignes)


def lever_si(fautes: list[str]) -> None:
    """ErreurMetier listing the faults (bounded) when there are any: nothing is written."""
    if fautes:
        reste = len(fautes) - ERREURS_MAX
        suite = f" ; et {reste} autre{'s' if reste > 1 else ''}" if reste > 0 else ""
        raise ErreurMetier("Retour refusé, rien n'est enregistré : " + " ; ".join(fautes[:ERREURS_MAX]) + suite + ".")
