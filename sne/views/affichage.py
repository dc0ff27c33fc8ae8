"""The values of a conflict and the summary of a probable duplicate, written for an agent: dates JJ/MM/AAAA, amounts
in euros, codes by their French label, communes by their name, the household as a short list of persons.

A conflict's values are in the comparison's shape (sne.comparaison: dates ISO, amounts as « 620.00 », lists, the
household as a list of persons, the wished communes as INSEE codes, the radiation as [date, motif] or None). A
value this module cannot read is shown as it is stored, never an error."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from commun import format_fr
from commun.erreurs import ErreurMetier
from demandes.codes import Lien, MotifDemande, MotifRadiation, TypeRessource, Typologie
from demandes.models import Demande
from territoire.models import Commune

from .. import mise_a_jour
from ..comparaison import COMMUNES, DATE_DEPOT, MENAGE
from ..models import ConflitSNE, LigneImportSNE
from ..reconciliation import relire
from ..valeurs import RADIATION, RENOUVELLEMENT

VIDE = "non renseigné"
NE = {"F": "née", "M": "né"}
CHAMPS_COMMUNE = ("commune_actuelle", "employeur_commune")
LISTES_DE_CODES = {"motifs": MotifDemande, "typologies": Typologie}


@dataclass
class ConflitLisible:
    """A conflict as the reconciliation page shows it: each side a list of lines (one for a simple value)."""

    conflit: ConflitSNE
    libelle: str
    sne: list[str]
    locale: list[str]


def _date(valeur) -> str:
    try:
        return format_fr.date(dt.date.fromisoformat(str(valeur)[:10]))
    except ValueError:
        return str(valeur)


def _libelle(enumeration, code) -> str:
    return enumeration(code).label if code in enumeration.values else str(code)


def _ressource(code, montant) -> str:
    return f"{_libelle(TypeRessource, code)} {format_fr.euros(montant)}"


def personne(p: dict) -> str:
    """« Élodie MARTIN, demandeur, née le 12/04/1988 ; salaire 1 500,00 € »: one person of the household."""
    nom = " ".join(t for t in (p.get("prenom") or "", (p.get("nom") or "").upper()) if t) or "Personne sans nom"
    if p.get("enfant_a_naitre"):
        texte = f"enfant attendu le {_date(p.get('date_naissance'))}"
        return texte if nom == "Personne sans nom" else f"{nom}, {texte}"
    parties = [nom, _libelle(Lien, p.get("lien")).lower()]
    if p.get("date_naissance"):
        parties.append(f"{NE.get(p.get('sexe'), 'né(e)')} le {_date(p['date_naissance'])}")
    if p.get("a_charge"):
        parties.append("à charge")
    texte = ", ".join(parties)
    ressources = [_ressource(t, m) for t, m in p.get("ressources") or []]
    return texte + (" ; " + ", ".join(ressources) if ressources else "")


def _champ_simple(champ: str, valeur, communes: dict[str, str]) -> str:
    """A value of a Demande field, by its kind: yes/no, date, amount, surface, label of its code, commune."""
    try:
        f = Demande._meta.get_field(champ)
    except FieldDoesNotExist:
        return str(valeur)
    if isinstance(f, models.BooleanField):
        return "oui" if valeur else "non"
    if isinstance(f, models.DateField):
        return _date(valeur)
    if champ in LISTES_DE_CODES:
        return (
            ", ".join(_libelle(LISTES_DE_CODES[champ], c) for c in valeur) if isinstance(valeur, list) else str(valeur)
        )
    if isinstance(valeur, list):
        return ", ".join(str(v) for v in valeur)
    if f.choices:
        return str(dict(f.flatchoices).get(valeur, valeur))
    if champ in CHAMPS_COMMUNE:
        return f"{communes[valeur]} ({valeur})" if valeur in communes else str(valeur)
    nom = str(f.verbose_name)
    if isinstance(f, models.DecimalField) or "€" in nom:
        return format_fr.euros(valeur, 2 if isinstance(f, models.DecimalField) else 0)
    if "m²" in nom:
        return f"{format_fr.nombre(valeur)} m²"
    return format_fr.nombre(valeur) if isinstance(valeur, int) and not isinstance(valeur, bool) else str(valeur)


def valeur(champ: str, v, communes: dict[str, str]) -> list[str]:
    """The lines that say value `v` of `champ` (a conflict's side): one line, a line per person of the household, a
    line per wished commune."""
    if champ == RADIATION:
        if not v:
            return ["non radiée"]
        return [f"radiée le {_date(v[0])} : {_libelle(MotifRadiation, v[1])}" if len(v) > 1 else str(v)]
    if v is None or v == "" or v == []:
        return [VIDE]
    if champ == MENAGE:
        return [personne(p) for p in v] if isinstance(v, list) else [str(v)]
    if champ == COMMUNES:
        return (
            [f"{rang}. {communes.get(c, c)}" for rang, c in enumerate(v, start=1)] if isinstance(v, list) else [str(v)]
        )
    if champ in (DATE_DEPOT, RENOUVELLEMENT):
        return [_date(v)]
    return [_champ_simple(champ, v, communes)]


def _codes_de_communes(conflits: list[ConflitSNE]) -> set[str]:
    codes: set[str] = set()
    for c in conflits:
        for v in (c.valeur_sne, c.valeur_locale):
            if c.champ == COMMUNES and isinstance(v, list):
                codes.update(str(x) for x in v)
            elif c.champ in CHAMPS_COMMUNE and isinstance(v, str):
                codes.add(v)
    return codes


def noms_des_communes(codes) -> dict[str, str]:
    """{INSEE code: name} of the communes known here among `codes` (one query, none when there is no code)."""
    codes = sorted(set(codes))
    if not codes:
        return {}
    return dict(Commune.objects.filter(code_insee__in=codes).values_list("code_insee", "nom").order_by("code_insee"))


def conflits_lisibles(conflits: list[ConflitSNE]) -> list[ConflitLisible]:
    """The page's conflicts with both sides written out (one query for the communes they name)."""
    communes = noms_des_communes(_codes_de_communes(conflits))
    return [
        ConflitLisible(
            conflit=c,
            libelle=mise_a_jour.libelle(c.champ),
            sne=valeur(c.champ, c.valeur_sne, communes),
            locale=valeur(c.champ, c.valeur_locale, communes),
        )
        for c in conflits
    ]


@dataclass
class DoublonLisible:
    """A probable duplicate as the page shows it: the SNE's demand read again from its kept document (`erreur`: why
    it cannot be), beside the local demand it looks like."""

    ligne: LigneImportSNE
    date_creation: str = ""
    personnes: list[str] | None = None
    communes: list[str] | None = None
    erreur: str = ""


def doublons_lisibles(lignes: list[LigneImportSNE]) -> list[DoublonLisible]:
    """Each duplicate's SNE demand read again (sne.reconciliation.relire, no query) and written out."""
    lus = []
    for ligne in lignes:
        try:
            lus.append((ligne, relire(ligne)))
        except ErreurMetier as err:
            lus.append((ligne, err))
    communes = noms_des_communes(c for _, x in lus if not isinstance(x, ErreurMetier) for c in x.communes)
    resultat = []
    for ligne, x in lus:
        if isinstance(x, ErreurMetier):
            resultat.append(DoublonLisible(ligne=ligne, erreur=x.message))
            continue
        personnes = [personne({**p.champs, "ressources": p.ressources}) for p in x.personnes]
        resultat.append(
            DoublonLisible(
                ligne=ligne,
                date_creation=format_fr.date(x.date_creation),
                personnes=personnes,
                communes=[communes.get(c, c) for c in x.communes],
            )
        )
    return resultat
