"""The commission member's home panel: the sessions it is convened to, and those still to hold."""

from __future__ import annotations

from django.urls import reverse

from territoire.roles import ROLE_DESCRIPTIONS, Role

from .taches import Panneau, Tache, liste


def panneau(request) -> Panneau:
    return Panneau(
        Role.MEMBRE_COMMISSION,
        "Membre de la CCPC",
        ROLE_DESCRIPTIONS[Role.MEMBRE_COMMISSION],
        _seances(request),
    )


def _seances(request) -> list[Tache]:
    """The sessions the member is convened to, and among them those to hold."""
    from commissions.tableaux import seances_de_la_liste

    seances = reverse("commissions:seances")
    return [
        liste("Séances auxquelles vous êtes convoqué", seances, "", seances_de_la_liste, request.user),
        liste("Dont séances à tenir", seances, "a_tenir=oui", seances_de_la_liste, request.user),
    ]
