"""The partners' notifications (issue 20, docs/partenaires.md): in the application (django-notifications-community) and
by e-mail, immediate or in a daily digest, and the weekly digest of the steps stalled on each partner's side. Above
every app whose events it tells."""

from django.apps import AppConfig


class AlertesConfig(AppConfig):
    name = "alertes"
    verbose_name = "Notifications"

    def ready(self) -> None:
        """Connects the receivers of the lower apps' signals (alertes/evenements.py). The shared notes' signal
        (partenariat.signaux.note_ajoutee) is connected here by the lead once merged: see evenements.note_adressee."""
        from commissions.signaux import seance_close
        from demandes.signaux import demandes_a_renouveler
        from positionnements.signaux import candidats_positionnes, depot_cal_verifie
        from programmation.signaux import logements_a_pourvoir

        from . import evenements

        for signal, recepteur in (
            (logements_a_pourvoir, evenements.sur_logements_a_pourvoir),
            (candidats_positionnes, evenements.sur_candidats_positionnes),
            (seance_close, evenements.sur_seance_close),
            (depot_cal_verifie, evenements.sur_depot_cal_verifie),
            (demandes_a_renouveler, evenements.sur_demandes_a_renouveler),
        ):
            signal.connect(recepteur, dispatch_uid=f"alertes.{recepteur.__name__}")
