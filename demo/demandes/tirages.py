"""Small draws and dates shared by the demand builders, and the in-memory shapes of one household and one demand."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from demandes.models import CriterePriorite, Demande, Personne, Ressource, SouhaitCommune
from territoire.models import Utilisateur


def choix(hasard: random.Random, paires):
    """One value of [(value, weight), ...]."""
    valeurs, poids = zip(*paires, strict=True)
    return hasard.choices(valeurs, weights=poids)[0]


def moins_ans(jour: dt.date, ans: int) -> dt.date:
    try:
        return jour.replace(year=jour.year - ans)
    except ValueError:  # 29 February
        return jour.replace(year=jour.year - ans, day=28)


def anniversaire_apres(depot: dt.date, apres: dt.date) -> dt.date:
    """The first anniversary of `depot` (one year at least) strictly after `apres`."""
    ans = max(1, apres.year - depot.year)
    while True:
        echeance = moins_ans(depot, -ans)
        if echeance > apres:
            return echeance
        ans += 1


def ouvre(jour: dt.date) -> dt.date:
    """The working day on or before `jour` (a Saturday or Sunday moves back to the Friday)."""
    return jour - dt.timedelta(days=max(jour.weekday() - 4, 0))


def euros(montant: float) -> Decimal:
    return Decimal(f"{montant:.2f}")


@dataclass
class Membre:
    personne: Personne
    age: int | None  # None for an expected child
    ressources: list[Ressource] = field(default_factory=list)


@dataclass
class Dossier:
    demande: Demande
    membres: list[Membre]
    souhaits: list[SouhaitCommune]
    criteres: list[CriterePriorite]
    # (state before, state after, by whom, reason, when)
    transitions: list[tuple[str, str, Utilisateur | None, str, dt.datetime]]
    date_tri: dt.date
