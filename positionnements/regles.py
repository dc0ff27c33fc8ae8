"""Whether a demand suits a dwelling to fill, and in which order the suited ones come (REGLES §4, §6, §7, §10).

A PURE module, like demandes.eligibilite: plain values in, frozen dataclasses out, no Django (commun.format_fr
is pure too). The search (positionnements.recherche) filters and ranks in one SQL query, then calls `examiner` on the
first candidates to write every reason; the page "why is this demand not in the list" calls it on one demand. Every
rule has a code (returned by the API as `regle`), is checked in the order of REGLES_ORDONNEES, and the first one
failed is the answer; a suited demand gets every criterion met as a French sentence with its figures.

CASA's settings (`Parametres`) are parameters, not law (REGLES §10): typology by household size, effort rate, remaining
income per consumption unit and day. Each landlord may set its own over CASA's (positionnements/regles_bailleurs.py
builds the `Parametres` of a dwelling's landlord on a day); `Parametres.provenances` then says who set each rule, and
every sentence that cites a threshold names its author (« règle du bailleur Erilia, depuis le 01/12/2026 »).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from commun import format_fr

TYPOLOGIES = ("T1", "T2", "T3", "T4", "T5", "T6")

# REGLES §10, CASA's default setting: T1 1 person; T2 1–2 (3 with a baby); T3 2–4; T4 3–6; T5 4–8; T6+ 6+.
TAILLES_PAR_DEFAUT = {"T1": (1, 1), "T2": (1, 2), "T3": (2, 4), "T4": (3, 6), "T5": (4, 8), "T6": (6, None)}
# REGLES is silent on what "a baby" is: a child under 12 months or expected.
AGE_BEBE_MOIS = 12


@dataclass(frozen=True)
class Parametres:
    taux_effort_max: Decimal = Decimal("0.33")  # REGLES §10, default 33 %
    reste_a_vivre_min: Decimal = Decimal("10")  # € per consumption unit and day, REGLES §10
    tailles: dict = field(default_factory=lambda: dict(TAILLES_PAR_DEFAUT))
    ecart_typologie: int = 0  # widening of the search: 1 accepts one typology above or below the household's
    communes_secteur: frozenset = frozenset()  # widening: INSEE codes of the dwelling's sector, wished instead
    # who set each rule, in French, by key: "taux_effort_max", "reste_a_vivre_min", "tailles:T3" (empty: say nothing)
    provenances: dict = field(default_factory=dict)

    def source(self, cle: str) -> str:
        """« (règle du bailleur X, depuis le …) » to follow a threshold in a sentence, or "" when not known."""
        texte = self.provenances.get(cle)
        return f" ({texte})" if texte else ""


@dataclass(frozen=True)
class Logement:
    commune: str  # INSEE code
    en_qpv: bool
    typologie: str
    financement: str  # PLAI, PLUS, PLS, PLI
    etage: int
    ascenseur: bool
    accessible_pmr: bool
    loyer: Decimal
    charges: Decimal


@dataclass(frozen=True)
class Candidat:
    numero: str  # the local number (Demande.numero, every registered demand has one): the last tie-break of the rank
    active: bool  # active or qualified (not a draft, not struck off)
    qualifiee: bool
    personnes: int
    bebe: bool  # a child under 12 months or expected: a T2 may then house three persons
    revenu: int | None  # the income compared with the ceilings (reference tax income, or recent income)
    plafonds: dict  # financing -> ceiling for the household's category, in force at the date
    ressources_mensuelles: Decimal | None
    unites_consommation: Decimal | None
    apl_estimee: Decimal | None
    communes: frozenset  # INSEE codes wished
    toute_commune: bool
    fauteuil: bool  # needs a dwelling accessible in a wheelchair
    ascenseur_requis: bool
    etage_max: int | None
    loyer_max: Decimal | None
    dalo: bool
    priorites: tuple = ()  # L441-1 categories met, with evidence
    premier_quartile: bool | None = None
    score: int = 0
    date_depot: date | None = None
    mutation: bool = False


@dataclass(frozen=True)
class Examen:
    eligible: bool
    regle: str  # code of the first rule failed ("" when eligible)
    message: str  # why not, in French ("" when eligible)
    raisons: tuple = ()  # every criterion met, in French
    taux_effort: Decimal | None = None
    reste_a_vivre: Decimal | None = None


class _Refus(Exception):
    def __init__(self, regle: str, message: str):
        self.regle, self.message = regle, message


def _euros(montant) -> str:
    """24 000 € for a whole amount, 29,07 € otherwise."""
    d = Decimal(montant).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return format_fr.euros(d, 0 if d == d.to_integral_value() else 2)


def _pourcent(part: Decimal) -> str:
    return format_fr.pourcentage(part)


def _active(c: Candidat, lg: Logement, p: Parametres, raisons: list) -> None:
    if not c.active:
        raise _Refus("ACTIVE", "La demande n'est pas active (brouillon, radiée ou attribuée).")
    raisons.append("Demande active et qualifiée." if c.qualifiee else "Demande active, pas encore qualifiée.")


def _plafond(c: Candidat, lg: Logement, p: Parametres, raisons: list) -> None:
    plafond = c.plafonds.get(lg.financement)
    if plafond is None:
        raise _Refus("PLAFOND", f"Le plafond de ressources {lg.financement} du ménage n'est pas connu à cette date.")
    if c.revenu is None:
        raise _Refus("PLAFOND", "Les ressources de référence du ménage ne sont pas renseignées.")
    if c.revenu > plafond:  # REGLES §4: the income must not exceed the ceiling; at the ceiling it is eligible
        raise _Refus(
            "PLAFOND",
            f"Ressources de {_euros(c.revenu)} au-dessus du plafond {lg.financement} de {_euros(plafond)}.",
        )
    raisons.append(f"Ressources de {_euros(c.revenu)} sous le plafond {lg.financement} de {_euros(plafond)}.")


def _commune(c: Candidat, lg: Logement, p: Parametres, raisons: list) -> None:
    voisines = c.communes & p.communes_secteur
    if lg.commune in c.communes:
        raisons.append("La commune du logement fait partie de ses souhaits.")
    elif voisines:
        raisons.append("Souhaite une commune du même secteur que celle du logement : la recherche est élargie.")
    elif c.toute_commune:
        raisons.append("Accepte toute commune du territoire.")
    else:
        raise _Refus("COMMUNE", "La commune du logement ne fait pas partie des communes souhaitées.")


def ecart_typologie(personnes: int, bebe: bool, typologie: str, p: Parametres) -> tuple[int, bool] | None:
    """How many typologies away from one that suits the household the dwelling is (0: it suits), and whether it is
    too small; None when no typology suits such a household."""
    rang = TYPOLOGIES.index(typologie)
    convenables = []
    for t in TYPOLOGIES:
        mini, maxi = p.tailles[t]
        if t == "T2" and bebe and maxi is not None:
            maxi += 1  # REGLES §10: a T2 for three persons with a baby
        if personnes >= mini and (maxi is None or personnes <= maxi):
            convenables.append(TYPOLOGIES.index(t))
    if not convenables:
        return None
    return min(abs(rang - i) for i in convenables), rang < min(convenables)


def tailles_acceptees(typologie: str, p: Parametres, *, bebe: bool, jusqu_a: int = 30) -> set[int]:
    """The household sizes (1 to `jusqu_a`) the dwelling suits, widening included: what the search filters on."""
    return {
        n
        for n in range(1, jusqu_a + 1)
        if (e := ecart_typologie(n, bebe, typologie, p)) is not None and e[0] <= p.ecart_typologie
    }


def _typologie(c: Candidat, lg: Logement, p: Parametres, raisons: list) -> None:
    resultat = ecart_typologie(c.personnes, c.bebe, lg.typologie, p)
    if resultat is None:
        raise _Refus("TYPOLOGIE", f"Aucune typologie ne convient à un ménage de {_taille(c.personnes)}.")
    ecart, trop_petit = resultat
    if ecart > p.ecart_typologie:
        trop = "petit" if trop_petit else "grand"
        raise _Refus(
            "TYPOLOGIE",
            f"Un {lg.typologie} est trop {trop} pour un ménage de {_taille(c.personnes)}{_bornes(lg.typologie, p)}.",
        )
    taille = _taille(c.personnes)
    if ecart:
        raisons.append(f"{lg.typologie} pour {taille} : une typologie d'écart, la recherche est élargie.")
    else:
        raisons.append(f"{lg.typologie} adapté à un ménage de {taille}.")


def _bornes(typologie: str, p: Parametres) -> str:
    """« (T3 : de 2 à 4 personnes, règle de la CASA, …) » for a typology, when who set it is known; "" otherwise."""
    source = p.provenances.get(f"tailles:{typologie}")
    if not source:
        return ""
    mini, maxi = p.tailles[typologie]
    if maxi is None:
        bornes = f"{_taille(mini)} ou plus"
    else:
        bornes = _taille(mini) if mini == maxi else f"de {mini} à {_taille(maxi)}"
    return f" ({typologie} : {bornes}, {source})"


def _taille(personnes: int) -> str:
    return f"{personnes} personne{'s' if personnes > 1 else ''}"


def _accessibilite(c: Candidat, lg: Logement, p: Parametres, raisons: list) -> None:
    if c.fauteuil and not lg.accessible_pmr:
        raise _Refus("ACCESSIBILITE", "Le ménage a besoin d'un logement accessible en fauteuil roulant.")
    if (c.ascenseur_requis or c.fauteuil) and lg.etage > 0 and not lg.ascenseur:
        raise _Refus("ACCESSIBILITE", f"Le logement est au {_etage(lg.etage)} sans ascenseur.")
    if c.etage_max is not None and lg.etage > c.etage_max:
        raise _Refus(
            "ACCESSIBILITE",
            f"Le logement est au {_etage(lg.etage)} : le ménage souhaite au plus le {_etage(c.etage_max)}.",
        )
    if c.fauteuil:
        raisons.append("Logement accessible en fauteuil roulant, comme le ménage en a besoin.")
    elif c.ascenseur_requis:
        raisons.append("Rez-de-chaussée ou ascenseur, comme le ménage en a besoin.")


def _etage(n: int) -> str:
    return "rez-de-chaussée" if n == 0 else ("1er étage" if n == 1 else f"{n}e étage")


def _loyer_max(c: Candidat, lg: Logement, p: Parametres, raisons: list) -> None:
    total = lg.loyer + lg.charges
    if c.loyer_max is not None and total > c.loyer_max:
        raise _Refus(
            "LOYER_MAX",
            f"Loyer et charges de {_euros(total)} au-delà des {_euros(c.loyer_max)} que le ménage peut payer.",
        )


def _solvabilite(c: Candidat, lg: Logement, p: Parametres, raisons: list) -> tuple[Decimal, Decimal]:
    ressources = c.ressources_mensuelles
    if not ressources or ressources <= 0 or not c.unites_consommation:
        raise _Refus(
            "TAUX_EFFORT", "Les ressources mensuelles du ménage ne sont pas connues : taux d'effort incalculable."
        )
    apl = c.apl_estimee or Decimal(0)
    # REGLES §10: effort rate (arrêté of 10 March 2011) = (rent + charges − housing benefit) ÷ monthly resources
    effort = max(Decimal(0), lg.loyer + lg.charges - apl) / ressources
    if effort > p.taux_effort_max:
        raise _Refus(
            "TAUX_EFFORT",
            f"Taux d'effort de {_pourcent(effort)}, au-delà des {_pourcent(p.taux_effort_max)} admis"
            f"{p.source('taux_effort_max')}.",
        )
    # REGLES §10: remaining income per consumption unit and day = (resources + benefit − rent − charges) ÷ UC ÷ 30
    reste = (ressources + apl - lg.loyer - lg.charges) / c.unites_consommation / 30
    if reste < p.reste_a_vivre_min:
        raise _Refus(
            "RESTE_A_VIVRE",
            f"Reste à vivre de {_euros(reste)} par jour et par unité de consommation, sous les "
            f"{_euros(p.reste_a_vivre_min)} admis{p.source('reste_a_vivre_min')}.",
        )
    avec_apl = f", APL estimée de {_euros(apl)} déduite" if apl else ""
    source_taux = p.provenances.get("taux_effort_max")
    source_reste = p.provenances.get("reste_a_vivre_min")
    raisons.append(
        f"Taux d'effort de {_pourcent(effort)}{avec_apl} (au plus {_pourcent(p.taux_effort_max)}"
        f"{', ' + source_taux if source_taux else ''})."
    )
    raisons.append(
        f"Reste à vivre de {_euros(reste)} par jour et par unité de consommation (au moins "
        f"{_euros(p.reste_a_vivre_min)}{', ' + source_reste if source_reste else ''})."
    )
    return effort.quantize(Decimal("0.0001")), reste.quantize(Decimal("0.01"))


REGLES_ORDONNEES = (
    ("ACTIVE", _active),
    ("PLAFOND", _plafond),
    ("COMMUNE", _commune),
    ("TYPOLOGIE", _typologie),
    ("ACCESSIBILITE", _accessibilite),
    ("LOYER_MAX", _loyer_max),
    ("TAUX_EFFORT", _solvabilite),  # also RESTE_A_VIVRE
)


def examiner(c: Candidat, lg: Logement, p: Parametres | None = None) -> Examen:
    """The first rule the demand fails for this dwelling, or every criterion it meets with its figures."""
    p = p or Parametres()
    raisons: list[str] = []
    chiffres = (None, None)
    try:
        for _, regle in REGLES_ORDONNEES:
            resultat = regle(c, lg, p, raisons)
            if resultat is not None:
                chiffres = resultat
    except _Refus as refus:
        return Examen(eligible=False, regle=refus.regle, message=refus.message)
    return Examen(
        eligible=True, regle="", message="", raisons=tuple(raisons), taux_effort=chiffres[0], reste_a_vivre=chiffres[1]
    )


# ---------------------------------------------------------------------------------------------------- ranking

NIVEAUX = {0: "reconnu prioritaire DALO", 1: "prioritaire au titre de l'article L441-1", 2: "ménage du 1er quartile"}


def niveau(c: Candidat, lg: Logement, *, quota_q1_en_retard: bool) -> int:
    """The réservataire's priorities first (REGLES §6, §7): DALO, then the L441-1 categories, then the first quartile
    where the dwelling is outside a QPV and the yearly quota is behind; 3 for the others."""
    if c.dalo:
        return 0
    if c.priorites:
        return 1
    if c.premier_quartile and not lg.en_qpv and quota_q1_en_retard:
        return 2
    return 3


def cle_de_rang(c: Candidat, lg: Logement, *, quota_q1_en_retard: bool) -> tuple:
    """Sort key: priority level, then cotation score (highest first), then seniority (oldest first), then number."""
    return (niveau(c, lg, quota_q1_en_retard=quota_q1_en_retard), -c.score, c.date_depot or date.max, c.numero)


def raison_de_rang(c: Candidat, lg: Logement, *, quota_q1_en_retard: bool) -> str:
    n = niveau(c, lg, quota_q1_en_retard=quota_q1_en_retard)
    depot = f", demande déposée le {c.date_depot:%d/%m/%Y}" if c.date_depot else ""
    if n < 3:
        return f"Rang : {NIVEAUX[n]}, puis {c.score} points de cotation{depot}."
    return f"Rang : {c.score} points de cotation{depot}."
