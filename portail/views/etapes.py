"""« Les étapes »: the dated timeline of the holder's demand (L441-2-6 CCH), worded by portail/etapes.py."""

from __future__ import annotations

from django.utils import timezone

from .. import etapes as frise
from .. import presentation
from ..acces import demandeur_requis
from ..pages import rendre


@demandeur_requis
def etapes(request):
    """The steps of the signed-in holder's demand, the newest first, under its status in words."""
    d = request.demandeur.demande
    return rendre(
        request,
        "portail/etapes.html",
        {
            "d": d,
            "statut": presentation.statut(d, timezone.localdate(), presentation.positionnement_en_cours(d)),
            "etapes": frise.etapes(d),
        },
    )
