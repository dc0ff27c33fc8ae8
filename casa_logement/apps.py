from django.apps import AppConfig


class CasaLogementConfig(AppConfig):
    name = "casa_logement"
    verbose_name = "casa_logement"
