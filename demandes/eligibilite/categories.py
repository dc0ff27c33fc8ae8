"""The household category of the arrêté of 29 July 1987 (REGLES §3): each category has alternative definitions
(persons, disability, one person with dependants, young couple) and the household takes the highest that applies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .menage import Lien, age_au, est_a_charge, verifier_menage
from .texte import en_personnes

# REGLES §3: a "jeune ménage" is a couple without dependant whose ages add up to 55 or less.
AGE_CUMULE_MAX_JEUNE_MENAGE = 55
# REGLES §3: categories 1 to 6, then an amount per additional person.
CATEGORIE_MAX = 6


@dataclass(frozen=True)
class ResultatCategorie:
    """Household category (REGLES §3). `definition` names the alternative that gave it:
    "PERSONNES", "HANDICAP", "PERSONNE_SEULE_A_CHARGE" or "JEUNE_MENAGE"."""

    categorie: int
    nombre_personnes: int
    personnes_supplementaires: int
    definition: str
    explication: str


# An applicable alternative: (rank, definition, description). The rank may exceed 6: it is capped at the end.
Alternative = tuple[int, str, str]


@dataclass(frozen=True)
class _Compte:
    """What the definitions of the arrêté count in a household."""

    personnes: int
    a_naitre: int
    a_charge: int
    handicapes: int

    @property
    def dont_a_naitre(self) -> str:
        """' (dont un enfant à naître)', ' (dont 2 enfants à naître)' or ''."""
        if not self.a_naitre:
            return ""
        return " (dont un enfant à naître)" if self.a_naitre == 1 else f" (dont {self.a_naitre} enfants à naître)"


def categorie_menage(personnes, *, couple: bool, jour: date) -> ResultatCategorie:
    """Household category per the arrêté of 29 July 1987 (REGLES §3).

    Each category has alternative definitions; the household takes the HIGHEST that applies. Persons are counted
    (not dependants only: three adults without dependant are category 3, REGLES §3 "trap"). `couple`: the applicant and
    the co-applicant are married, PACS partners or partners (needed for the "jeune ménage" definition).
    """
    verifier_menage(personnes, jour=jour, couple=couple)
    compte = _compter(personnes)
    alternatives = [_selon_le_nombre_de_personnes(compte)]
    alternatives += _selon_le_handicap(compte)
    alternatives += _selon_les_personnes_a_charge(compte, couple=couple)
    # "jeune ménage": a couple without dependant whose ages add up to 55 or less (category 3).
    if couple and compte.a_charge == 0:
        age_cumule = _age_cumule_du_couple(personnes, jour)
        if age_cumule <= AGE_CUMULE_MAX_JEUNE_MENAGE:
            alternatives.append(_jeune_menage(age_cumule))
        elif compte.personnes == 2:
            alternatives[0] = _couple_qui_n_est_pas_un_jeune_menage(age_cumule)
    return _la_plus_haute(alternatives, compte.personnes)


def _compter(personnes) -> _Compte:
    """Persons, expected children, dependants and holders of a CMI invalidité (an expected child holds none)."""
    return _Compte(
        personnes=len(personnes),
        a_naitre=sum(1 for p in personnes if p.enfant_a_naitre),
        a_charge=sum(1 for p in personnes if est_a_charge(p)),
        handicapes=sum(1 for p in personnes if p.handicap and not p.enfant_a_naitre),
    )


def _selon_le_nombre_de_personnes(compte: _Compte) -> Alternative:
    """By the number of persons: "one person alone" (1), "two persons without dependant" (2), "three persons" (3),
    ... "six persons" (6)."""
    n = compte.personnes
    if n == 1:
        description = "1 personne seule"
    elif n == 2 and compte.a_charge == 0:
        description = "2 personnes sans personne à charge"
    else:
        description = f"{en_personnes(n)}{compte.dont_a_naitre}"
    return (n, "PERSONNES", description)


def _selon_le_handicap(compte: _Compte) -> list[Alternative]:
    """Disability: "one person alone with a disability" (2), "two persons of whom at least one has a disability" (3),
    ... "five persons of whom at least one ..." (6): the holder of a CMI invalidité moves the household up one."""
    if not compte.handicapes:
        return []
    n = compte.personnes
    virgule = "," if compte.a_naitre else ""
    if n == 1:
        description = "1 personne seule en situation de handicap"
    elif compte.handicapes == 1:
        description = f"{en_personnes(n)}{compte.dont_a_naitre}{virgule} dont une en situation de handicap"
    else:
        description = (
            f"{en_personnes(n)}{compte.dont_a_naitre}{virgule} dont {compte.handicapes} en situation de handicap"
        )
    return [(n + 1, "HANDICAP", description)]


def _selon_les_personnes_a_charge(compte: _Compte, *, couple: bool) -> list[Alternative]:
    """Dependants: "one person (alone) with k dependants" = category k + 2, when the household is the applicant and
    dependants only."""
    a_charge = compte.a_charge
    if couple or a_charge < 1 or compte.personnes - a_charge != 1:
        return []
    if a_charge == 1:
        description = f"une personne seule avec une personne à charge{compte.dont_a_naitre}"
    else:
        description = f"une personne seule avec {a_charge} personnes à charge{compte.dont_a_naitre}"
    return [(a_charge + 2, "PERSONNE_SEULE_A_CHARGE", description)]


def _age_cumule_du_couple(personnes, jour: date) -> int:
    """The ages of the applicant and the co-applicant added up, on `jour`."""
    return sum(age_au(p.date_naissance, jour) for p in personnes if p.lien in (Lien.DEMANDEUR, Lien.CO_DEMANDEUR))


def _jeune_menage(age_cumule: int) -> Alternative:
    """A couple without dependant whose ages add up to 55 or less: category 3."""
    return (
        3,
        "JEUNE_MENAGE",
        f"jeune ménage sans personne à charge (âges cumulés : {age_cumule} ans ≤ {AGE_CUMULE_MAX_JEUNE_MENAGE} ans)",
    )


def _couple_qui_n_est_pas_un_jeune_menage(age_cumule: int) -> Alternative:
    """A couple alone whose ages add up to more than 55: category 2, saying why it is not a jeune ménage."""
    return (
        2,
        "PERSONNES",
        f"2 personnes sans personne à charge (couple dont les âges cumulés font {age_cumule} ans > "
        f"{AGE_CUMULE_MAX_JEUNE_MENAGE} ans : pas un jeune ménage)",
    )


def _la_plus_haute(alternatives: list[Alternative], n: int) -> ResultatCategorie:
    """The highest alternative, capped at category 6, and the persons beyond 6."""
    # The highest applies; on a tie, the first alternative listed above is the one quoted.
    rang, definition, description = max(alternatives, key=lambda a: a[0])
    categorie = min(rang, CATEGORIE_MAX)
    # REGLES §3 "category 6 plus an amount per additional person": as the brief states, the additional persons are the
    # persons beyond 6 (REGLES is silent on whether the disability or single-parent step also counts beyond 6: it is
    # not counted, so six persons with a disabled member are category 6 with no additional person).
    personnes_supplementaires = max(n - CATEGORIE_MAX, 0)
    texte_categorie = f"catégorie {categorie}"
    if personnes_supplementaires:
        texte_categorie += f" et {en_personnes(personnes_supplementaires)} supplémentaire"
        texte_categorie += "s" if personnes_supplementaires > 1 else ""
    return ResultatCategorie(
        categorie=categorie,
        nombre_personnes=n,
        personnes_supplementaires=personnes_supplementaires,
        definition=definition,
        explication=f"{description} : {texte_categorie}",
    )
