from django.apps import AppConfig


class TerritoireConfig(AppConfig):
    name = "territoire"
    verbose_name = "Territoire, organisations et habilitations"

    def ready(self):
        from commun import listes

        from .models_listes import filtres_enregistres_de

        listes.filtres_enregistres_de = filtres_enregistres_de
