from django.apps import AppConfig


class CasaLogementConfig(AppConfig):
    name = "casa_logement"
    verbose_name = "casa_logement"

    def ready(self):
        # Binds @shared_task to our Celery app in every Django process (web, commands, tests).
        from . import celery  # noqa: F401
