from django.apps import AppConfig


class AlertesConfig(AppConfig):
    name = "alertes"
    verbose_name = "Notifications"
