"""The resources of a demo household: a monthly amount per consumption unit (log-normal), family benefits, and the
share of each adult by age and situation (salary, unemployment, pension, AAH, RSA, grant…)."""

from __future__ import annotations

import math
from decimal import Decimal

from demandes.codes import Lien, TypeRessource
from demandes.models import Ressource

from .tables import (
    AAH_TAUX_PLEIN,
    AEEH,
    AF_2_ENFANTS,
    AF_3_ENFANTS,
    AF_PAR_ENFANT_EN_PLUS,
    PAJE_BASE,
    RESSOURCES_UC_BORNES,
    RESSOURCES_UC_MEDIANE,
    RESSOURCES_UC_SIGMA,
)
from .tirages import Membre, choix, euros


class FabriqueRessources:
    """Resource draws of the demand factory (mixed into `Fabrique`, which holds `hasard`)."""

    # ------------------------------------------------------------------ resources

    def _revenus_adulte(self, membre: Membre, montant: float, seul: bool) -> list[tuple[str, float]]:
        h = self.hasard
        age, handicap = membre.age or 0, membre.personne.handicap
        if montant < 30:
            return []
        if age >= 64:
            if montant < 1050 and age >= 65 and h.random() < 0.35:
                retraite = montant * h.uniform(0.45, 0.8)
                return [(TypeRessource.RET, retraite), (TypeRessource.AMV, montant - retraite)]
            return [(TypeRessource.RET, montant)]
        if handicap and montant < 1700:
            aah = min(montant, AAH_TAUX_PLEIN)
            reste = montant - aah
            return [(TypeRessource.AAH, aah)] + ([(TypeRessource.SAL, reste)] if reste >= 50 else [])
        if age < 26 and seul and h.random() < 0.25:
            bourse = min(montant, h.uniform(250, 580))
            reste = montant - bourse
            return [(TypeRessource.BE, bourse)] + ([(TypeRessource.SAL, reste)] if reste >= 50 else [])
        if montant < 750:
            return [(choix(h, [(TypeRessource.RSA, 60), (TypeRessource.CHO, 30), (TypeRessource.SAL, 10)]), montant)]
        if montant < 1400:
            genre = choix(
                h,
                [(TypeRessource.SAL, 72), (TypeRessource.CHO, 20), (TypeRessource.PINV, 3), (TypeRessource.AUT, 5)],
            )
            return [(genre, montant)]
        if age >= 58 and h.random() < 0.15:
            return [(TypeRessource.RET, montant)]
        return [(choix(h, [(TypeRessource.SAL, 90), (TypeRessource.CHO, 7), (TypeRessource.PINV, 3)]), montant)]

    def _ressources(self, membres: list[Membre], genre: str, uc: Decimal) -> float:
        """Spreads the household's monthly resources over its persons; returns the resources per UC drawn."""
        h = self.hasard
        bas, haut = RESSOURCES_UC_BORNES
        par_uc = min(max(h.lognormvariate(math.log(RESSOURCES_UC_MEDIANE), RESSOURCES_UC_SIGMA), bas), haut)
        total = par_uc * float(uc)
        demandeur = membres[0]
        enfants = [m for m in membres if m.personne.lien == Lien.ENFANT and m.age is not None]
        allocations: list[tuple[str, float]] = []
        nb_af = sum(1 for m in enfants if m.age < 20)
        if nb_af >= 2:
            af = AF_2_ENFANTS if nb_af == 2 else AF_3_ENFANTS + AF_PAR_ENFANT_EN_PLUS * (nb_af - 3)
            allocations.append((TypeRessource.AF, af))
        if any(m.age < 3 for m in enfants) and par_uc < 2000 and h.random() < 0.8:
            allocations.append((TypeRessource.PAJE, PAJE_BASE))
        if any(m.personne.handicap for m in enfants):
            allocations.append((TypeRessource.AEEH, AEEH))
        if genre == "MONO" and enfants and h.random() < 0.45:
            allocations.append((TypeRessource.PAR, h.uniform(120, 180) * len(enfants)))
        while allocations and sum(a for _, a in allocations) > total * 0.8:
            allocations.pop()
        reste = max(total - sum(a for _, a in allocations), 0.0)

        adultes = [m for m in membres if m.personne.lien != Lien.ENFANT]
        parts: list[tuple[Membre, float]] = []
        for m in adultes[1:]:
            if m.personne.lien == Lien.ASCENDANT or (m.age or 0) >= 64:
                part = min(reste * 0.5, h.uniform(700, 1300))
                parts.append((m, part))
                reste -= part
        principaux = [m for m in adultes if all(m is not p for p, _ in parts)]
        if len(principaux) == 2:
            deux_revenus = h.random() < (0.65 if reste >= 1600 else 0.3)
            part_co = reste * h.uniform(0.3, 0.5) if deux_revenus else 0.0
            parts += [(principaux[0], reste - part_co), (principaux[1], part_co)]
        else:
            parts.append((principaux[0], reste))

        seul = len(adultes) == 1
        for m, montant in parts:
            for genre_r, valeur in self._revenus_adulte(m, montant, seul):
                m.ressources.append(Ressource(personne=m.personne, type=genre_r, montant_mensuel=euros(valeur)))
        for genre_r, valeur in allocations:
            demandeur.ressources.append(
                Ressource(personne=demandeur.personne, type=genre_r, montant_mensuel=euros(valeur))
            )
        return par_uc
