"""The header's search box: a demand by its number or its holders' name, within the reader's scope."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from territoire.models_acces import NatureLecture
from territoire.services_acces import lecture_noter

from .codes import Lien
from .models import Personne
from .selectors import demandes_trouvees, lit_les_demandes

LIMITE = 50


@login_required
def recherche(request: HttpRequest) -> HttpResponse:
    """GET ?q=: one number found → its page; otherwise the demands found (at most 50, every state), with their
    applicant. A role that reads no demand gets 403."""
    if not lit_les_demandes(request.user):
        raise PermissionDenied("Votre rôle ne donne pas accès aux demandes.")
    texte = (request.GET.get("q") or "").strip()[:100]
    trouvees, nature = demandes_trouvees(request.user, texte, LIMITE + 1) if texte else ([], "")
    trouvees = list(trouvees)
    if nature == "numero" and len(trouvees) == 1 and trouvees[0].numero == "".join(texte.split()).upper():
        return redirect("demandes:detail", trouvees[0].pk)
    trop = len(trouvees) > LIMITE
    trouvees = trouvees[:LIMITE]
    demandeurs = {
        p.demande_id: p
        for p in Personne.objects.filter(demande__in=[d.pk for d in trouvees], lien=Lien.DEMANDEUR).only(
            "demande_id", "nom", "prenom"
        )
    }
    for d in trouvees:
        d.demandeur = demandeurs.get(d.pk)
    if trouvees:  # households were shown: a sensitive read (how many, never the text searched)
        lecture_noter(par=request.user, nature=NatureLecture.LISTE_DEMANDES, nombre=len(trouvees))
    message = ""
    if texte and not nature:
        message = "Cherchez un nom (des lettres) ou un numéro de demande (des chiffres)."
    return render(
        request,
        "demandes/recherche.html",
        {"texte": texte, "trouvees": trouvees, "trop": trop, "nature": nature, "message": message, "limite": LIMITE},
    )
