"""The states of a session of the CCPC and the moves its services allow (commun/etats.py): prepared, convened (the
agenda may still change; convening again is not a move), held in a room (attendance recorded) or open at a distance
(the members give their avis online during a window), closed (nothing changes any more). docs/commissions.md states
the table (« Table des états : une séance »); tests/projet/test_etats.py compares it with this one.
Its log is commissions.models.TransitionSeance."""

from __future__ import annotations

from django.db import models

from commun.etats import MachineAEtats


class EtatSeance(models.TextChoices):
    PREPAREE = "PREPAREE", "Préparée"
    CONVOQUEE = "CONVOQUEE", "Convoquée"
    TENUE = "TENUE", "Tenue"
    A_DISTANCE = "A_DISTANCE", "Ouverte à distance"
    CLOSE = "CLOSE", "Close"


MACHINE_SEANCE = MachineAEtats(
    "une séance",
    EtatSeance,
    {
        EtatSeance.PREPAREE: (EtatSeance.CONVOQUEE,),
        EtatSeance.CONVOQUEE: (EtatSeance.TENUE, EtatSeance.A_DISTANCE),
        EtatSeance.TENUE: (EtatSeance.CLOSE,),
        EtatSeance.A_DISTANCE: (EtatSeance.CLOSE,),
    },
    initiaux=(EtatSeance.PREPAREE,),
)
