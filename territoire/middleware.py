"""Sets the acting context (current organisation and roles) on request.user for every page."""

from .contexte import VIDE
from .services import contexte_calculer

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
