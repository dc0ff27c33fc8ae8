"""The persons of a household as the eligibility rules read them: links, dependants, ages, and the checks that make a
household possible (REGLES §2, §3); the last day a household counts a baby (REGLES §10)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .texte import date_fr


class Lien(StrEnum):
    """Link of a person to the applicant. A StrEnum: `Lien.DEMANDEUR == "DEMANDEUR"`, so plain strings work too."""

    DEMANDEUR = "DEMANDEUR"
    CO_DEMANDEUR = "CO_DEMANDEUR"
    ENFANT = "ENFANT"
    AUTRE = "AUTRE"


@dataclass(frozen=True)
class Personne:
    """A person who will live in the dwelling (the applicant included).

    `lien`: "DEMANDEUR" (exactly one per household), "CO_DEMANDEUR" (at most one: spouse, PACS partner, partner, or a
    non-dependent close relative, REGLES §2), "ENFANT", "AUTRE" (any other string is accepted and treated as "AUTRE").
    `a_charge`: fiscally dependent (REGLES §2 lists who may be). The applicant and the co-applicant are never counted
    as dependants, whatever this flag says (REGLES §2: the co-applicant is a non-dependent person).
    `handicap`: holds the CMI "invalidité" (formerly carte d'invalidité), REGLES §3.
    `enfant_a_naitre`: an expected child; `date_naissance` is then the expected birth date and may be in the future.
    """

    date_naissance: date
    lien: str
    a_charge: bool = False
    handicap: bool = False
    # REGLES is silent on the expected child (§2 and §3 do not mention it). Choice, as the brief asks: it counts as one
    # more person AND as one more dependant for the household size and category, because the CERFA 14069 lists the
    # "enfant attendu" among the persons who will live in the dwelling and the ministerial practice counts it. It is
    # NOT counted in the consumption units (see `quartiles.unites_consommation`).
    enfant_a_naitre: bool = False


def age_au(date_naissance: date, jour: date) -> int:
    """Age in full years on `jour` (a person born on 29 February turns one year older on 1 March in common years)."""
    if date_naissance > jour:
        raise ValueError(
            f"La date de naissance {date_fr(date_naissance)} est postérieure à la date de calcul {date_fr(jour)}."
        )
    return jour.year - date_naissance.year - ((jour.month, jour.day) < (date_naissance.month, date_naissance.day))


def est_a_charge(personne: Personne) -> bool:
    """Dependant in the sense of REGLES §2/§3. The applicant and the co-applicant never are (REGLES §2)."""
    if personne.lien in (Lien.DEMANDEUR, Lien.CO_DEMANDEUR):
        return False
    # REGLES is silent on the expected child: counted as a dependant (see Personne.enfant_a_naitre).
    return personne.a_charge or personne.enfant_a_naitre


def verifier_menage(personnes, *, jour: date, couple: bool | None = None) -> None:
    """Raise ValueError (French message) for a household that cannot exist."""
    if not personnes:
        raise ValueError("Le ménage est vide : il doit compter au moins le demandeur.")
    demandeurs = sum(1 for p in personnes if p.lien == Lien.DEMANDEUR)
    if demandeurs != 1:
        raise ValueError(
            f"Le ménage doit compter exactement un demandeur (lien DEMANDEUR) ; il en compte {demandeurs}."
        )
    co_demandeurs = sum(1 for p in personnes if p.lien == Lien.CO_DEMANDEUR)
    if co_demandeurs > 1:
        raise ValueError(f"Le ménage compte {co_demandeurs} co-demandeurs ; une demande n'en admet qu'un.")
    for personne in personnes:
        if personne.enfant_a_naitre:
            if personne.lien in (Lien.DEMANDEUR, Lien.CO_DEMANDEUR):
                raise ValueError("Un enfant à naître ne peut être ni le demandeur ni le co-demandeur.")
            continue
        if personne.date_naissance > jour:
            raise ValueError(
                f"La date de naissance {date_fr(personne.date_naissance)} est postérieure à la date de calcul "
                f"{date_fr(jour)} (seul un enfant à naître peut avoir une date future)."
            )
    if couple and co_demandeurs != 1:
        raise ValueError("Un couple suppose un co-demandeur (conjoint, partenaire de PACS ou concubin) dans le ménage.")


# REGLES §10: "a T2 for three persons with a baby". REGLES is silent on what a baby is: a child under 12 months, or
# expected (the household keeps the baby until its birth is recorded).
BEBE_ATTENDU_JUSQU_AU = date(9999, 12, 31)


def bebe_jusqu_au(personnes) -> date | None:
    """The last day the household counts a baby: the youngest child's first birthday minus one day, 31/12/9999 for a
    child expected; None without either."""
    fins = []
    for p in personnes:
        if p.lien != Lien.ENFANT:
            continue
        if p.enfant_a_naitre:
            fins.append(BEBE_ATTENDU_JUSQU_AU)
        elif p.date_naissance:
            d = p.date_naissance
            anniversaire = date(d.year + 1, d.month, 28 if (d.month, d.day) == (2, 29) else d.day)
            fins.append(date.fromordinal(anniversaire.toordinal() - 1))
    return max(fins, default=None)
