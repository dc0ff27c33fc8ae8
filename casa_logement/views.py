"""The shell: home page per role, health check, error pages."""

from __future__ import annotations

from django.conf import settings
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


# The applicant's space (portail, docs/portail.md): its error pages are in its own layout, never in the staff's (no
# staff menu, no « Retour à l'accueil » to the staff's home), with a way back to the space.
ESPACE_DU_DEMANDEUR = "/mon-logement/"
ERREURS_DE_L_ESPACE = {
    400: (
        "Requête refusée",
        "La page demandée ne peut pas être servie : la requête est mal formée ou un de ses paramètres est invalide.",
    ),
    403: ("Accès refusé", "Cette page ne fait pas partie de votre espace."),
    404: ("Page introuvable", "Cette page n'existe pas dans votre espace."),
    405: (
        "Cette adresse est celle d'une action",
        "Elle ne s'ouvre pas comme une page (un favori, un lien copié) : l'action se lance par son bouton, sur la page "
        "concernée, et rien n'a été fait.",
    ),
    "csrf": (
        "Ce formulaire n'est plus valable",
        "La page d'où il a été envoyé date d'avant une connexion ou une déconnexion (dans un autre onglet, ou après "
        "une longue inactivité) : par sécurité, rien n'a été enregistré. Rechargez la page et recommencez.",
    ),
    500: (
        "Une erreur est survenue",
        "L'opération n'a pas abouti et rien n'a été enregistré à moitié. L'équipe technique est prévenue. Réessayez "
        "dans quelques minutes.",
    ),
}


def dans_l_espace_du_demandeur(request: HttpRequest) -> bool:
    return request.path.startswith(ESPACE_DU_DEMANDEUR)


def erreur(request: HttpRequest, status: int, modele: str, contexte: dict | None = None, *, cle=None) -> HttpResponse:
    """An error page (400, 403, 404, 405, CSRF): the one place that branches on the path. Under /mon-logement/, in
    the applicant's space's layout (portail/erreur.html: ERREURS_DE_L_ESPACE[cle or status], or the context's
    ``message``), with the way back to « Ma demande » or to the sign-in page; elsewhere the staff's ``modele``."""
    if not dans_l_espace_du_demandeur(request):
        return render(request, modele, contexte, status=status)
    from portail import acces
    from portail.pages import rendre

    if not hasattr(request, "demandeur"):  # set by the space's views (acces.demandeur_requis); else read here
        request.demandeur = acces.demandeur(request) if hasattr(request, "session") else None
    titre, message = ERREURS_DE_L_ESPACE[cle or status]
    message = (contexte or {}).get("message") or message
    return rendre(request, "portail/erreur.html", {"titre": titre, "message": message}, status=status)


def erreur_400(request, exception=None):
    return erreur(request, 400, "erreurs/400.html")


def erreur_403(request, exception=None):
    return erreur(request, 403, "erreurs/403.html")


def erreur_csrf(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent from a page that is no longer valid (signed out and in again in another tab,
    a page left open past the session): said in French, with the way back."""
    return erreur(request, 403, "erreurs/csrf.html", cle="csrf")


def erreur_404(request, exception=None):
    return erreur(request, 404, "erreurs/404.html")


def erreur_405(request, permises: str = "") -> HttpResponse:
    """An action's address opened as a page (require_POST, require_http_methods answer an empty 405:
    RequeteValideMiddleware renders this instead), same status and Allow header."""
    page = erreur(request, 405, "erreurs/405.html")
    page["Allow"] = permises
    return page


def erreur_500(request):
    # No context processors, no session: the database may be what failed.
    if dans_l_espace_du_demandeur(request):
        from portail.pages import PUBLIQUES

        titre, message = ERREURS_DE_L_ESPACE[500]
        contexte = {
            "produit": settings.CASA_NOM_PRODUIT,
            "territoire": settings.CASA_NOM_TERRITOIRE,
            "demandeur": None,
            "sections": [],
            "publiques": PUBLIQUES,
            "titre": titre,
            "message": message,
        }
        return HttpResponse(loader.get_template("portail/erreur.html").render(contexte), status=500)
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
