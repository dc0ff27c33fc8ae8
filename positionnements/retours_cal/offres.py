"""The offers awaiting a candidate's answer, and the day each must be answered by (REGLES §11, docs/cal.md « Les
réponses du candidat »). Read by the applicant's space (portail/views/offre.py), the daily task that records silence
past the delay (reponses.silences_enregistrer), the « Réponses attendues » tab of the CAL page, and the check of a
landlord's silence for a ranked candidate (verification.valider).

An **offer** is a positionnement attributed by the CAL (ATTRIBUE, ATTRIBUE_CS), or attributed by ranking
(ATTRIBUE_RANG) once its turn has come, with no answer yet. A ranked candidate's turn comes when every candidate ahead
of it on the same dwelling has refused or otherwise ended (not by a lease: then the dwelling is let). Ahead: the
dwelling's other attributions of a lower rank, and its attributions without a rank (a candidate the CAL attributed the
dwelling to outright, or under a condition).

The offer's **day** is the CAL's (DecisionCAL.date_cal) or, for a ranked candidate, the day its turn came: the latest
day a candidate ahead refused or ended (the effective day of that move), never before the CAL. The candidate answers
until the day of the offer + DELAI_REPONSE_JOURS included (`echeance`); its silence counts as a refusal from the next
day (`silence_le`), the day the task records it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from ..etats import (
    ATTRIBUTIONS,
    CLOS,
    DELAI_REPONSE_JOURS,
    EtatPositionnement,
    TypeDecisionCAL,
    premier_jour_du_silence,
)
from ..models import DecisionCAL, Positionnement, TransitionPositionnement

E = EtatPositionnement
# The states of a positionnement the candidate may be answering in.
OFFERTS = (E.ATTRIBUE, E.ATTRIBUE_RANG, E.ATTRIBUE_CS)
# A candidate ahead in one of these states no longer holds the dwelling (a lease, closed too, does).
FINIS = tuple(e for e in CLOS if e != E.BAIL_SIGNE)


@dataclass(frozen=True)
class Offre:
    """An offer: its positionnement (with `decision_cal`, `demande` and the dwelling, its résidence, commune and
    landlord joined) and the day it was made."""

    positionnement: Positionnement
    date: dt.date

    @property
    def decision(self) -> DecisionCAL:
        return self.positionnement.decision_cal

    @property
    def echeance(self) -> dt.date:
        """The last day to answer, included: the offer's day + DELAI_REPONSE_JOURS."""
        return self.date + dt.timedelta(days=DELAI_REPONSE_JOURS)

    @property
    def silence_le(self) -> dt.date:
        """The day silence counts as a refusal: the day after `echeance` (the answer's date the task records)."""
        return premier_jour_du_silence(self.date)

    def ouverte(self, jour: dt.date | None = None) -> bool:
        """Whether the candidate may still answer on `jour` (today by default)."""
        return (jour or timezone.localdate()) <= self.echeance


@dataclass(frozen=True)
class Candidat:
    """A candidate the CAL attributed a dwelling to (ranked or not), as the turn of the others reads it: its decision
    (TypeDecisionCAL code), its rank (None without one), its state, the day it reached it when it has ended."""

    pk: int
    decision: str
    rang: int | None
    etat: str
    fini_le: dt.date | None = None


def _devant(autre: Candidat, rang: int | None) -> bool:
    """Whether `autre` comes before a ranked candidate of rank `rang` on the same dwelling."""
    if autre.decision != TypeDecisionCAL.ATTRIBUTION_RANG or autre.rang is None:
        return True
    return autre.rang < (rang or 1)


def debut_du_tour(pk: int, rang: int | None, date_cal: dt.date, autres: Iterable[Candidat]) -> dt.date | None:
    """The day the turn of the ranked candidate `pk` (rank `rang`, CAL of `date_cal`) came: the latest day a
    candidate ahead of it ended, not before the CAL; None while one of them still holds the dwelling."""
    fins = [date_cal]
    for autre in autres:
        if autre.pk == pk or not _devant(autre, rang):
            continue
        if autre.etat not in FINIS:
            return None
        fins.append(autre.fini_le or date_cal)
    return max(fins)


def silence_avant_le_tour(
    pk: int, rang: int | None, date_cal: dt.date, date_reponse: dt.date, autres: dict[int, Candidat]
) -> str:
    """Why the silence of the ranked candidate `pk` cannot count as a refusal on `date_reponse` (French, for the
    landlord's file): its turn has not come, or came less than DELAI_REPONSE_JOURS days before; "" when it can."""
    debut = debut_du_tour(pk, rang, date_cal, autres.values())
    if debut is None:
        return (
            f"le candidat de rang {rang} n'a pas encore reçu l'offre (un candidat classé avant lui ne l'a ni refusée "
            "ni perdue) : son silence ne vaut pas refus"
        )
    if date_reponse < premier_jour_du_silence(debut):
        return (
            f"le candidat de rang {rang} a reçu l'offre le {debut:%d/%m/%Y} : son silence ne vaut refus qu'à partir "
            f"du {premier_jour_du_silence(debut):%d/%m/%Y}"
        )
    return ""


def candidats_des_logements(dispos: Iterable[int]) -> dict[int, dict[int, Candidat]]:
    """{dwelling to fill (Disponibilite pk): {positionnement pk: Candidat}} of every positionnement the CAL attributed
    these dwellings to, with the day those which ended reached their state (the effective day of their last move)."""
    par_dispo: dict[int, dict[int, Candidat]] = defaultdict(dict)
    lignes = list(
        DecisionCAL.objects.filter(positionnement__disponibilite_id__in=set(dispos), decision__in=ATTRIBUTIONS)
        .order_by("positionnement_id")
        .values_list(
            "positionnement_id", "positionnement__disponibilite_id", "decision", "rang", "positionnement__etat"
        )
    )
    fins = _derniers_pas([pk for pk, _, _, _, etat in lignes if etat in FINIS])
    for pk, dispo, decision, rang, etat in lignes:
        par_dispo[dispo][pk] = Candidat(pk, decision, rang, etat, fins.get(pk))
    return par_dispo


def _derniers_pas(ids: list[int]) -> dict[int, dt.date]:
    """The effective day of the last move of each of these positionnements."""
    jours: dict[int, dt.date] = {}
    for pk, date_effet, le in (
        TransitionPositionnement.objects.filter(positionnement_id__in=ids)
        .order_by("positionnement_id", "le", "pk")
        .values_list("positionnement_id", "date_effet", "le")
    ):
        jours[pk] = date_effet or timezone.localdate(le)
    return jours


def offres(positionnements: QuerySet[Positionnement] | None = None) -> list[Offre]:
    """The offers among `positionnements` (every positionnement by default), the first to answer first (by
    `echeance`, then positionnement). Three queries whatever their number."""
    qs = (Positionnement.objects.all() if positionnements is None else positionnements).filter(
        etat__in=OFFERTS, decision_cal__reponse=""
    )
    liste = list(
        qs.select_related(
            "decision_cal",
            "demande",
            "disponibilite__logement__residence__bailleur",
            "disponibilite__logement__residence__commune",
        ).order_by("pk")
    )
    classes = {p.disponibilite_id for p in liste if p.etat == E.ATTRIBUE_RANG}
    autres = candidats_des_logements(classes) if classes else {}
    resultat = []
    for p in liste:
        d = p.decision_cal
        if p.etat == E.ATTRIBUE_RANG:
            jour = debut_du_tour(p.pk, d.rang, d.date_cal, autres.get(p.disponibilite_id, {}).values())
        else:
            jour = d.date_cal
        if jour is not None:
            resultat.append(Offre(p, jour))
    return sorted(resultat, key=lambda o: (o.echeance, o.positionnement.pk))


def offre_de_la_demande(demande, positionnement_id: int | None = None) -> Offre | None:
    """The demand's offer to answer first (or the one of `positionnement_id`, a positionnement of this demand), open
    or past its delay while the task has not recorded the silence yet; None without one."""
    qs = Positionnement.objects.filter(demande=demande)
    if positionnement_id is not None:
        qs = qs.filter(pk=positionnement_id)
    return next(iter(offres(qs)), None)


def offres_echues(jour: dt.date, bailleur_id: int | None = None) -> list[Offre]:
    """The offers whose last day to answer is before `jour` (their silence counts as a refusal), of one landlord or
    of all."""
    qs = Positionnement.objects.all()
    if bailleur_id is not None:
        qs = qs.filter(disponibilite__logement__residence__bailleur_id=bailleur_id)
    return [o for o in offres(qs) if o.echeance < jour]
