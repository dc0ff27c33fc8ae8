"""Checks of a demand's content, shared by the form steps, the API and the services.

Each function returns a dict {field: [French messages]}; an empty dict means valid. The services raise
ErreursValidation with it, so that a page shows every error next to its field and the API returns them as 400.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from territoire.exceptions import ErreurMetier

from .codes import Lien, Typologie
from .models import MAX_COMMUNES_SOUHAITEES

# Bounds of plausibility: beyond them an amount is a typing error, not an income (REGLES gives ceilings ~60 000 €/an).
MONTANT_MENSUEL_MAX = Decimal("50000")
REVENU_ANNUEL_MAX = Decimal(1_000_000)
AGE_MAX = 120
GROSSESSE_MAX_JOURS = 280


class ErreursValidation(ErreurMetier):
    def __init__(self, erreurs: dict[str, list[str]]):
        premier = next(iter(erreurs.values()))[0]
        super().__init__(premier, champ=next(iter(erreurs)))
        self.erreurs = erreurs


def _ajouter(erreurs: dict, champ: str, message: str) -> None:
    erreurs.setdefault(champ, []).append(message)


def lever_si_erreurs(erreurs: dict[str, list[str]]) -> None:
    if erreurs:
        raise ErreursValidation(erreurs)


def montant(valeur, champ: str, erreurs: dict, *, maximum=MONTANT_MENSUEL_MAX) -> Decimal | None:
    """A euro amount typed by a person: '1 234,56' or 1234.56; refuses what is not a number, negative or absurd."""
    if valeur is None or valeur == "":
        return None
    try:
        texte = str(valeur).replace("\xa0", "").replace(" ", "").replace("€", "").replace(",", ".")
        d = Decimal(texte)
    except (InvalidOperation, ValueError):
        _ajouter(erreurs, champ, f"« {valeur} » n'est pas un montant : saisissez un nombre, par exemple 1 234,56.")
        return None
    if not d.is_finite():
        _ajouter(erreurs, champ, f"« {valeur} » n'est pas un montant.")
        return None
    if d < 0:
        _ajouter(erreurs, champ, "Un montant ne peut pas être négatif.")
        return None
    if d > maximum:
        _ajouter(
            erreurs, champ, f"{d} € paraît impossible : vérifiez la saisie (montant maximal accepté : {maximum} €)."
        )
        return None
    return d.quantize(Decimal("0.01"))


def valider_personne(p: dict, prefixe: str, jour: dt.date, erreurs: dict) -> None:
    naissance = p.get("date_naissance")
    lien = p.get("lien")
    identite_requise = lien in (Lien.DEMANDEUR, Lien.CO_DEMANDEUR)
    if identite_requise:
        for champ, libelle in (("nom", "le nom"), ("prenom", "le prénom")):
            if not (p.get(champ) or "").strip():
                qui = "du demandeur" if lien == Lien.DEMANDEUR else "du co-demandeur"
                _ajouter(erreurs, f"{prefixe}{champ}", f"Indiquez {libelle} {qui}.")
    if naissance is None:
        _ajouter(erreurs, f"{prefixe}date_naissance", "Indiquez la date de naissance.")
        return
    if p.get("enfant_a_naitre"):
        if lien != Lien.ENFANT:
            _ajouter(erreurs, f"{prefixe}enfant_a_naitre", "Seul un enfant peut être déclaré comme attendu.")
        if naissance < jour - dt.timedelta(days=31):
            _ajouter(
                erreurs,
                f"{prefixe}date_naissance",
                "Pour un enfant attendu, indiquez la date prévue de naissance (à venir).",
            )
        elif naissance > jour + dt.timedelta(days=GROSSESSE_MAX_JOURS):
            _ajouter(erreurs, f"{prefixe}date_naissance", "La date prévue de naissance est à plus de 9 mois.")
    else:
        if naissance > jour:
            _ajouter(
                erreurs,
                f"{prefixe}date_naissance",
                "La date de naissance est dans le futur. Pour un enfant attendu, cochez « enfant attendu ».",
            )
        elif naissance.year < jour.year - AGE_MAX:
            _ajouter(erreurs, f"{prefixe}date_naissance", "La date de naissance est trop ancienne : vérifiez l'année.")
    if lien in (Lien.DEMANDEUR, Lien.CO_DEMANDEUR) and naissance <= jour:
        age = jour.year - naissance.year - ((jour.month, jour.day) < (naissance.month, naissance.day))
        if age < 16:
            _ajouter(
                erreurs, f"{prefixe}date_naissance", "Le demandeur et le co-demandeur doivent avoir au moins 16 ans."
            )
    for i, r in enumerate(p.get("ressources") or []):
        montant(r.get("montant_mensuel"), f"{prefixe}ressources-{i}-montant_mensuel", erreurs)


def valider_menage(personnes: list[dict], jour: dt.date) -> dict[str, list[str]]:
    erreurs: dict[str, list[str]] = {}
    demandeurs = [p for p in personnes if p.get("lien") == Lien.DEMANDEUR]
    co = [p for p in personnes if p.get("lien") == Lien.CO_DEMANDEUR]
    if len(demandeurs) != 1:
        _ajouter(erreurs, "personnes", "Le ménage compte un et un seul demandeur.")
    if len(co) > 1:
        _ajouter(erreurs, "personnes", "Le ménage compte au plus un co-demandeur.")
    for i, p in enumerate(personnes):
        valider_personne(p, f"personnes-{i}-", jour, erreurs)
    return erreurs


def valider_souhaits(*, communes: list, typologies: list[str], toute_commune: bool) -> dict[str, list[str]]:
    erreurs: dict[str, list[str]] = {}
    if len(communes) > MAX_COMMUNES_SOUHAITEES:
        _ajouter(
            erreurs,
            "communes",
            f"{len(communes)} communes choisies : le formulaire national en permet {MAX_COMMUNES_SOUHAITEES} au plus.",
        )
    if len(set(communes)) != len(communes):
        _ajouter(erreurs, "communes", "Une même commune est choisie deux fois.")
    if not communes and not toute_commune:
        _ajouter(erreurs, "communes", "Choisissez au moins une commune, ou cochez « toute commune du territoire ».")
    inconnues = [t for t in typologies if t not in Typologie.values]
    if inconnues:
        _ajouter(erreurs, "typologies", f"Typologie inconnue : {', '.join(inconnues)}.")
    return erreurs
