"""How a positionnement's state is written (REGLES §11, docs/positionnements.md): every move is checked against
positionnements.etats.MACHINE_POSITIONNEMENT and logged in TransitionPositionnement (from, to, by, why, the day it
happened, the CAL deposit that brought it). One positionnement moves through commun.etats.passer with JOURNAL (a
commission's opinion, a withdrawal: services.changer_etat); the thousands of a CAL file (retours_cal.application) move
through `faire_passer`, which writes one UPDATE per target state and the log rows in bulk, in the same shape. The
caller holds the rows' locks and the transaction."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from commun.erreurs import ErreurMetier
from territoire.models import Utilisateur

from .etats import MACHINE_POSITIONNEMENT, EtatPositionnement
from .models import DepotDecisionsCAL, Positionnement, TransitionPositionnement

# How a positionnement moves and where it is logged (commun.etats.passer, creer_journalise).
JOURNAL = {"machine": MACHINE_POSITIONNEMENT, "journal": TransitionPositionnement, "lien": "positionnement"}


@dataclass(frozen=True)
class Pas:
    """One move: the state reached, why (cut to 300 characters), and the day it happened when it differs from the
    day it is recorded (the commission's session, the CAL, the candidate's answer, the lease)."""

    vers: str
    motif: str = ""
    date_effet: dt.date | None = None


def refus(de: str, vers: str) -> str:
    """The French sentence refusing a move the table does not allow."""
    return (
        f"Un positionnement « {EtatPositionnement(de).label} » ne peut pas passer à "
        f"« {EtatPositionnement(vers).label} »."
    )


def faire_passer(
    mouvements: Iterable[tuple[Positionnement, Sequence[Pas]]],
    *,
    par: Utilisateur,
    depot: DepotDecisionsCAL | None = None,
) -> list[TransitionPositionnement]:
    """Moves each positionnement (`etat` as read under the caller's row lock) through its steps, in order: each step
    is checked against etats.MACHINE_POSITIONNEMENT from the state the previous one reached; the first refused raises
    ErreurMetier (`refus`) before anything is written. Then sets `etat` on each object, writes the states (one UPDATE
    per target state: a bulk_update's CASE over thousands of rows is ten times slower) and the log rows. Returns the
    log rows written."""
    journal: list[TransitionPositionnement] = []
    arrivees: list[tuple[Positionnement, str]] = []
    for p, pas in mouvements:
        de = p.etat
        for etape in pas:
            if not MACHINE_POSITIONNEMENT.permise(de, etape.vers):
                raise ErreurMetier(refus(de, etape.vers))
            journal.append(
                TransitionPositionnement(
                    positionnement=p,
                    de=de,
                    vers=etape.vers,
                    par=par,
                    motif=etape.motif[:300],
                    date_effet=etape.date_effet,
                    depot=depot,
                )
            )
            de = etape.vers
        if pas:
            arrivees.append((p, de))
    par_etat: dict[str, list[int]] = defaultdict(list)
    for p, etat in arrivees:
        p.etat = etat
        par_etat[etat].append(p.pk)
    for etat, pks in par_etat.items():
        Positionnement.objects.filter(pk__in=pks).update(etat=etat)
    return TransitionPositionnement.objects.bulk_create(journal, batch_size=1000)
