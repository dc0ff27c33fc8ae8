"""The receivers of the lower apps' signals: each hands its event to the worker (the task alertes.tasks.evenement),
so that the request or the job that caused it is not slowed down by the notifications (a programme's delivery is a
hundred dwellings to fill); the worker then runs the function of alertes/evenements.py that tells it. Connected in
apps.AlertesConfig.ready."""

from __future__ import annotations

from celery import current_app

from . import evenements

# The task that runs an event's function (alertes/tasks.py), named: this module never imports tasks.
TACHE_EVENEMENT = "alertes.tasks.evenement"

# The signal's name → the function that tells its event (keyword arguments: the signal's, ids and plain values).
EVENEMENTS = {
    "logements_a_pourvoir": evenements.sur_logements_a_pourvoir,
    "candidats_positionnes": evenements.sur_candidats_positionnes,
    "seance_close": evenements.sur_seance_close,
    "depot_cal_verifie": evenements.sur_depot_cal_verifie,
    "demandes_a_renouveler": evenements.sur_demandes_a_renouveler,
}


def relais(nom: str):
    """The receiver of the signal `nom` (a key of EVENEMENTS): queues its arguments for the worker."""

    def recepteur(sender, signal=None, **arguments) -> None:
        current_app.send_task(TACHE_EVENEMENT, args=[nom, arguments])

    recepteur.__name__ = f"relais_{nom}"
    return recepteur


def traiter(nom: str, arguments: dict) -> int:
    """Tells the event `nom` with the signal's `arguments` (in the worker); returns the notifications written."""
    return EVENEMENTS[nom](None, **arguments)
