from django.apps import AppConfig


class SneConfig(AppConfig):
    name = "sne"
    verbose_name = "SNE (Système national d'enregistrement)"
