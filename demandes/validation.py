"""Checks of a demand's content, shared by the form steps, the API and the services.

Each function returns a dict {field: [French messages]}; an empty dict means valid. The services raise
ErreursValidation with it, so that a page shows every error next to its field and the API returns them as 400.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from commun import format_fr
from commun.erreurs import ErreurMetier

from .codes import Lien, Typologie
from .models import MAX_COMMUNES_SOUHAITEES

# Bounds of plausibility: beyond them an amount is a typing error, not an income (REGLES gives ceilings ~60 000 €/an).
MONTANT_MENSUEL_MAX = Decimal("50000")
REVENU_ANNUEL_MAX = Decimal(1_000_000)
AGE_MAX = 120
GROSSESSE_MAX_JOURS = 280
MONTANT = re.compile(r"-?[0-9]+(\.[0-9]+)?")
TELEPHONE = re.compile(r"\+?[0-9 .()\-]+")
MAX_PERSONNES = 15  # persons of one household accepted by the form and the API (the largest CASA household: 11)


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
    """A euro amount typed by a person: '1 234,56', '1234,56', '1.234,56' or 1234.56 (thousands apart by a space, a
    no-break space, the narrow one French typing tools insert, or a point when a comma gives the cents); refuses
    what is not a number, negative or absurd."""
    if valeur is None or valeur == "":
        return None
    try:
        texte = str(valeur)
        for espace in ("\xa0", "\u202f", " "):
            texte = texte.replace(espace, "")
        texte = texte.replace("€", "")
        # « 1.650,50 » (a point between thousands, a comma before the cents, as many spreadsheets write it)
        if re.fullmatch(r"-?[0-9]{1,3}(\.[0-9]{3})+,[0-9]+", texte):
            texte = texte.replace(".", "")
        texte = texte.replace(",", ".")
        if not MONTANT.fullmatch(texte):  # no exponent (« 1e5 »), no sign but a leading minus, digits only
            raise InvalidOperation(texte)
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
            erreurs,
            champ,
            f"{format_fr.euros(d)} paraît impossible : vérifiez la saisie (montant maximal accepté : "
            f"{format_fr.euros(maximum, 0)}).",
        )
        return None
    return d.quantize(Decimal("0.01"))


# Plausibility of ages by link (years between the person and the applicant or co-applicant): below it, the date or
# the link is a typing error (REGLES §2 defines the links; the figure is a product bound, not a rule of law).
ECART_GENERATION_MIN = 12
AGE_MIN_DEMANDEUR = 16  # the CERFA 14069 is signed by an adult or an emancipated minor; 16 leaves the emancipation


CONTROLES_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
CHAMPS_TEXTE_PERSONNE = ("nom", "prenom", "nom_naissance", "titre_sejour", "adresse")


def texte_saisi(valeur, champ: str, erreurs: dict) -> None:
    """A text typed by a person (a name, a reason, a subject): no invisible character that reverses its reading
    (U+202E…; the same rule as casa_logement.middleware for every form, here for the API's JSON too)."""
    if isinstance(valeur, str) and CONTROLES_BIDI.search(valeur):
        _ajouter(
            erreurs,
            champ,
            "Ce texte contient un caractère invisible d'inversion du sens de lecture (U+202E ou voisin) : "
            "retapez-le sans copier-coller.",
        )


def a_une_lettre(valeur) -> bool:
    """'Zoé', 'عائشة' yes; '', '​' (a zero-width space), '--' no."""
    return any(c.isalpha() for c in (valeur or ""))


def age_au(naissance: dt.date, jour: dt.date) -> int:
    return jour.year - naissance.year - ((jour.month, jour.day) < (naissance.month, naissance.day))


def valider_personne(p: dict, prefixe: str, jour: dt.date, erreurs: dict) -> None:
    """Checks one person of a household as typed (`p`: the form's or the API's fields; `prefixe`: of the error fields,
    « personnes-<i>- »): its link, names, telephone, residence permit, birth date, resources. Adds the French messages
    to `erreurs` in that order (the first one is the error a page or the API names first)."""
    lien = p.get("lien")
    if lien not in Lien.values:
        _ajouter(erreurs, f"{prefixe}lien", f"Lien inconnu : {lien or 'vide'}. Choisissez-en un dans la liste.")
    for champ in CHAMPS_TEXTE_PERSONNE:
        texte_saisi(p.get(champ), f"{prefixe}{champ}", erreurs)
    _valider_nom_et_prenom(p, prefixe, erreurs)
    telephone = (p.get("telephone") or "").strip()
    if telephone and (not TELEPHONE.fullmatch(telephone) or not 6 <= sum(c.isdigit() for c in telephone) <= 15):
        _ajouter(erreurs, f"{prefixe}telephone", f"« {telephone[:30]} » n'est pas un numéro de téléphone.")
    _valider_titre_de_sejour(p, prefixe, jour, erreurs)
    naissance = p.get("date_naissance")
    if naissance is None:
        _ajouter(erreurs, f"{prefixe}date_naissance", "Indiquez la date de naissance.")
        return
    if p.get("enfant_a_naitre"):
        _valider_naissance_attendue(p, naissance, prefixe, jour, erreurs)
    else:
        _valider_date_de_naissance(naissance, prefixe, jour, erreurs)
    if _identite_requise(p) and naissance <= jour and age_au(naissance, jour) < AGE_MIN_DEMANDEUR:
        _ajouter(
            erreurs,
            f"{prefixe}date_naissance",
            f"Le demandeur et le co-demandeur doivent avoir au moins {AGE_MIN_DEMANDEUR} ans "
            f"(né le {naissance:%d/%m/%Y} : {age_au(naissance, jour)} ans). "
            "Un enfant se déclare avec le lien « Enfant ».",
        )
    for i, r in enumerate(p.get("ressources") or []):
        montant(r.get("montant_mensuel"), f"{prefixe}ressources-{i}-montant_mensuel", erreurs)


def _identite_requise(p: dict) -> bool:
    """The applicant and the co-applicant give their full identity (name, first name, nationality, age)."""
    return p.get("lien") in (Lien.DEMANDEUR, Lien.CO_DEMANDEUR)


def _valider_nom_et_prenom(p: dict, prefixe: str, erreurs: dict) -> None:
    """The applicant and the co-applicant have a name and a first name (or a single name, nom unique, and no first
    name); any other person at least one of them, but an expected child."""
    identite_requise = _identite_requise(p)
    qui = "du demandeur" if p.get("lien") == Lien.DEMANDEUR else "du co-demandeur"
    nom_unique = bool(p.get("nom_unique"))
    if identite_requise and not a_une_lettre(p.get("nom")):
        _ajouter(erreurs, f"{prefixe}nom", f"Indiquez le nom {qui}.")
    if nom_unique and (p.get("prenom") or "").strip():
        _ajouter(
            erreurs,
            f"{prefixe}prenom",
            "Une personne au nom unique n'a pas de prénom : videz le prénom ou décochez « nom unique ».",
        )
    elif identite_requise and not nom_unique and not a_une_lettre(p.get("prenom")):
        _ajouter(
            erreurs,
            f"{prefixe}prenom",
            f"Indiquez le prénom {qui}, ou cochez « nom unique » si son état civil ne porte pas de prénom.",
        )
    if (
        not identite_requise
        and not p.get("enfant_a_naitre")
        and not a_une_lettre(p.get("nom"))
        and not a_une_lettre(p.get("prenom"))
    ):
        _ajouter(erreurs, f"{prefixe}prenom", "Indiquez au moins le prénom (ou le nom) de cette personne.")


def _valider_titre_de_sejour(p: dict, prefixe: str, jour: dt.date, erreurs: dict) -> None:
    """An applicant or co-applicant from outside the EU names a residence permit, and a permit is still valid on
    `jour` (R441-2-3 CCH: the right to stay regularly)."""
    if _identite_requise(p) and p.get("nationalite") == "HORS_UE" and not (p.get("titre_sejour") or "").strip():
        _ajouter(
            erreurs,
            f"{prefixe}titre_sejour",
            "Indiquez le titre de séjour (droit au séjour régulier, R441-2-3 CCH).",
        )
    fin_sejour = p.get("titre_sejour_fin")
    if fin_sejour and fin_sejour < jour:
        _ajouter(
            erreurs,
            f"{prefixe}titre_sejour_fin",
            f"Le titre de séjour a expiré le {format_fr.date(fin_sejour)} : la demande s'appuie sur un titre en cours "
            "de validité (R441-2-3 CCH) ou sur le récépissé de sa demande de renouvellement.",
        )


def _valider_naissance_attendue(p: dict, naissance: dt.date, prefixe: str, jour: dt.date, erreurs: dict) -> None:
    """An expected child: a child, whose expected birth is to come (or a month past at most) within nine months."""
    if p.get("lien") != Lien.ENFANT:
        _ajouter(erreurs, f"{prefixe}enfant_a_naitre", "Seul un enfant peut être déclaré comme attendu.")
    if naissance < jour - dt.timedelta(days=31):
        _ajouter(
            erreurs,
            f"{prefixe}date_naissance",
            "Pour un enfant attendu, indiquez la date prévue de naissance : à venir, ou passée d'un mois au "
            "plus (au-delà, l'enfant est né : décochez « enfant attendu »).",
        )
    elif naissance > jour + dt.timedelta(days=GROSSESSE_MAX_JOURS):
        _ajouter(erreurs, f"{prefixe}date_naissance", "La date prévue de naissance est à plus de 9 mois.")


def _valider_date_de_naissance(naissance: dt.date, prefixe: str, jour: dt.date, erreurs: dict) -> None:
    """A person born: not in the future, nor more than AGE_MAX years ago."""
    if naissance > jour:
        _ajouter(
            erreurs,
            f"{prefixe}date_naissance",
            "La date de naissance est dans le futur. Pour un enfant attendu, cochez « enfant attendu ».",
        )
    elif naissance.year < jour.year - AGE_MAX:
        _ajouter(erreurs, f"{prefixe}date_naissance", "La date de naissance est trop ancienne : vérifiez l'année.")


def _valider_ecarts_d_age(personnes: list[dict], erreurs: dict) -> None:
    """A child is at least ECART_GENERATION_MIN years younger than the applicant or the co-applicant; an ascendant
    that much older than the applicant. Beyond, the date or the link is wrong."""
    parents = [
        p["date_naissance"]
        for p in personnes
        if p.get("lien") in (Lien.DEMANDEUR, Lien.CO_DEMANDEUR) and p.get("date_naissance")
    ]
    demandeur = next((p for p in personnes if p.get("lien") == Lien.DEMANDEUR and p.get("date_naissance")), None)
    for i, p in enumerate(personnes):
        naissance = p.get("date_naissance")
        if naissance is None:
            continue
        plausible = any(parent <= naissance and age_au(parent, naissance) >= ECART_GENERATION_MIN for parent in parents)
        if p.get("lien") == Lien.ENFANT and parents and not p.get("enfant_a_naitre") and not plausible:
            _ajouter(
                erreurs,
                f"personnes-{i}-date_naissance",
                f"Un enfant né le {naissance:%d/%m/%Y} aurait moins de {ECART_GENERATION_MIN} ans d'écart avec le "
                "demandeur et le co-demandeur : vérifiez la date de naissance ou le lien.",
            )
        if p.get("lien") == Lien.ASCENDANT and demandeur is not None:
            cadet = demandeur["date_naissance"]
            if not (naissance <= cadet and age_au(naissance, cadet) >= ECART_GENERATION_MIN):
                _ajouter(
                    erreurs,
                    f"personnes-{i}-date_naissance",
                    f"Un ascendant né le {naissance:%d/%m/%Y} aurait moins de {ECART_GENERATION_MIN} ans de plus "
                    "que le demandeur : vérifiez la date de naissance ou le lien.",
                )


def valider_menage(personnes: list[dict], jour: dt.date, *, vit_en_couple: bool = False) -> dict[str, list[str]]:
    """Checks a household as typed: one applicant, at most one co-applicant, each person plausible, ages consistent
    with the links, a couple only with a co-applicant, and an eligibility that can be computed from it.
    Returns {field: [French messages]} (fields `personnes`, `vit_en_couple`, `personnes-<i>-<champ>`)."""
    erreurs: dict[str, list[str]] = {}
    demandeurs = [p for p in personnes if p.get("lien") == Lien.DEMANDEUR]
    co = [p for p in personnes if p.get("lien") == Lien.CO_DEMANDEUR]
    if len(demandeurs) != 1:
        _ajouter(erreurs, "personnes", "Le ménage compte un et un seul demandeur.")
    if len(co) > 1:
        _ajouter(erreurs, "personnes", "Le ménage compte au plus un co-demandeur.")
    if len(personnes) > MAX_PERSONNES:
        _ajouter(erreurs, "personnes", f"{len(personnes)} personnes : un ménage en compte {MAX_PERSONNES} au plus ici.")
    if vit_en_couple and not co:
        _ajouter(
            erreurs,
            "vit_en_couple",
            "« Vivent en couple » suppose un co-demandeur : ajoutez le conjoint, partenaire de PACS ou concubin avec "
            "le lien « Co-demandeur », ou décochez la case.",
        )
    for i, p in enumerate(personnes):
        valider_personne(p, f"personnes-{i}-", jour, erreurs)
    if not erreurs:
        _valider_ecarts_d_age(personnes, erreurs)
    if not erreurs:
        # Whatever is accepted has a computable eligibility: the same checks the rules make, said on the page.
        from . import eligibilite

        try:
            eligibilite.categorie_menage(
                [
                    eligibilite.Personne(
                        date_naissance=p["date_naissance"],
                        lien=p["lien"],
                        a_charge=bool(p.get("a_charge")),
                        handicap=bool(p.get("handicap")),
                        enfant_a_naitre=bool(p.get("enfant_a_naitre")),
                    )
                    for p in personnes
                ],
                couple=vit_en_couple,
                jour=jour,
            )
        except ValueError as err:
            _ajouter(erreurs, "personnes", str(err))
    return erreurs


def valider_annee_revenu(annee, jour: dt.date, date_depot: dt.date | None, erreurs: dict) -> None:
    """The tax income of reference is that of year N-2 of the decision (REGLES §2): in 2026, the income of 2024 (tax
    notice of 2025). A demand filed late in one year and typed in the next may still carry the N-2 of its filing year.
    A later year is the N-1 income (its own field); an earlier one is out of date."""
    if annee in (None, ""):
        return
    try:
        annee = int(annee)
    except (TypeError, ValueError):
        _ajouter(erreurs, "annee_revenu_fiscal", f"« {annee} » n'est pas une année.")
        return
    attendue = jour.year - 2
    admises = {attendue} | ({date_depot.year - 2} if date_depot else set())
    if annee > attendue:
        _ajouter(
            erreurs,
            "annee_revenu_fiscal",
            f"Le revenu fiscal de référence retenu en {jour.year} est celui de {attendue} (avis d'imposition "
            f"{attendue + 1}) : un revenu {annee} se saisit comme « revenu N-1 ou des 12 derniers mois ».",
        )
    elif annee not in admises:
        _ajouter(
            erreurs,
            "annee_revenu_fiscal",
            f"Le revenu de {annee} est trop ancien : le revenu fiscal de référence retenu en {jour.year} est celui "
            f"de {attendue} (avis d'imposition {attendue + 1}).",
        )


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
