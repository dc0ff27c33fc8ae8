"""What no view should have to guard against, answered once for all with a French 400 instead of a 500.

* A NUL character (`%00`) in the path, the query string or a form: PostgreSQL can neither store nor compare it
  (« text fields cannot contain NUL »), and no real input holds one. Django's and DRF's form fields refuse it; a value
  read by hand (a search, a filter, a reason typed in a page without a Django form, a slug in the URL) would reach
  the database.
* An `ErreurMetier` that a view let escape: its message is French and written for the user (the services' rule
  refused the action), so it is shown with a 400, not swallowed into a 500 page.

Last of MIDDLEWARE: the page is rendered with the user and the acting organisation known. Under /api/, the answer
is JSON like DRF's: {"detail": "…"}."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from territoire.exceptions import ErreurMetier

CARACTERE_NUL = "\x00"
MESSAGE_NUL = "La requête contient un caractère nul (%00), qu'aucune saisie ne comporte : elle est refusée."
FORMULAIRES = ("application/x-www-form-urlencoded", "multipart/form-data")


def refus(request: HttpRequest, message: str, *, status: int = 400) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status, json_dumps_params={"ensure_ascii": False})
    return render(request, "erreurs/400.html", {"message": message}, status=status)


def _contient_nul(donnees) -> bool:
    return any(CARACTERE_NUL in cle or any(CARACTERE_NUL in v for v in donnees.getlist(cle)) for cle in donnees)


def contient_un_caractere_nul(request: HttpRequest) -> bool:
    if CARACTERE_NUL in request.path or _contient_nul(request.GET):
        return True
    if request.method == "POST" and request.content_type in FORMULAIRES:
        try:
            return _contient_nul(request.POST)
        except Exception:  # noqa: BLE001 - a body Django cannot parse: the view (or Django) answers it
            return False
    return False


class RequeteValideMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if contient_un_caractere_nul(request):
            return refus(request, MESSAGE_NUL)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, ErreurMetier):
            return refus(request, exception.message)
        return None
