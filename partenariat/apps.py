from django.apps import AppConfig


class PartenariatConfig(AppConfig):
    name = "partenariat"
    verbose_name = "Travail entre partenaires"
