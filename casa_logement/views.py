"""The shell: home page per role, health check, error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LogoutView, PasswordResetConfirmView
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache

from .accueil import panneaux


@login_required
def accueil(request: HttpRequest) -> HttpResponse:
    return render(request, "accueil.html", {"panneaux": panneaux(request)})


@never_cache
def sante(request: HttpRequest) -> JsonResponse:
    """Health of the parts (database, Redis, Celery workers): used by the deployment's healthchecks."""
    from django.core.cache import cache

    from .celery import app

    etat = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("select 1")
        etat["base"] = "ok"
    except Exception:  # noqa: BLE001 - reported, not raised
        etat["base"] = "indisponible"
    try:
        cache.set("sante", "ok", 5)
        etat["redis"] = "ok" if cache.get("sante") == "ok" else "indisponible"
    except Exception:  # noqa: BLE001
        etat["redis"] = "indisponible"
    if request.GET.get("worker"):
        try:
            etat["worker"] = "ok" if app.control.ping(timeout=1.0) else "aucun worker"
        except Exception:  # noqa: BLE001
            etat["worker"] = "indisponible"
    ok = etat["base"] == "ok" and etat["redis"] == "ok"
    return JsonResponse(etat, status=200 if ok else 503, json_dumps_params={"ensure_ascii": False})


def erreur_400(request, exception=None):
    return render(request, "erreurs/400.html", status=400)


def erreur_403(request, exception=None):
    return render(request, "erreurs/403.html", status=403)


def erreur_csrf(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent from a page that is no longer valid (signed out and in again in another tab,
    a page left open past the session): said in French, with the way back."""
    return render(request, "erreurs/csrf.html", status=403)


def erreur_404(request, exception=None):
    return render(request, "erreurs/404.html", status=404)


def erreur_500(request):
    # No context processors: the database may be what failed.
    return HttpResponse(loader.get_template("erreurs/500.html").render(), status=500)


class Deconnexion(LogoutView):
    """Sign-out is a POST (Django); a GET (a typed or bookmarked address) shows the button instead of a bare 405."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return render(request, "registration/deconnexion.html")


class NouveauMotDePasse(PasswordResetConfirmView):
    """Choosing a new password through the e-mailed link also lifts the login lock of the account (django-axes):
    the lock page tells a locked person to do so."""

    def form_valid(self, form):
        from axes.utils import reset

        reponse = super().form_valid(form)
        reset(username=form.user.get_username())
        return reponse
