from django.apps import AppConfig


class PositionnementsConfig(AppConfig):
    name = "positionnements"
    verbose_name = "Positionnements"

    def ready(self):
        # The CAL deposit's Celery tasks live in retours_cal/: Celery's autodiscovery only imports `<app>.tasks`.
        from .retours_cal import tasks  # noqa: F401
