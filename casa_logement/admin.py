"""The Django admin is CASA's parameter screen: open to CASA's administrators (and superusers), 403 to others."""

from functools import wraps

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied

from territoire.contexte import contexte_de


class CasaAdminSite(admin.AdminSite):
    site_header = "casa_logement — paramétrage"
    site_title = "casa_logement"
    index_title = "Paramétrage et journal des modifications"

    def has_permission(self, request):
        user = request.user
        return user.is_active and user.is_authenticated and contexte_de(user).administrateur_epci

    def login(self, request, extra_context=None):
        """One login page for the whole application (/connexion/: throttled, second factor): the admin's own form
        would refuse CASA's administrators (not `is_staff`) and bypass both."""
        from django.shortcuts import redirect
        from django.urls import reverse
        from django.utils.http import url_has_allowed_host_and_scheme, urlencode

        suite = request.GET.get("next") or reverse("admin:index")
        if not url_has_allowed_host_and_scheme(suite, allowed_hosts={request.get_host()}):
            suite = reverse("admin:index")
        return redirect(f"{reverse('connexion')}?{urlencode({'next': suite})}")

    def admin_view(self, view, cacheable=False):
        wrapped = super().admin_view(view, cacheable)

        @wraps(view)
        def inner(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                # Signed in but not CASA's administrator: refuse plainly rather than show a second login form.
                raise PermissionDenied
            return wrapped(request, *args, **kwargs)

        return inner


class CasaAdminAppConfig(AdminConfig):
    default_site = "casa_logement.admin.CasaAdminSite"
