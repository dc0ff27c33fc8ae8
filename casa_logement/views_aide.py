"""The help pages: the glossary (public: it holds no personal data, and a person on the login page may need it), the
help of the roles one holds in the current organisation, and each role's guide (casa_logement/aide/)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from territoire.contexte import contexte_de

from . import aide


def glossaire(request: HttpRequest) -> HttpResponse:
    """Every term, alphabetical, each with its anchor (/aide/glossaire/#dalo); open without an account."""
    return render(request, "aide/glossaire.html", {"termes": aide.GLOSSAIRE, "lettres": aide.lettres()})


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """« Aide »: the guides of the roles held in the current organisation first, then links to the others."""
    roles = contexte_de(request.user).roles
    miens = [g for g in aide.GUIDES if g.role in roles]
    autres = [g for g in aide.GUIDES if g.role not in roles]
    return render(request, "aide/index.html", {"guides": miens, "autres": autres, "termes": aide.TERMES})


@login_required
def role(request: HttpRequest, role: str) -> HttpResponse:
    """One role's guide, readable by every signed-in person (a colleague's job is no secret); 404 for an unknown
    role."""
    guide = aide.GUIDES_PAR_SLUG.get(role)
    if guide is None:
        raise Http404("Ce rôle n'existe pas.")
    autres = [g for g in aide.GUIDES if g is not guide]
    return render(request, "aide/role.html", {"guide": guide, "autres": autres, "termes": aide.TERMES})
