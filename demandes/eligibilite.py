"""Eligibility of a household for French social housing: category, consumption units, ceilings, first quartile.

A PURE module: standard library only, no Django import. It takes plain values and returns frozen dataclasses, so the
Django side feeds it from the database (persons of the demand, ceilings and thresholds loaded from tables with a
validity period) and stores or displays what it returns. Every rule is the one written in
/work/shared/domain/REGLES.md (sections 2, 3, 4, 5); the section is cited next to the code that encodes it. Where
REGLES is silent, the choice made is stated in a comment starting with "REGLES is silent".

Identifiers are French domain nouns; every sentence meant for a user (the `explication` fields) is in French, with
amounts written the French way: 45 374 € with a no-break space (U+00A0) between thousands and before the € sign.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from enum import StrEnum

ESPACE_INSECABLE = "\u00a0"

# REGLES §2: the reference tax income is replaced by a recent income only when it is at least 10 % lower.
BAISSE_MINIMALE_POURCENT = 10
# REGLES §3: a "jeune ménage" is a couple without dependant whose ages add up to 55 or less.
AGE_CUMULE_MAX_JEUNE_MENAGE = 55
# REGLES §3: categories 1 to 6, then an amount per additional person.
CATEGORIE_MAX = 6
# REGLES §5: consumption units (OECD-modified scale as used for the quartiles).
UC_DEMANDEUR = Decimal("1")
UC_14_ANS_ET_PLUS = Decimal("0.5")
UC_MOINS_DE_14_ANS = Decimal("0.3")
AGE_SEUIL_UC = 14

FINANCEMENTS = ("PLAI", "PLUS", "PLS")

_CENTIME = Decimal("0.01")
_DIXIEME = Decimal("0.1")


class Lien(StrEnum):
    """Link of a person to the applicant. A StrEnum: `Lien.DEMANDEUR == "DEMANDEUR"`, so plain strings work too."""

    DEMANDEUR = "DEMANDEUR"
    CO_DEMANDEUR = "CO_DEMANDEUR"
    ENFANT = "ENFANT"
    AUTRE = "AUTRE"


class SourceRevenu(StrEnum):
    """Which income `revenu_retenu` kept (REGLES §2)."""

    RFR_N2 = "RFR_N2"
    REVENU_RECENT = "REVENU_RECENT"


# --------------------------------------------------------------------------------------------------------------------
# Input and result types
# --------------------------------------------------------------------------------------------------------------------


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
    # NOT counted in the consumption units (see `unites_consommation`).
    enfant_a_naitre: bool = False


@dataclass(frozen=True)
class ResultatCategorie:
    """Household category (REGLES §3). `definition` names the alternative that gave it:
    "PERSONNES", "HANDICAP", "PERSONNE_SEULE_A_CHARGE" or "JEUNE_MENAGE"."""

    categorie: int
    nombre_personnes: int
    personnes_supplementaires: int
    definition: str
    explication: str


@dataclass(frozen=True)
class BaremePlafonds:
    """Income ceilings of one financing for one year (REGLES §4), euros per year.

    `montants[0]` is category 1, ..., `montants[5]` category 6; `par_personne_supplementaire` is added for each person
    beyond 6. `statut` is the status REGLES gives the figures ("officiel", "dérivé", "à vérifier").
    """

    financement: str
    annee: int
    montants: tuple[int, int, int, int, int, int]
    par_personne_supplementaire: int
    statut: str = ""

    def __post_init__(self):
        object.__setattr__(self, "montants", tuple(self.montants))
        if self.financement not in FINANCEMENTS:
            raise ValueError(f"Financement inconnu : « {self.financement} » (attendu : {', '.join(FINANCEMENTS)}).")
        if len(self.montants) != CATEGORIE_MAX:
            raise ValueError(
                f"Le barème {self.financement} {self.annee} doit compter 6 montants (catégories 1 à 6), "
                f"il en compte {len(self.montants)}."
            )
        if any(m <= 0 for m in self.montants) or self.par_personne_supplementaire <= 0:
            raise ValueError(f"Le barème {self.financement} {self.annee} contient un montant nul ou négatif.")
        if list(self.montants) != sorted(self.montants):
            raise ValueError(
                f"Les montants du barème {self.financement} {self.annee} doivent croître avec la catégorie."
            )


@dataclass(frozen=True)
class ResultatPlafond:
    """Eligibility to one financing: income compared with the ceiling of the household's category."""

    financement: str
    annee: int
    categorie: int
    personnes_supplementaires: int
    revenu: int
    plafond: int
    eligible: bool
    explication: str


@dataclass(frozen=True)
class ResultatRevenu:
    """Income retained for the ceilings (REGLES §2) and which one it is."""

    montant: int
    source: SourceRevenu
    explication: str


@dataclass(frozen=True)
class Eligibilite:
    """Everything `evaluer` computed, with one French sentence per figure in `explications`."""

    annee_regles: int
    categorie_menage: int
    nombre_personnes: int
    personnes_supplementaires: int
    unites_consommation: Decimal
    revenu_fiscal_reference: int
    ressources_mensuelles: Decimal
    ressources_par_uc: Decimal
    plafonds: dict[str, ResultatPlafond]
    seuil_premier_quartile: Decimal
    premier_quartile: bool
    explications: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        """JSON-friendly values: int for whole euros and counts, float (2 decimals) for amounts with cents."""
        return {
            "annee_regles": self.annee_regles,
            "categorie_menage": self.categorie_menage,
            "nombre_personnes": self.nombre_personnes,
            "personnes_supplementaires": self.personnes_supplementaires,
            "unites_consommation": float(self.unites_consommation),
            "revenu_fiscal_reference": int(self.revenu_fiscal_reference),
            "ressources_mensuelles": _centimes_json(self.ressources_mensuelles),
            "ressources_par_uc": _centimes_json(self.ressources_par_uc),
            "plafonds": {
                financement: {"plafond": int(resultat.plafond), "eligible": bool(resultat.eligible)}
                for financement, resultat in self.plafonds.items()
            },
            "seuil_premier_quartile": _montant_json(self.seuil_premier_quartile),
            "premier_quartile": bool(self.premier_quartile),
            "explications": list(self.explications),
        }


# --------------------------------------------------------------------------------------------------------------------
# Figures of REGLES (source of the fixture and of the tests; the application reads them from a table)
# --------------------------------------------------------------------------------------------------------------------

# REGLES §4, zone "autres régions" (all 24 communes of CASA), euros per year. Status as REGLES states it:
# - PLUS: [officiel];
# - PLS: [dérivé] = PLUS × 1.30, rounded, per the arrêté (checked: every figure below equals round(PLUS × 1.3));
# - PLAI 2024-2026: [dérivé] from 2023 by the rent-index uplift, [à vérifier] against the arrêté of 19 December 2025.
_STATUT_PLUS = "officiel"
_STATUT_PLS = "dérivé (PLUS × 1,30 arrondi)"
_STATUT_PLAI = "dérivé de 2023 par l'IRL, à vérifier (arrêté du 19 décembre 2025)"

_FIGURES_REGLES: dict[int, dict[str, tuple[tuple[int, int, int, int, int, int], int, str]]] = {
    2024: {
        "PLAI": ((12452, 18143, 21818, 24276, 28403, 32008), 3569, _STATUT_PLAI),
        "PLUS": ((22642, 30238, 36362, 43899, 51641, 58200), 6492, _STATUT_PLUS),
        "PLS": ((29435, 39309, 47271, 57069, 67133, 75660), 8440, _STATUT_PLS),
    },
    2025: {
        "PLAI": ((12760, 18591, 22357, 24876, 29105, 32799), 3657, _STATUT_PLAI),
        "PLUS": ((23201, 30984, 37259, 44982, 52915, 59636), 6652, _STATUT_PLUS),
        "PLS": ((30161, 40279, 48437, 58477, 68790, 77527), 8648, _STATUT_PLS),
    },
    2026: {
        "PLAI": ((12871, 18753, 22552, 25092, 29358, 33084), 3689, _STATUT_PLAI),
        "PLUS": ((23403, 31254, 37584, 45374, 53376, 60156), 6710, _STATUT_PLUS),
        "PLS": ((30424, 40630, 48859, 58986, 69389, 78203), 8723, _STATUT_PLS),
    },
}

BAREMES_REGLES: dict[int, dict[str, BaremePlafonds]] = {
    annee: {
        financement: BaremePlafonds(
            financement=financement,
            annee=annee,
            montants=montants,
            par_personne_supplementaire=supplement,
            statut=statut,
        )
        for financement, (montants, supplement, statut) in par_financement.items()
    }
    for annee, par_financement in _FIGURES_REGLES.items()
}

# REGLES §5 and /work/shared/data/quartiles_ressources_06.csv, "CA de Sophia Antipolis" (SIREN 240600585),
# euros per year per consumption unit. [officiel]
SEUILS_Q1_CASA = {2024: 11520, 2025: 11724, 2026: 12000}
SEUILS_Q2_CASA = {2024: 15756, 2025: 16177, 2026: 16404}
SEUILS_Q3_CASA = {2024: 20628, 2025: 21143, 2026: 21536}


# --------------------------------------------------------------------------------------------------------------------
# French formatting (kept here so that the module stays pure; same output as commun.format_fr)
# --------------------------------------------------------------------------------------------------------------------


def _nombre(valeur, decimales: int = 0) -> str:
    d = _decimal(valeur).quantize(Decimal(1).scaleb(-decimales), rounding=ROUND_HALF_UP)
    texte = f"{abs(d):,.{decimales}f}".replace(",", ESPACE_INSECABLE).replace(".", ",")
    return ("-" if d < 0 else "") + texte


def _euros(valeur, decimales: int = 0) -> str:
    """45374 -> '45 374 €'; Decimal('12000') with decimales=2 -> '12 000,00 €' (no-break spaces)."""
    return f"{_nombre(valeur, decimales)}{ESPACE_INSECABLE}€"


def _personnes(n: int) -> str:
    return f"{n} personne" if n == 1 else f"{n} personnes"


def _date_fr(jour: date) -> str:
    return jour.strftime("%d/%m/%Y")


def _decimal(valeur) -> Decimal:
    if isinstance(valeur, Decimal):
        return valeur
    if isinstance(valeur, float):
        return Decimal(str(valeur))
    return Decimal(valeur)


def _centimes_json(valeur: Decimal) -> float:
    """An amount with cents, always a float rounded to 2 decimals (a stable JSON type whatever the value)."""
    return float(_decimal(valeur).quantize(_CENTIME, rounding=ROUND_HALF_UP))


def _montant_json(valeur: Decimal) -> int | float:
    """A threshold: int when it is whole euros (as the published thresholds are), else a float with cents."""
    valeur = _decimal(valeur)
    if valeur == valeur.to_integral_value():
        return int(valeur)
    return float(valeur.quantize(_CENTIME, rounding=ROUND_HALF_UP))


# --------------------------------------------------------------------------------------------------------------------
# Household
# --------------------------------------------------------------------------------------------------------------------


def age_au(date_naissance: date, jour: date) -> int:
    """Age in full years on `jour` (a person born on 29 February turns one year older on 1 March in common years)."""
    if date_naissance > jour:
        raise ValueError(
            f"La date de naissance {_date_fr(date_naissance)} est postérieure à la date de calcul {_date_fr(jour)}."
        )
    return jour.year - date_naissance.year - ((jour.month, jour.day) < (date_naissance.month, date_naissance.day))


def _est_a_charge(personne: Personne) -> bool:
    """Dependant in the sense of REGLES §2/§3. The applicant and the co-applicant never are (REGLES §2)."""
    if personne.lien in (Lien.DEMANDEUR, Lien.CO_DEMANDEUR):
        return False
    # REGLES is silent on the expected child: counted as a dependant (see Personne.enfant_a_naitre).
    return personne.a_charge or personne.enfant_a_naitre


def _verifier_menage(personnes, *, jour: date, couple: bool | None = None) -> None:
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
                f"La date de naissance {_date_fr(personne.date_naissance)} est postérieure à la date de calcul "
                f"{_date_fr(jour)} (seul un enfant à naître peut avoir une date future)."
            )
    if couple and co_demandeurs != 1:
        raise ValueError("Un couple suppose un co-demandeur (conjoint, partenaire de PACS ou concubin) dans le ménage.")


def categorie_menage(personnes, *, couple: bool, jour: date) -> ResultatCategorie:
    """Household category per the arrêté of 29 July 1987 (REGLES §3).

    Each category has alternative definitions; the household takes the HIGHEST that applies. Persons are counted
    (not dependants only: three adults without dependant are category 3, REGLES §3 "trap"). `couple`: the applicant and
    the co-applicant are married, PACS partners or partners (needed for the "jeune ménage" definition).
    """
    _verifier_menage(personnes, jour=jour, couple=couple)
    n = len(personnes)
    a_naitre = sum(1 for p in personnes if p.enfant_a_naitre)
    a_charge = sum(1 for p in personnes if _est_a_charge(p))
    handicapes = sum(1 for p in personnes if p.handicap and not p.enfant_a_naitre)
    dont_a_naitre = ""
    if a_naitre:
        dont_a_naitre = " (dont un enfant à naître)" if a_naitre == 1 else f" (dont {a_naitre} enfants à naître)"

    # Each applicable alternative as (rank, definition, description). The rank may exceed 6: it is capped below.
    alternatives: list[tuple[int, str, str]] = []

    # "one person alone" (1), "two persons without dependant" (2), "three persons" (3), ... "six persons" (6).
    if n == 1:
        description = "1 personne seule"
    elif n == 2 and a_charge == 0:
        description = "2 personnes sans personne à charge"
    else:
        description = f"{_personnes(n)}{dont_a_naitre}"
    alternatives.append((n, "PERSONNES", description))

    # Disability: "one person alone with a disability" (2), "two persons of whom at least one has a disability" (3),
    # ... "five persons of whom at least one ..." (6): the holder of a CMI invalidité moves the household up one.
    if handicapes:
        if n == 1:
            description = "1 personne seule en situation de handicap"
        elif handicapes == 1:
            description = f"{_personnes(n)}{dont_a_naitre}{',' if a_naitre else ''} dont une en situation de handicap"
        else:
            description = (
                f"{_personnes(n)}{dont_a_naitre}{',' if a_naitre else ''} dont {handicapes} en situation de handicap"
            )
        alternatives.append((n + 1, "HANDICAP", description))

    # "one person (alone) with k dependants" = category k + 2: the household is the applicant and dependants only.
    if not couple and a_charge >= 1 and n - a_charge == 1:
        if a_charge == 1:
            description = f"une personne seule avec une personne à charge{dont_a_naitre}"
        else:
            description = f"une personne seule avec {a_charge} personnes à charge{dont_a_naitre}"
        alternatives.append((a_charge + 2, "PERSONNE_SEULE_A_CHARGE", description))

    # "jeune ménage": a couple without dependant whose ages add up to 55 or less (category 3).
    if couple and a_charge == 0:
        age_cumule = sum(
            age_au(p.date_naissance, jour) for p in personnes if p.lien in (Lien.DEMANDEUR, Lien.CO_DEMANDEUR)
        )
        if age_cumule <= AGE_CUMULE_MAX_JEUNE_MENAGE:
            alternatives.append(
                (
                    3,
                    "JEUNE_MENAGE",
                    f"jeune ménage sans personne à charge (âges cumulés : {age_cumule} ans ≤ "
                    f"{AGE_CUMULE_MAX_JEUNE_MENAGE} ans)",
                )
            )
        elif n == 2:
            alternatives[0] = (
                2,
                "PERSONNES",
                f"2 personnes sans personne à charge (couple dont les âges cumulés font {age_cumule} ans > "
                f"{AGE_CUMULE_MAX_JEUNE_MENAGE} ans : pas un jeune ménage)",
            )

    # The highest applies; on a tie, the first alternative listed above is the one quoted.
    rang, definition, description = max(alternatives, key=lambda a: a[0])
    categorie = min(rang, CATEGORIE_MAX)
    # REGLES §3 "category 6 plus an amount per additional person": as the brief states, the additional persons are the
    # persons beyond 6 (REGLES is silent on whether the disability or single-parent step also counts beyond 6: it is
    # not counted, so six persons with a disabled member are category 6 with no additional person).
    personnes_supplementaires = max(n - CATEGORIE_MAX, 0)
    texte_categorie = f"catégorie {categorie}"
    if personnes_supplementaires:
        texte_categorie += f" et {_personnes(personnes_supplementaires)} supplémentaire"
        texte_categorie += "s" if personnes_supplementaires > 1 else ""
    return ResultatCategorie(
        categorie=categorie,
        nombre_personnes=n,
        personnes_supplementaires=personnes_supplementaires,
        definition=definition,
        explication=f"{description} : {texte_categorie}",
    )


def _detail_uc(personnes, *, jour: date) -> tuple[int, int, int]:
    """(persons aged 14 or more other than the applicant, persons under 14, expected children not counted)."""
    if not personnes:
        raise ValueError("Impossible de calculer des unités de consommation sur un ménage vide.")
    _verifier_menage(personnes, jour=jour)
    grands = petits = a_naitre = 0
    for personne in personnes:
        if personne.lien == Lien.DEMANDEUR:
            continue
        if personne.enfant_a_naitre:
            a_naitre += 1
        elif age_au(personne.date_naissance, jour) >= AGE_SEUIL_UC:
            grands += 1
        else:
            petits += 1
    return grands, petits, a_naitre


def unites_consommation(personnes, *, jour: date) -> Decimal:
    """Consumption units (REGLES §5): 1 for the applicant (the first adult), 0.5 for each other person aged 14 or
    more on `jour`, 0.3 for each person under 14. Returned with one decimal, e.g. Decimal("2.3").

    REGLES is silent on the expected child (§5 and its worked example do not cover it), so nothing in REGLES supports
    counting it as a person under 14: it is NOT counted. The scale (INSEE/OECD-modified) counts the persons who live
    in the household, which an unborn child does not yet; and the quartile compares the resources of the persons
    living there now. (It does count as a person for the category: see Personne.enfant_a_naitre.)
    """
    grands, petits, _ = _detail_uc(personnes, jour=jour)
    uc = UC_DEMANDEUR + UC_14_ANS_ET_PLUS * grands + UC_MOINS_DE_14_ANS * petits
    return uc.quantize(_DIXIEME, rounding=ROUND_HALF_UP)


def ressources_par_uc(ressources_mensuelles: Decimal, uc: Decimal) -> Decimal:
    """Monthly declared resources (housing benefit already excluded by the caller) × 12 ÷ UC, rounded to the cent
    (ROUND_HALF_UP), REGLES §5."""
    ressources = _decimal(ressources_mensuelles)
    uc = _decimal(uc)
    if ressources < 0:
        raise ValueError(f"Les ressources mensuelles ne peuvent pas être négatives ({_euros(ressources, 2)}).")
    if uc <= 0:
        raise ValueError("Le nombre d'unités de consommation doit être strictement positif.")
    return (ressources * 12 / uc).quantize(_CENTIME, rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------------------------------------------------
# Ceilings (REGLES §4)
# --------------------------------------------------------------------------------------------------------------------


def plafond(bareme: BaremePlafonds, categorie: int, personnes_supplementaires: int = 0) -> int:
    """Ceiling of a category; beyond 6 persons: category-6 amount + per-person amount × persons beyond 6."""
    if not 1 <= categorie <= CATEGORIE_MAX:
        raise ValueError(f"Catégorie de ménage impossible : {categorie} (attendu : 1 à 6).")
    if personnes_supplementaires < 0:
        raise ValueError("Le nombre de personnes supplémentaires ne peut pas être négatif.")
    if personnes_supplementaires and categorie != CATEGORIE_MAX:
        raise ValueError("Des personnes supplémentaires n'existent qu'en catégorie 6 (au-delà de 6 personnes).")
    return bareme.montants[categorie - 1] + bareme.par_personne_supplementaire * personnes_supplementaires


def eligibilite_financements(
    revenu_fiscal_reference: int,
    baremes: dict[str, BaremePlafonds],
    categorie: int,
    personnes_supplementaires: int = 0,
) -> dict[str, ResultatPlafond]:
    """For each financing of `baremes` (keyed "PLAI", "PLUS", "PLS"): eligible when income ≤ ceiling (REGLES §4)."""
    if revenu_fiscal_reference < 0:
        raise ValueError(f"Le revenu fiscal de référence ne peut pas être négatif ({_euros(revenu_fiscal_reference)}).")
    resultats: dict[str, ResultatPlafond] = {}
    for financement, bareme in baremes.items():
        if bareme.financement != financement:
            raise ValueError(f"Le barème rangé sous « {financement} » est celui du {bareme.financement}.")
        montant = plafond(bareme, categorie, personnes_supplementaires)
        eligible = revenu_fiscal_reference <= montant
        contexte = f"{financement} {bareme.annee}, catégorie {categorie}"
        if personnes_supplementaires:
            contexte += f" + {_personnes(personnes_supplementaires)} supplémentaire"
            contexte += "s" if personnes_supplementaires > 1 else ""
        comparaison = "≤" if eligible else ">"
        verdict = "éligible" if eligible else "non éligible"
        resultats[financement] = ResultatPlafond(
            financement=financement,
            annee=bareme.annee,
            categorie=categorie,
            personnes_supplementaires=personnes_supplementaires,
            revenu=revenu_fiscal_reference,
            plafond=montant,
            eligible=eligible,
            explication=(f"{_euros(revenu_fiscal_reference)} {comparaison} {_euros(montant)} ({contexte}) : {verdict}"),
        )
    return resultats


# --------------------------------------------------------------------------------------------------------------------
# Quartile (REGLES §5)
# --------------------------------------------------------------------------------------------------------------------


def premier_quartile(ressources_par_uc: Decimal, seuil_q1: Decimal) -> bool:
    """First quartile when resources per UC ≤ Q1: the boundary belongs to Q1 (REGLES §5)."""
    return _decimal(ressources_par_uc) <= _decimal(seuil_q1)


# --------------------------------------------------------------------------------------------------------------------
# Income retained (REGLES §2)
# --------------------------------------------------------------------------------------------------------------------


def revenu_retenu(rfr_n2: int, revenu_recent: int | None, justifie: bool) -> ResultatRevenu:
    """The reference tax income of year N-2, unless the income of year N-1 or of the last 12 months is at least 10 %
    lower AND justified (a sworn statement is not accepted: the caller passes `justifie=False` for it)."""
    if rfr_n2 < 0:
        raise ValueError(f"Le revenu fiscal de référence N-2 ne peut pas être négatif ({_euros(rfr_n2)}).")
    if revenu_recent is not None and revenu_recent < 0:
        raise ValueError(f"Le revenu récent ne peut pas être négatif ({_euros(revenu_recent)}).")
    retenu_n2 = f"Revenu fiscal de référence N-2 retenu : {_euros(rfr_n2)}"
    if revenu_recent is None:
        return ResultatRevenu(rfr_n2, SourceRevenu.RFR_N2, f"{retenu_n2} (aucun revenu plus récent déclaré).")
    if revenu_recent >= rfr_n2:
        return ResultatRevenu(
            rfr_n2,
            SourceRevenu.RFR_N2,
            f"{retenu_n2} ; le revenu récent ({_euros(revenu_recent)}) ne lui est pas inférieur.",
        )
    # Exact integer test of "at least 10 % lower": recent ≤ 90 % of N-2.
    baisse_suffisante = revenu_recent * 100 <= rfr_n2 * (100 - BAISSE_MINIMALE_POURCENT)
    # Shown rounded DOWN so that an insufficient drop (e.g. 9.995 %) never reads "10,00 %".
    baisse = (Decimal(rfr_n2 - revenu_recent) * 100 / Decimal(rfr_n2)).quantize(_CENTIME, rounding=ROUND_DOWN)
    texte_baisse = f"{_nombre(baisse, 2)}{ESPACE_INSECABLE}%"
    if not baisse_suffisante:
        return ResultatRevenu(
            rfr_n2,
            SourceRevenu.RFR_N2,
            f"{retenu_n2} ; le revenu récent ({_euros(revenu_recent)}) n'est inférieur que de {texte_baisse} "
            f"(il faut une baisse d'au moins {BAISSE_MINIMALE_POURCENT}{ESPACE_INSECABLE}%).",
        )
    if not justifie:
        return ResultatRevenu(
            rfr_n2,
            SourceRevenu.RFR_N2,
            f"{retenu_n2} ; le revenu récent ({_euros(revenu_recent)}) est inférieur de {texte_baisse} mais la "
            f"baisse n'est pas justifiée (une déclaration sur l'honneur ne suffit pas).",
        )
    return ResultatRevenu(
        revenu_recent,
        SourceRevenu.REVENU_RECENT,
        f"Revenu récent retenu : {_euros(revenu_recent)}, inférieur de {texte_baisse} au revenu fiscal de "
        f"référence N-2 ({_euros(rfr_n2)}), baisse justifiée par des pièces.",
    )


# --------------------------------------------------------------------------------------------------------------------
# Everything together
# --------------------------------------------------------------------------------------------------------------------


def evaluer(
    *,
    personnes,
    couple: bool,
    jour: date,
    revenu_fiscal_reference: int,
    ressources_mensuelles: Decimal,
    baremes: dict[str, BaremePlafonds],
    seuil_q1: Decimal,
    annee_regles: int,
) -> Eligibilite:
    """Category, consumption units, ceilings and first quartile of a household, with a French sentence per figure.

    `revenu_fiscal_reference`: the income retained for the ceilings (use `revenu_retenu(...).montant`).
    `ressources_mensuelles`: monthly declared resources of the demand, housing benefit excluded.
    `baremes`: the ceilings of year `annee_regles`, keyed by financing; `seuil_q1`: Q1 of that year for the EPCI of
    the dwelling (e.g. SEUILS_Q1_CASA[annee_regles]).
    """
    if revenu_fiscal_reference < 0:
        raise ValueError(f"Le revenu fiscal de référence ne peut pas être négatif ({_euros(revenu_fiscal_reference)}).")
    if not baremes:
        raise ValueError(f"Aucun barème de plafonds fourni pour {annee_regles}.")
    for financement, bareme in baremes.items():
        if bareme.annee != annee_regles:
            raise ValueError(f"Le barème {financement} fourni est celui de {bareme.annee}, pas de {annee_regles}.")
    seuil = _decimal(seuil_q1)
    ressources = _decimal(ressources_mensuelles)

    categorie = categorie_menage(personnes, couple=couple, jour=jour)
    grands, petits, a_naitre = _detail_uc(personnes, jour=jour)
    uc = unites_consommation(personnes, jour=jour)
    par_uc = ressources_par_uc(ressources, uc)
    plafonds = eligibilite_financements(
        revenu_fiscal_reference, baremes, categorie.categorie, categorie.personnes_supplementaires
    )
    q1 = premier_quartile(par_uc, seuil)

    explications = [f"Ménage de {_personnes(categorie.nombre_personnes)} au {_date_fr(jour)}."]
    explications.append(f"Catégorie de ménage : {categorie.explication} (arrêté du 29 juillet 1987).")
    detail_uc = ["1 pour le demandeur"]
    if grands:
        detail_uc.append(f"0,5 × {grands} pour {_personnes(grands)} de 14 ans ou plus")
    if petits:
        detail_uc.append(f"0,3 × {petits} pour {_personnes(petits)} de moins de 14 ans")
    texte_uc = f"Unités de consommation : {_nombre(uc, 1)} ({', '.join(detail_uc)})"
    if a_naitre:
        texte_uc += (
            " ; l'enfant à naître n'est pas compté" if a_naitre == 1 else " ; les enfants à naître ne sont pas comptés"
        )
    explications.append(texte_uc + ".")
    explications.append(f"Revenu fiscal de référence retenu : {_euros(revenu_fiscal_reference)}.")
    explications.append(
        f"Ressources par unité de consommation : {_euros(ressources, 2)} × 12 ÷ {_nombre(uc, 1)} = {_euros(par_uc, 2)}"
        " (aides au logement exclues)."
    )
    for financement, resultat in plafonds.items():
        explications.append(f"Plafond {financement} : {resultat.explication}.")
    texte_seuil = _euros(seuil, 0 if seuil == seuil.to_integral_value() else 2)
    if q1:
        explications.append(
            f"Premier quartile : {_euros(par_uc, 2)} ≤ {texte_seuil} (seuil Q1 {annee_regles}) : ménage du premier "
            "quartile."
        )
    else:
        explications.append(
            f"Premier quartile : {_euros(par_uc, 2)} > {texte_seuil} (seuil Q1 {annee_regles}) : ménage hors premier "
            "quartile."
        )

    return Eligibilite(
        annee_regles=annee_regles,
        categorie_menage=categorie.categorie,
        nombre_personnes=categorie.nombre_personnes,
        personnes_supplementaires=categorie.personnes_supplementaires,
        unites_consommation=uc,
        revenu_fiscal_reference=revenu_fiscal_reference,
        ressources_mensuelles=ressources,
        ressources_par_uc=par_uc,
        plafonds=plafonds,
        seuil_premier_quartile=seuil,
        premier_quartile=q1,
        explications=explications,
    )


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


def quartile(ressources_par_uc: Decimal, q1: Decimal, q2: Decimal, q3: Decimal) -> int:
    """The household's resources quartile, 1 to 4; each boundary belongs to the lower quartile (REGLES §5)."""
    r = _decimal(ressources_par_uc)
    for numero, seuil in enumerate((q1, q2, q3), start=1):
        if r <= _decimal(seuil):
            return numero
    return 4
