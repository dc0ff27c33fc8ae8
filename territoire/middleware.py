"""Sets the acting context (current organisation and roles) on request.user for every page."""

from .contexte import VIDE, contexte_calculer

SESSION_KEY = "organisation_courante"


class OrganisationCouranteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            ctx = contexte_calculer(utilisateur=user, organisation_id=request.session.get(SESSION_KEY))
            user.contexte = ctx
            # Write only on change: a concurrent request (an asset, a 404) must not overwrite a choice just made.
            if ctx.organisation_id is not None and request.session.get(SESSION_KEY) != ctx.organisation_id:
                request.session[SESSION_KEY] = ctx.organisation_id
        request.contexte = getattr(user, "contexte", VIDE)
        return self.get_response(request)


class DeuxiemeFacteurMiddleware:
    """After django-otp's OTPMiddleware: a signed-in person who needs a second factor (territoire.deuxieme_facteur)
    and has not given it in this session reaches nothing but the enrolment or code page (and sign-out). The API
    answers 403 in French to such a session; API keys (no session) are not concerned."""

    LIBRES = ("/connexion/", "/deconnexion/", "/securite/deuxieme-facteur/", "/static/", "/sante/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.http import HttpResponse, JsonResponse
        from django.shortcuts import redirect
        from django.urls import reverse
        from django.utils.http import urlencode

        from . import deuxieme_facteur

        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(self.LIBRES)
            and deuxieme_facteur.exige(user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": "Second facteur requis : connectez-vous par la page de connexion et saisissez le code."},
                    status=403,
                )
            page = reverse("deuxieme_facteur")
            suite = request.get_full_path() if request.method == "GET" else "/"
            cible = f"{page}?{urlencode({'next': suite})}"
            if request.headers.get("HX-Request"):
                reponse = HttpResponse(status=204)
                reponse["HX-Redirect"] = cible
                return reponse
            return redirect(cible)
        return self.get_response(request)
