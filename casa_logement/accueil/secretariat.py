"""The commission secretariat's home panel: the dwellings ready for the commission and the sessions to hold."""

from __future__ import annotations

from django.urls import reverse

from territoire.roles import ROLE_DESCRIPTIONS, Role

from .taches import Panneau, Tache, liste


def panneau(request) -> Panneau:
    return Panneau(
        Role.SECRETARIAT_COMMISSION,
        "Secrétariat de la CCPC",
        ROLE_DESCRIPTIONS[Role.SECRETARIAT_COMMISSION],
        _taches(request),
    )


def _taches(request) -> list[Tache]:
    """The candidates ready to be put on a session's agenda, and the sessions prepared, convened or under way."""
    from commissions.selectors import positionnements_prets
    from commissions.tableaux import seances_de_la_liste

    seances = reverse("commissions:seances")
    return [
        Tache(
            "Logements prêts pour la commission (à inscrire à l'ordre du jour d'une séance)",
            positionnements_prets().count(),
            seances + "?a_tenir=oui",
        ),
        liste(
            "Séances à tenir (préparées, convoquées ou en cours)",
            seances,
            "a_tenir=oui",
            seances_de_la_liste,
            request.user,
        ),
    ]
