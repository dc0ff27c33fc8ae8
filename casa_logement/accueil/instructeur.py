"""The instructor's home panel: the demands to work on, the dwellings still without their three candidates, the CAL
decisions awaited, the tracking table and the territory."""

from __future__ import annotations

from django.urls import reverse

from territoire.roles import ROLE_DESCRIPTIONS, Role

from .taches import Panneau, Tache, liste, suivi, taches_cal, taches_demandes, taches_en_ligne, territoire


def panneau(request) -> Panneau:
    return Panneau(
        Role.INSTRUCTEUR,
        "Instruction des demandes",
        ROLE_DESCRIPTIONS[Role.INSTRUCTEUR],
        [
            *taches_demandes(request),
            *taches_en_ligne(request),
            _logements_a_positionner(request),
            *taches_cal(request),
            *suivi(request),
            territoire(request),
        ],
    )


def _logements_a_positionner(request) -> Tache:
    """Dwellings to fill that have not got their three candidates yet: the agent's work list, so filtered."""
    from positionnements.tableaux import travail_de_la_liste

    return liste(
        "Logements à pourvoir sans leurs trois candidats",
        reverse("positionnements:travail"),
        "candidats=incomplets",
        travail_de_la_liste,
        request.user,
    )
