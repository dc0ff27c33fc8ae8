from django.apps import AppConfig


class PositionnementsConfig(AppConfig):
    name = "positionnements"
    verbose_name = "Positionnements"
