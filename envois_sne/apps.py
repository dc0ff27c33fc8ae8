from django.apps import AppConfig


class EnvoisSneConfig(AppConfig):
    name = "envois_sne"
    verbose_name = "Envois au SNE"
