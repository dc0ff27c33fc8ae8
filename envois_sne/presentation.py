"""What an event says to the SNE, written for a person (the event's page, « Ce que l'événement dit au SNE »): each
fact of EvenementSNE.contenu (envois_sne/contenu.py) under a French label, in an order of our own (LIBELLES), as
lines of text: dates JJ/MM/AAAA (commun/format_fr.py), booleans Oui/Non, lists joined, the applicant (or each person
of a household) on a line of their own, a code with its label (the SNE's code lists of envois_sne/codes.py,
demandes.codes, territoire.roles, positionnements.etats), a commune by its name and INSEE code.

A key without a label here is still shown (its name written out), never hidden: tests/envois_sne/test_presentation.py
checks that every key the constructors write has its label."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable

from commun import format_fr
from demandes.codes import MotifRadiation
from demandes.codes import Typologie as TypologieDemande
from positionnements.etats import TypeDecisionCAL
from programmation.models import Typologie as TypologieLogement
from territoire.models import Commune
from territoire.roles import TypeReservataire

from .codes import ACCORDS_COLLECTIFS, NON, NON_RENSEIGNE, OUI

# In the order the page shows them (PostgreSQL's jsonb does not keep the order the content was written in).
LIBELLES = {
    "nur": "Numéro unique",
    "numero_local": "Numéro local (CASA)",
    "num_guichet": "Code guichet du SNE",
    "demandeur": "Demandeur",
    "date_creation": "Date de création de la demande",
    "date_enregistrement": "Date d'enregistrement",
    "typologies": "Typologies souhaitées",
    "communes": "Communes souhaitées",
    "toute_commune": "Demande élargie à toute commune",
    "date_positionnement": "Date du positionnement",
    "date_cal": "Date de la CAL",
    "decision": "Décision de la CAL",
    "rang": "Rang",
    "condition": "Condition suspensive",
    "motif": "Motif",
    "date_bail": "Date du bail",
    "date_radiation": "Date de radiation",
    "motif_radiation": "Motif de radiation",
    "date_renouvellement": "Renouvellement reçu le",
    "date_echeance": "Nouvelle échéance",
    "dalo": "Ménage reconnu prioritaire DALO",
    "type_reservataire": "Contingent (type de réservataire)",
    "accord_collectif": "Accord collectif",
    "bailleur": "Bailleur",
    "bailleur_siren": "SIREN du bailleur",
    "residence": "Résidence",
    "logement": "Logement",
    "commune": "Commune du logement",
    "typologie": "Typologie du logement",
    "identifiant_rpls": "Identifiant RPLS du logement",
    # a person of the household
    "nom": "Nom",
    "prenom": "Prénom",
    "date_naissance": "Date de naissance",
}
BOOLEEN_SNE = {OUI: "Oui", NON: "Non", NON_RENSEIGNE: "Non renseigné"}
# {key: {code: label}}; the SNE's own code lists are shown with their code (what a rejection names)
LIBELLES_DES_CODES: dict[str, dict[str, str]] = {
    "motif_radiation": dict(MotifRadiation.choices),
    "type_reservataire": dict(TypeReservataire.choices),
    "accord_collectif": ACCORDS_COLLECTIFS,
    "decision": dict(TypeDecisionCAL.choices),
    "dalo": BOOLEEN_SNE,
    "typologies": dict(TypologieDemande.choices),
    "typologie": dict(TypologieLogement.choices),
}
AVEC_LE_CODE = {"motif_radiation", "type_reservataire", "accord_collectif"}
COMMUNES = ("communes", "commune")
VIDE = "—"
DATE_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def libelle(cle: str) -> str:
    """The French label of a content key; an unknown key written out (« code_insee » → « Code insee »)."""
    return LIBELLES.get(cle) or cle.replace("_", " ").capitalize()


def _date(texte: str) -> str:
    try:
        return format_fr.date(dt.date.fromisoformat(texte))
    except ValueError:
        return texte


def _simple(valeur: object) -> str:
    """A scalar written for a person: True/False as Oui/Non, an ISO date as JJ/MM/AAAA, nothing as « — »."""
    if isinstance(valeur, bool):
        return "Oui" if valeur else "Non"
    if valeur is None or valeur == "":
        return VIDE
    if isinstance(valeur, int | float):
        return format_fr.nombre(valeur)
    texte = str(valeur)
    return _date(texte) if DATE_ISO.fullmatch(texte) else texte


def _code(cle: str, code: object) -> str:
    if code in (None, ""):
        return VIDE
    texte = LIBELLES_DES_CODES[cle].get(str(code))
    if texte is None:
        return f"{code} (code inconnu)"
    return f"{texte} ({code})" if cle in AVEC_LE_CODE else texte


def _personne(p: dict) -> str:
    """« Élodie MARTIN, né(e) le 12/04/1988 », then any other fact of the person as « label : value »."""
    nom = " ".join(x for x in (str(p.get("prenom") or ""), str(p.get("nom") or "").upper()) if x) or "Sans nom"
    morceaux = [nom]
    if p.get("date_naissance"):
        morceaux.append(f"né(e) le {_simple(p['date_naissance'])}")
    autres = [k for k in p if k not in ("nom", "prenom", "date_naissance")]
    morceaux += [f"{libelle(k).lower()} : {_simple(p[k])}" for k in autres]
    return ", ".join(morceaux)


def _lignes(cle: str, valeur: object, communes: dict[str, str]) -> list[str]:
    """One fact as lines of text."""
    if cle in COMMUNES:
        codes = valeur if isinstance(valeur, list) else [valeur]
        lignes = [f"{communes[c]} ({c})" if c in communes else _simple(c) for c in codes if c not in (None, "")]
        return [", ".join(lignes)] if lignes else [VIDE]
    if cle in LIBELLES_DES_CODES:
        codes = valeur if isinstance(valeur, list) else [valeur]
        return [", ".join(_code(cle, c) for c in codes) or VIDE]
    if isinstance(valeur, dict):
        if not valeur:
            return [VIDE]
        if "nom" in valeur or "prenom" in valeur:
            return [_personne(valeur)]
        return [f"{libelle(k)} : {_simple(v)}" for k, v in valeur.items()]
    if isinstance(valeur, list):
        if valeur and all(isinstance(v, dict) for v in valeur):
            return [_personne(v) for v in valeur]
        return [", ".join(_simple(v) for v in valeur) or VIDE]
    return [_simple(valeur)]


def _codes_insee(contenu: dict) -> set[str]:
    codes: set[str] = set()
    for cle in COMMUNES:
        valeur = contenu.get(cle)
        codes.update(c for c in (valeur if isinstance(valeur, list) else [valeur]) if isinstance(c, str) and c)
    return codes


def noms_des_communes(codes: Iterable[str]) -> dict[str, str]:
    """{INSEE code: name} of the communes known (one query; none when there is no code)."""
    codes = set(codes)
    if not codes:
        return {}
    return dict(Commune.objects.filter(code_insee__in=codes).values_list("code_insee", "nom"))


def contenu_lisible(
    contenu: dict, *, communes: Callable[[Iterable[str]], dict[str, str]] = noms_des_communes
) -> list[tuple[str, list[str]]]:
    """[(label, lines)] of an event's content in the order of LIBELLES (a key it does not know last): what the
    event's page shows. One query at most (the communes' names)."""
    noms = communes(_codes_insee(contenu))
    ordre = {cle: n for n, cle in enumerate(LIBELLES)}
    cles = sorted(contenu, key=lambda cle: ordre.get(cle, len(ordre)))
    return [(libelle(cle), _lignes(cle, contenu[cle], noms)) for cle in cles]
