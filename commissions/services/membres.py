"""The commission's members and its quorum: who is in office on a day, the rule of quorum in force (set by CASA's
administrator), and whether a session's attendance meets it (titulars present themselves or through a
substitute, every required college present)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from commun.erreurs import ErreurMetier
from commun.format_fr import compte, pourcentage

from ..models import College, Membre, RegleQuorum, Seance


def membres_en_fonction(jour: dt.date) -> QuerySet[Membre]:
    return Membre.objects.filter(debut__lte=jour).filter(Q(fin__isnull=True) | Q(fin__gte=jour))


@dataclass(frozen=True)
class Quorum:
    atteint: bool
    titulaires: int
    representes: int
    part_requise: Decimal
    colleges_manquants: tuple[str, ...]

    @property
    def message(self) -> str:
        part = pourcentage(self.representes / self.titulaires) if self.titulaires else "—"
        texte = (
            f"{compte(self.representes, 'titulaire présent ou représenté', 'titulaires présents ou représentés')} "
            f"sur {self.titulaires} ({part}, il en faut {pourcentage(self.part_requise)})"
        )
        if self.colleges_manquants:
            absents = "collège absent" if len(self.colleges_manquants) == 1 else "collèges absents"
            texte += f" ; {absents} : " + ", ".join(College(c).label for c in self.colleges_manquants)
        return texte


def regle_quorum(jour: dt.date) -> RegleQuorum:
    regle = RegleQuorum.objects.filter(debut__lte=jour).order_by("-debut").first()
    if regle is None:
        raise ErreurMetier("Aucune règle de quorum en vigueur : un administrateur doit la saisir.")
    return regle


def quorum(seance: Seance, presents: set[int] | None = None) -> Quorum:
    """Titular members present themselves or through one of their substitutes, against CASA's rule. `presents`: the
    ids of the members counted present (by default those noted present; at a distance, those who took part)."""
    jour = timezone.localdate(seance.date)
    regle = regle_quorum(jour)
    if presents is None:
        presents = set(seance.convocations.filter(present=True).values_list("membre_id", flat=True))
    en_fonction = list(membres_en_fonction(jour))
    titulaires = [m for m in en_fonction if m.est_titulaire]
    suppleants_presents = {m.titulaire_id for m in en_fonction if not m.est_titulaire and m.pk in presents}
    representes = [t for t in titulaires if t.pk in presents or t.pk in suppleants_presents]
    colleges_presents = {m.college for m in en_fonction if m.pk in presents}
    manquants = tuple(c for c in regle.colleges_obligatoires if c not in colleges_presents)
    part = Decimal(len(representes)) / len(titulaires) if titulaires else Decimal(0)
    return Quorum(
        atteint=bool(titulaires) and part >= regle.part_titulaires and not manquants,
        titulaires=len(titulaires),
        representes=len(representes),
        part_requise=regle.part_titulaires,
        colleges_manquants=manquants,
    )
