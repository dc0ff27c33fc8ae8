"""Model permissions of the admin (view/add/change/delete) for CASA's administrators.

They hold them through their habilitation, not through Django groups: one place (the habilitation) says who
administers the instance."""

from .contexte import contexte_de

APPS_PARAMETRAGE = {
    "territoire",
    "pghistory",
    "django_celery_beat",
    "axes",  # the login locks: read them, delete one to unlock
    "demandes",
    "programmation",
    "positionnements",
    "commissions",
    "suivi",
}


class AdministrateurEpciBackend:
    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user, perm, obj=None):
        if not user.is_active or obj is not None:
            return False
        app_label = perm.partition(".")[0]
        return app_label in APPS_PARAMETRAGE and contexte_de(user).administrateur_epci

    def has_module_perms(self, user, app_label):
        return user.is_active and app_label in APPS_PARAMETRAGE and contexte_de(user).administrateur_epci
