"""Signing in and out of the applicant's space (portail/connexion.py), and the demo's mail outbox."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from commun.erreurs import ErreurMetier

from .. import acces, connexion, demo_courriels, demonstration
from ..forms import DemandeLienForm
from ..pages import rendre


@require_http_methods(["GET", "POST"])
def connexion_demander(request):
    """The sign-in page: the number and a date of birth; the same answer whether they match or not."""
    if request.method == "GET" and acces.demandeur(request) is not None:
        return redirect("portail:demande")
    form = DemandeLienForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            connexion.lien_demander(
                request, numero=form.cleaned_data["numero"], date_naissance=form.cleaned_data["date_naissance"]
            )
        except ErreurMetier as err:
            return rendre(request, "portail/connexion.html", _contexte(form, refus=err.message), status=429)
        return redirect("portail:lien_envoye")
    return rendre(request, "portail/connexion.html", _contexte(form))


def _contexte(form, **autres) -> dict:
    """The sign-in page's context: the form, the link's validity (minutes), the demo's applicants to try (none outside
    the demonstration)."""
    return {
        "form": form,
        "minutes": int(settings.CASA_PORTAIL_LIEN_MINUTES),
        "essais": demonstration.essais(timezone.localdate()),
        **autres,
    }


def lien_envoye(request):
    return rendre(
        request,
        "portail/lien_envoye.html",
        {"minutes": int(settings.CASA_PORTAIL_LIEN_MINUTES), "demonstration": settings.CASA_DEMONSTRATION},
    )


@require_http_methods(["GET", "POST"])
def entrer(request, jeton: str):
    """The link of the e-mail. GET only shows a button (a mail scanner opening links must not use them up); the POST
    uses the link once and opens the session."""
    try:
        if request.method == "GET":
            connexion.lien_lire(jeton)
            return rendre(request, "portail/entrer.html")
        lien = connexion.lien_utiliser(jeton)
    except connexion.LienInvalide as err:
        return rendre(request, "portail/lien_invalide.html", {"message": err.message}, status=410)
    acces.ouvrir(request, lien)
    return redirect("portail:demande")


@require_POST
def sortir(request):
    acces.fermer(request)
    messages.success(request, "Vous êtes déconnecté de votre espace.")
    return redirect("portail:connexion")


def courriels_de_demonstration(request):
    """The demo's mail outbox (the e-mails the demo sent, read from EMAIL_FILE_PATH): only in the local
    demonstration (CASA_DEMONSTRATION), so that anyone can try the space without a mailbox."""
    if not settings.CASA_DEMONSTRATION:
        raise Http404
    return rendre(request, "portail/courriels_demo.html", {"courriels": demo_courriels.derniers(30)})
