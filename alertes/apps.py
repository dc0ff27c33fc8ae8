"""The partners' notifications (issue 20, docs/partenaires.md): in the application (django-notifications-community) and
by e-mail, immediate or in a daily digest, and the weekly digest of the steps stalled on each partner's side. Above
every app whose events it tells."""

from django.apps import AppConfig


class AlertesConfig(AppConfig):
    name = "alertes"
    verbose_name = "Notifications"

    def ready(self) -> None:
        """Connects the receivers of the lower apps' signals (alertes/recepteurs.py: each hands its event to the
        worker, which tells it through alertes/evenements.py). The shared notes' signal
        (partenariat.signaux.note_ajoutee) is connected here by the lead once merged: see evenements.note_adressee."""
        from commissions.signaux import seance_close
        from demandes.signaux import demandes_a_renouveler
        from positionnements.signaux import candidats_positionnes, depot_cal_verifie
        from programmation.signaux import logements_a_pourvoir

        from .recepteurs import relais

        for nom, signal in (
            ("logements_a_pourvoir", logements_a_pourvoir),
            ("candidats_positionnes", candidats_positionnes),
            ("seance_close", seance_close),
            ("depot_cal_verifie", depot_cal_verifie),
            ("demandes_a_renouveler", demandes_a_renouveler),
        ):
            signal.connect(relais(nom), weak=False, dispatch_uid=f"alertes.{nom}")
