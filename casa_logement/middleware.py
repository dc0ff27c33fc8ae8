"""What no view should have to guard against, answered once for all with a French 400 instead of a 500.

* A NUL character (`%00`) in the path, the query string or a form: PostgreSQL can neither store nor compare it
  (« text fields cannot contain NUL »), and no real input holds one. Django's and DRF's form fields refuse it; a value
  read by hand (a search, a filter, a reason typed in a page without a Django form, a slug in the URL) would reach
  the database.
* A bidirectional control character (U+202E…) anywhere in them: invisible, it makes a text read backwards.
* An `ErreurMetier` that a view let escape: its message is French and written for the user (the services' rule
  refused the action), so it is shown with a 400, not swallowed into a 500 page.

Last of MIDDLEWARE: the page is rendered with the user and the acting organisation known. Under /api/, the answer
is JSON like DRF's: {"detail": "…"}."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse

from commun.erreurs import ErreurMetier

CARACTERE_NUL = "\x00"
MESSAGE_NUL = "La requête contient un caractère nul (%00), qu'aucune saisie ne comporte : elle est refusée."
# Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): invisible, no typed name or text
# needs them (Arabic or Hebrew text is written without), and they make a text read backwards on the page (« ‮AHKILUOZ »
# shown as « ZOULIKHA » slipped past the duplicate check; a letter's subject reversed the radiation date after it).
CONTROLES_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
MESSAGE_BIDI = (
    "La saisie contient un caractère invisible d'inversion du sens de lecture (U+202E ou voisin), "
    "qu'aucun nom ni texte ne comporte : elle est refusée."
)
FORMULAIRES = ("application/x-www-form-urlencoded", "multipart/form-data")


def refus(request: HttpRequest, message: str, *, status: int = 400) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status, json_dumps_params={"ensure_ascii": False})
    from .views import erreur

    return erreur(request, status, "erreurs/400.html", {"message": message})


def _contient(donnees, interdits) -> bool:
    return any(
        any(c in interdits for c in cle) or any(any(c in interdits for c in v) for v in donnees.getlist(cle))
        for cle in donnees
    )


def contient(request: HttpRequest, interdits) -> bool:
    """Whether the path, the query string or a form holds one of the characters `interdits`."""
    if any(c in interdits for c in request.path) or _contient(request.GET, interdits):
        return True
    if request.method == "POST" and request.content_type in FORMULAIRES:
        try:
            return _contient(request.POST, interdits)
        except Exception:  # noqa: BLE001 - a body Django cannot parse: the view (or Django) answers it
            return False
    return False


def contient_un_caractere_nul(request: HttpRequest) -> bool:
    return contient(request, {CARACTERE_NUL})


class RequeteValideMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if contient_un_caractere_nul(request):
            return refus(request, MESSAGE_NUL)
        if contient(request, CONTROLES_BIDI):
            return refus(request, MESSAGE_BIDI)
        reponse = self.get_response(request)
        if reponse.status_code == 405 and not reponse.content and not request.path.startswith("/api/"):
            # an action's address opened from a bookmark or a link (require_POST answers an empty 405, which the
            # browser shows as its own English error page): a French page in the site's layout (the applicant's
            # space's under /mon-logement/), same status
            from .views import erreur_405

            return erreur_405(request, reponse.get("Allow", ""))
        return reponse

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, ErreurMetier):
            return refus(request, exception.message)
        return None


class SansCacheMiddleware:
    """Every page, PDF, export and API answer of the application may carry personal data: none is kept by a browser
    or a proxy (``Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private``, Django's own
    add_never_cache_headers). Static files, served by whitenoise above this middleware, keep their long cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.utils.cache import add_never_cache_headers

        reponse = self.get_response(request)
        add_never_cache_headers(reponse)
        return reponse
