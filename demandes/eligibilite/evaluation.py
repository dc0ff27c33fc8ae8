"""Everything together: category, consumption units, ceilings and first quartile of a household (REGLES §2 to §5),
with one French sentence per figure (`evaluer`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .categories import ResultatCategorie, categorie_menage
from .plafonds import BaremePlafonds, ResultatPlafond, eligibilite_financements
from .quartiles import detail_uc, premier_quartile, ressources_par_uc, unites_consommation
from .texte import centimes_json, date_fr, en_decimal, en_personnes, euros, montant_json, nombre


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
            "ressources_mensuelles": centimes_json(self.ressources_mensuelles),
            "ressources_par_uc": centimes_json(self.ressources_par_uc),
            "plafonds": {
                financement: {"plafond": int(resultat.plafond), "eligible": bool(resultat.eligible)}
                for financement, resultat in self.plafonds.items()
            },
            "seuil_premier_quartile": montant_json(self.seuil_premier_quartile),
            "premier_quartile": bool(self.premier_quartile),
            "explications": list(self.explications),
        }


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
    _verifier_revenu_et_baremes(revenu_fiscal_reference, baremes, annee_regles)
    seuil = en_decimal(seuil_q1)
    ressources = en_decimal(ressources_mensuelles)

    categorie = categorie_menage(personnes, couple=couple, jour=jour)
    grands, petits, a_naitre = detail_uc(personnes, jour=jour)
    uc = unites_consommation(personnes, jour=jour)
    par_uc = ressources_par_uc(ressources, uc)
    plafonds = eligibilite_financements(
        revenu_fiscal_reference, baremes, categorie.categorie, categorie.personnes_supplementaires
    )
    q1 = premier_quartile(par_uc, seuil)

    explications = [
        *_explication_du_menage(categorie, jour),
        _explication_des_unites(uc, grands, petits, a_naitre),
        f"Revenu fiscal de référence retenu : {euros(revenu_fiscal_reference)}.",
        f"Ressources par unité de consommation : {euros(ressources, 2)} × 12 ÷ {nombre(uc, 1)} = {euros(par_uc, 2)}"
        " (aides au logement exclues).",
        *(f"Plafond {financement} : {resultat.explication}." for financement, resultat in plafonds.items()),
        _explication_du_quartile(par_uc, seuil, q1, annee_regles),
    ]
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


def _verifier_revenu_et_baremes(revenu_fiscal_reference: int, baremes: dict, annee_regles: int) -> None:
    """Raise ValueError (French) for a negative income, no ceilings, or ceilings of another year than the rules'."""
    if revenu_fiscal_reference < 0:
        raise ValueError(f"Le revenu fiscal de référence ne peut pas être négatif ({euros(revenu_fiscal_reference)}).")
    if not baremes:
        raise ValueError(f"Aucun barème de plafonds fourni pour {annee_regles}.")
    for financement, bareme in baremes.items():
        if bareme.annee != annee_regles:
            raise ValueError(f"Le barème {financement} fourni est celui de {bareme.annee}, pas de {annee_regles}.")


def _explication_du_menage(categorie: ResultatCategorie, jour: date) -> list[str]:
    """The household's size on `jour`, then its category and why (arrêté of 29 July 1987)."""
    return [
        f"Ménage de {en_personnes(categorie.nombre_personnes)} au {date_fr(jour)}.",
        f"Catégorie de ménage : {categorie.explication} (arrêté du 29 juillet 1987).",
    ]


def _explication_des_unites(uc: Decimal, grands: int, petits: int, a_naitre: int) -> str:
    """The consumption units and their detail by age; the expected children said not counted (REGLES §5)."""
    detail = ["1 pour le demandeur"]
    if grands:
        detail.append(f"0,5 × {grands} pour {en_personnes(grands)} de 14 ans ou plus")
    if petits:
        detail.append(f"0,3 × {petits} pour {en_personnes(petits)} de moins de 14 ans")
    texte_uc = f"Unités de consommation : {nombre(uc, 1)} ({', '.join(detail)})"
    if a_naitre:
        texte_uc += (
            " ; l'enfant à naître n'est pas compté" if a_naitre == 1 else " ; les enfants à naître ne sont pas comptés"
        )
    return texte_uc + "."


def _explication_du_quartile(par_uc: Decimal, seuil: Decimal, q1: bool, annee_regles: int) -> str:
    """Resources per unit against the year's Q1 threshold: in the first quartile or not (REGLES §5)."""
    texte_seuil = euros(seuil, 0 if seuil == seuil.to_integral_value() else 2)
    if q1:
        return (
            f"Premier quartile : {euros(par_uc, 2)} ≤ {texte_seuil} (seuil Q1 {annee_regles}) : ménage du premier "
            "quartile."
        )
    return (
        f"Premier quartile : {euros(par_uc, 2)} > {texte_seuil} (seuil Q1 {annee_regles}) : ménage hors premier "
        "quartile."
    )
