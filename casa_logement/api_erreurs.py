"""The API's errors in French, whatever raised them.

DRF translates its own messages, but a 404 raised by `get_object_or_404` carries Django's English text with the
model's name (« No Demande matches the given query. »): it becomes a French sentence that says neither whether the
object exists nor in which table (the same answer for a number outside the caller's scope as for a number unknown).
A call over a rate limit (429) says which limit, its rate and how long to wait (territoire.api_limites); DRF adds
the ``Retry-After`` header.
"""

from __future__ import annotations

from django.http import Http404
from rest_framework.exceptions import ErrorDetail, NotFound, Throttled
from rest_framework.views import exception_handler

from territoire.api_limites import message_de_refus

INTROUVABLE = "Introuvable : rien ne répond à cette adresse dans votre périmètre."


def gerer(exc, context):
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: DRF's handler, with every 404 answered by INTROUVABLE and every 429 in
    French."""
    if isinstance(exc, Http404):
        exc = NotFound(INTROUVABLE)
    elif isinstance(exc, Throttled):
        exc.detail = ErrorDetail(message_de_refus(context.get("request"), exc.wait), code=exc.default_code)
    return exception_handler(exc, context)
