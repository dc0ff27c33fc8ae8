"""Renewing one's demand online and downloading its attestation (R441-2-7, R441-2-4 CCH): the page
`portail:renouveler` (what the renewal would do, the confirmation that the data are still right, the button) and the
attestation d'enregistrement as a PDF, `portail:attestation`, the counter's own document. Both read the signed-in
holder's demand only (request.demandeur): no identifier in their URLs."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from commun.erreurs import ErreurMetier
from commun.format_fr import date as date_fr
from demandes import attestation as attestations
from demandes import retention
from demandes.codes import EtatDemande, Typologie

from .. import renouvellement
from ..acces import demandeur_requis
from ..pages import rendre


class ConfirmationForm(forms.Form):
    """R441-2-7 CCH: renewing is updating the demand; the holder says its data are still right."""

    a_jour = forms.BooleanField(
        label="Je confirme que les informations de ma demande sont à jour",
        error_messages={
            "required": "Cochez la case pour confirmer que les informations de votre demande sont à jour ; sinon, "
            "signalez d'abord ce qui a changé."
        },
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    # the due date the page was read with: a second click finds it moved (renouvellement.renouveler)
    echeance = forms.DateField(widget=forms.HiddenInput, required=False)


def _url_signaler() -> str:
    """The « signaler une erreur » page of the space, "" while it is not installed."""
    try:
        return reverse("portail:signaler")
    except NoReverseMatch:
        return ""


def _donnees(demande) -> dict:
    """The main data of the demand, to be confirmed before renewing (the whole of it is on « Ma demande »)."""
    personnes = list(demande.personnes.prefetch_related("ressources").order_by("ordre", "pk"))
    libelles = dict(Typologie.choices)
    return {
        "personnes": personnes,
        "ressources_mensuelles": sum(r.montant_mensuel for p in personnes for r in p.ressources.all()),
        "communes": [s.commune.nom for s in demande.souhaits_communes.select_related("commune").order_by("rang")],
        "typologies": [libelles.get(t, t) for t in demande.typologies],
    }


def _page(request, form: ConfirmationForm | None = None, *, status: int = 200):
    demande = request.demandeur.demande
    situation = renouvellement.situation(demande)
    if form is None:
        form = ConfirmationForm(initial={"echeance": situation.echeance})
    contexte = {
        "d": demande,
        "situation": situation,
        "form": form,
        "url_signaler": _url_signaler(),
        "attestation": renouvellement.attestation_disponible(demande),
        **(_donnees(demande) if situation.possible else {}),
    }
    return rendre(request, "portail/renouveler.html", contexte, status=status)


@require_http_methods(["GET", "POST"])
@never_cache
@demandeur_requis
def renouveler(request):
    """GET: whether the demand can be renewed today and, when it can, the confirmation form. POST: renews it (the
    counter's rules, demandes.services.demande_renouveler by the holder), once: a second click is told it is done."""
    if request.method == "GET":
        return _page(request)
    form = ConfirmationForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        demande = renouvellement.renouveler(request.demandeur.demande.pk, form.cleaned_data["echeance"])
    except renouvellement.DejaRenouvelee as deja:
        messages.info(
            request,
            f"Votre demande a déjà été renouvelée aujourd'hui : elle est valable jusqu'au "
            f"{date_fr(deja.demande.date_echeance)}.",
        )
        return redirect("portail:renouveler")
    except ErreurMetier as err:
        # the page says why in words for the holder; the service's own sentence is written for the counter
        situation = renouvellement.situation(request.demandeur.demande)
        messages.error(request, situation.message if not situation.possible else err.message)
        return redirect("portail:renouveler")
    messages.success(
        request,
        f"Votre demande est renouvelée : elle est valable jusqu'au {date_fr(demande.date_echeance)}. Votre "
        "attestation à jour est à télécharger ci-dessous.",
    )
    return redirect("portail:renouveler")


@never_cache
@demandeur_requis
def attestation(request):
    """The attestation d'enregistrement (R441-2-4 CCH) of the holder's demand as a PDF, the counter's document
    (demandes.attestation): its last renewal and its validity. A draft has none, nor an erased demand: 404."""
    demande = request.demandeur.demande
    if demande.etat == EtatDemande.BROUILLON:
        return _introuvable(request, "Une demande en brouillon n'a pas encore d'attestation d'enregistrement.")
    if retention.effacement_de(demande) is not None:
        return _introuvable(request, "Les données de cette demande ont été effacées : elle n'a plus d'attestation.")
    reponse = HttpResponse(attestations.attestation_pdf(demande, jour=timezone.localdate()), "application/pdf")
    reponse["Content-Disposition"] = f'inline; filename="attestation_{demande.reference}.pdf"'
    return reponse


def _introuvable(request, message: str):
    return rendre(request, "portail/introuvable.html", {"message": message}, status=404)
