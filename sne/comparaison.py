"""The comparison of what the SNE says of a demand with what the demand holds here: both put in one shape (a dict
{field: JSON value}, the household and the wished communes as one field each), then the three-way merge that never
erases an agent's change (docs/sne.md « Mise à jour d'une demande connue »). Pure: no database access."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

# The household as one field: these Personne fields, in this order, then the person's resources.
CHAMPS_PERSONNE = (
    "lien",
    "nom",
    "prenom",
    "nom_naissance",
    "date_naissance",
    "sexe",
    "nationalite",
    "situation_familiale",
    "a_charge",
    "handicap",
    "enfant_a_naitre",
    "telephone",
    "courriel",
    "adresse",
)
MENAGE = "menage"
COMMUNES = "communes"
DATE_DEPOT = "date_depot"
LIBELLES_COMPOSES = {
    MENAGE: "composition du ménage et ressources",
    COMMUNES: "communes souhaitées",
    DATE_DEPOT: "date de dépôt",
}


def en_json(valeur: object) -> object:
    """A value in the one shape both sides are compared in: dates ISO, amounts as strings with two decimals,
    lists as lists, None kept."""
    if isinstance(valeur, dt.date):
        return valeur.isoformat()
    if isinstance(valeur, Decimal):
        return f"{valeur:.2f}"
    if isinstance(valeur, list | tuple):
        return [en_json(v) for v in valeur]
    return valeur


def personne_en_json(champs: dict, ressources: list[tuple[str, Decimal]]) -> dict:
    """A person of the household: its CHAMPS_PERSONNE (absent ones blank, as the form stores them) and its resources
    sorted by type then amount."""
    personne = {
        c: en_json(champs.get(c, False if c in ("a_charge", "handicap", "enfant_a_naitre") else ""))
        for c in CHAMPS_PERSONNE
    }
    personne["ressources"] = sorted([t, en_json(Decimal(m))] for t, m in ressources)
    return personne


def menage_en_json(personnes: list[dict]) -> list[dict]:
    """The household in a canonical order (holders first, then by birth date and name): the order of entry is no
    change."""
    rang = {"DEMANDEUR": 0, "CO_DEMANDEUR": 1}
    return sorted(personnes, key=lambda p: (rang.get(p["lien"], 2), p["date_naissance"] or "", p["nom"], p["prenom"]))


@dataclass
class Fusion:
    """What to do with one demand: the SNE's values to apply (agent did not touch them), the real conflicts
    {field: (SNE value, local value)}, and the fields where both sides already agree."""

    a_appliquer: dict = field(default_factory=dict)
    conflits: dict = field(default_factory=dict)

    @property
    def vide(self) -> bool:
        return not self.a_appliquer and not self.conflits


def fusionner(*, base: dict | None, locale: dict, sne: dict) -> Fusion:
    """The three-way merge of one demand, field by field over the SNE's fields (`sne`):

    - the SNE did not change the field since its last file (`base`): nothing (an agent's change stays);
    - it changed it and the demand still holds the SNE's former value: the new value is applied;
    - it changed it and an agent changed it here to another value: a conflict, settled by an agent;
    - both already agree: nothing.

    `base` None (no former document: a local demand just attached to its NUR): every difference is a conflict, since
    we cannot tell who is right."""
    fusion = Fusion()
    for champ, nouvelle in sne.items():
        actuelle = locale.get(champ)
        if actuelle == nouvelle:
            continue
        if base is not None and champ in base and base[champ] == nouvelle:
            continue  # the SNE did not move: the local value is an agent's, kept
        if base is not None and champ in base and base[champ] == actuelle:
            fusion.a_appliquer[champ] = nouvelle
        elif base is not None and champ not in base and actuelle in (None, "", [], False):
            fusion.a_appliquer[champ] = nouvelle  # a field the SNE now fills and nobody had filled here
        else:
            fusion.conflits[champ] = (nouvelle, actuelle)
    return fusion
