"""« Signaler une erreur »: the holder says what is wrong in his demand as registered; his counter checks it with his
papers, corrects the demand if need be and answers him here (demandes.services.erreur_signaler). The data change only
at the counter: a modification must come from the applicant's own papers."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from commun.erreurs import ErreurMetier
from demandes import services

from ..acces import demandeur_requis
from ..envois import SignalementForm, fermeture, signalements, signalements_au_maximum
from ..pages import rendre
from .pieces import erreurs_reporter


@demandeur_requis
@require_http_methods(["GET", "POST"])
def signaler(request):
    """GET: the form and the holder's reports with the counter's answers. POST: the report is sent, back here. A
    demand that no longer takes reports (struck off): GET and POST both answer the page saying why, without the form,
    with the holder's reports still to read; nothing written. So does a holder with as many reports open as the
    service takes (the form would be refused)."""
    qui = request.demandeur
    if ferme := fermeture(qui.demande):
        return rendre(request, "portail/signaler.html", {"ferme": ferme, "signalements": signalements(qui)})
    if au_maximum := signalements_au_maximum(qui):  # no form to fill in vain: GET and POST say why, nothing written
        return rendre(request, "portail/signaler.html", {"au_maximum": au_maximum, "signalements": signalements(qui)})
    form = SignalementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.erreur_signaler(demande=qui.demande, personne=qui.personne, **form.cleaned_data)
        except ErreurMetier as err:
            erreurs_reporter(form, err)
        else:
            messages.success(
                request,
                "Votre signalement est envoyé : votre guichet va vérifier vos données avec vos justificatifs, les "
                "corriger s'il y a lieu, et vous répondre ici.",
            )
            return redirect("portail:signaler")
    return rendre(request, "portail/signaler.html", {"form": form, "signalements": signalements(qui)})
