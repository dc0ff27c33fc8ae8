"""Rate limits of the API: DRF throttles counted in the Django cache (Redis), rates in settings.API_DEBITS.

- ``LimiteParCle``: every call made with an API key counts against the key (scope ``cle_api``);
- ``LimiteParUtilisateur``: every call of a signed-in person (session: the pages, the API documentation) counts
  against the person (scope ``utilisateur``);
- ``LimiteDonneesPersonnelles``: a bulk read of personal data counts besides against a lower limit, per key or per
  person (scope ``donnees_personnelles``). A view says which of its reads are bulk reads with ``throttle_scope``:
  the scope's name for an ``@api_view``, or ``{action: scope}`` for a viewset (``{"list": DONNEES_PERSONNELLES}``).

The rates are read at each request from DRF's settings (not frozen at import as in DRF's classes), so that a test
can lower one with ``override_settings(REST_FRAMEWORK=…)``. The cache key holds the database's name: two databases
sharing one Redis (two test suites, a demo and its tests) never count each other's calls.

A refused call raises DRF's ``Throttled`` (429, ``Retry-After``); the limit that was reached is noted on the request
(``limites_atteintes``) for casa_logement.api_erreurs, which says it in French.
"""

from __future__ import annotations

import math

from django.db import connection
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle

PAR_CLE = "cle_api"
PAR_UTILISATEUR = "utilisateur"
DONNEES_PERSONNELLES = "donnees_personnelles"

# What each limit is, for the 429's message: « la limite de cette clé d'API (600 par minute) est atteinte ».
LIBELLES = {
    PAR_CLE: "la limite de cette clé d'API",
    PAR_UTILISATEUR: "la limite de votre compte",
    DONNEES_PERSONNELLES: "la limite des lectures en masse de données personnelles",
}
UNITES = {"s": "seconde", "m": "minute", "h": "heure", "d": "jour"}


def cle_de_cache(portee: str, ident: str) -> str:
    """The cache key counting the calls of ``ident`` (``cle-12``, ``utilisateur-34``) under a limit, in this
    database."""
    return f"limite:{connection.settings_dict['NAME']}:{portee}:{ident}"


def appelant(request) -> str | None:
    """Who a call counts against: ``cle-<pk>`` for an API key, ``utilisateur-<pk>`` for a signed-in person, None for
    an anonymous call (refused before any limit is counted: the API requires authentication)."""
    from territoire.models import CleApi

    if isinstance(request.auth, CleApi):
        return f"cle-{request.auth.pk}"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"utilisateur-{user.pk}"
    return None


def debit_lisible(debit: str) -> str:
    """« 600 par minute » for "600/min"."""
    nombre, _, periode = debit.partition("/")
    return f"{nombre} par {UNITES.get(periode[:1], periode)}"


class _Limite:
    """What the three limits share: rates read at each request, the database in the key, the reached limit noted."""

    @property
    def THROTTLE_RATES(self):  # noqa: N802 — DRF's attribute, read by get_rate()
        return api_settings.DEFAULT_THROTTLE_RATES

    def _noter_si_refus(self, request, permis: bool) -> bool:
        if not permis:
            atteintes = getattr(request, "limites_atteintes", [])
            atteintes.append((self.wait() or 0, self.scope, self.rate))
            request.limites_atteintes = atteintes
        return permis


class LimiteParCle(_Limite, SimpleRateThrottle):
    """Every call made with an API key, per key."""

    scope = PAR_CLE

    def get_cache_key(self, request, view):
        ident = appelant(request)
        return cle_de_cache(self.scope, ident) if ident and ident.startswith("cle-") else None

    def allow_request(self, request, view):
        return self._noter_si_refus(request, super().allow_request(request, view))


class LimiteParUtilisateur(_Limite, SimpleRateThrottle):
    """Every call of a signed-in person (session authentication), per person."""

    scope = PAR_UTILISATEUR

    def get_cache_key(self, request, view):
        ident = appelant(request)
        return cle_de_cache(self.scope, ident) if ident and ident.startswith("utilisateur-") else None

    def allow_request(self, request, view):
        return self._noter_si_refus(request, super().allow_request(request, view))


class LimiteDonneesPersonnelles(_Limite, ScopedRateThrottle):
    """The reads a view marks with ``throttle_scope`` (bulk reads of personal data), per key or per person."""

    def allow_request(self, request, view):
        portee = getattr(view, self.scope_attr, None)
        if isinstance(portee, dict):
            portee = portee.get(getattr(view, "action", None))
        if not portee:
            return True
        self.scope = portee
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return self._noter_si_refus(request, SimpleRateThrottle.allow_request(self, request, view))

    def get_cache_key(self, request, view):
        ident = appelant(request)
        return cle_de_cache(self.scope, ident) if ident else None


def lecture_en_masse(fonction):
    """Marks an ``@api_view`` function as a bulk read of personal data (put it below ``@api_view``, which copies
    ``throttle_scope`` onto its view class)."""
    fonction.throttle_scope = DONNEES_PERSONNELLES
    return fonction


def message_de_refus(request, attente: float | None) -> str:
    """The French sentence of a 429: which limit, its rate, and how long to wait."""
    atteintes = getattr(request, "limites_atteintes", None) or []
    if atteintes:
        _, portee, debit = max(atteintes)  # the one DRF waits for: the longest wait
        limite = f"{LIBELLES.get(portee, 'une limite de débit')} ({debit_lisible(debit)})"
    else:
        limite = "une limite de débit"
    message = f"Trop de requêtes : {limite} est atteinte."
    if attente is not None:
        secondes = max(1, math.ceil(attente))
        message += f" Réessayez dans {secondes} seconde{'s' if secondes > 1 else ''}."
    return message
