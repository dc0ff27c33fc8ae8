"""What every page of the applicant's space shares: its layout's context (the product, the territory, the sections
of the signed-in holder's menu) and the rendering."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

# The menu of the signed-in holder: (URL name, label). A section whose page is not installed is left out.
SECTIONS = [
    ("portail:demande", "Ma demande"),
    ("portail:etapes", "Les étapes"),
    ("portail:cotation", "Ma cotation"),
    ("portail:delais", "Délais d'attente"),
]
# The public pages, linked at the foot of every page (no sign-in needed).
PUBLIQUES = [
    ("portail:delais_publics", "Délais d'attente sur le territoire"),
    ("portail:grille", "La grille de cotation"),
]


def _existe(nom: str) -> bool:
    try:
        reverse(nom)
    except NoReverseMatch:
        return False
    return True


def rendre(request, modele: str, contexte: dict | None = None, *, status: int = 200):
    """Renders a page of the space with its layout's context (``demandeur``: the signed-in holder or None)."""
    return render(
        request,
        modele,
        {
            "produit": settings.CASA_NOM_PRODUIT,
            "territoire": settings.CASA_NOM_TERRITOIRE,
            "demandeur": getattr(request, "demandeur", None),
            "sections": [(nom, libelle) for nom, libelle in SECTIONS if _existe(nom)],
            "publiques": [(nom, libelle) for nom, libelle in PUBLIQUES if _existe(nom)],
            **(contexte or {}),
        },
        status=status,
    )
