"""Login throttling around django-axes: the client's address behind our proxy, and the French page of a locked
login (HTTP 429). Nothing personal is logged: neither the identifier typed nor the address."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

journal = logging.getLogger(__name__)


def adresse_du_client(request: HttpRequest) -> str | None:
    """The client's IP address. Behind ``CASA_PROXIES_DE_CONFIANCE`` reverse proxies (0 on a bare server, 1 behind
    the production proxy), the address the nearest trusted proxy appended to X-Forwarded-For; otherwise REMOTE_ADDR.
    Never the left-most entry, which the client writes itself."""
    proxies = settings.CASA_PROXIES_DE_CONFIANCE
    if proxies:
        adresses = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(adresses) >= proxies:
            return adresses[-proxies]
    return request.META.get("REMOTE_ADDR")


def identifiant_tente(request: HttpRequest, credentials: dict | None) -> str:
    """AXES_USERNAME_CALLABLE: the identifier typed, cut to the length of an identifier (150): a 300-character one
    must be refused like any wrong one, not overflow django-axes' table (a 500)."""
    valeur = (credentials or {}).get("username")
    if valeur is None and request is not None:
        valeur = request.POST.get("username", "")
    return str(valeur or "")[:150]


def connexion_bloquee(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the page shown (429) once an identifier or an address has failed too often."""
    journal.warning("connexion bloquée après %s échecs (identifiant ou adresse)", settings.AXES_FAILURE_LIMIT)
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/connexion_bloquee.html", {"minutes": minutes}, status=429)
