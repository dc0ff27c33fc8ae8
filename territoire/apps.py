from django.apps import AppConfig


class TerritoireConfig(AppConfig):
    name = "territoire"
    verbose_name = "Territoire, organisations et habilitations"
