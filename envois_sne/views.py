"""The outbox's pages, for CASA's administrators (403 for anyone else, docs/roles.md): `/sne/envois/` lists the events
by state and kind with their counts, the daily files and the acknowledgements read, and takes the upload of an
acknowledgement; an event's page shows what it says and its history; « corriger et renvoyer » puts a rejected event
back to send; a daily file downloads as sent."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from commun.erreurs import ErreurMetier
from commun.lecture_seule import lecture_seule

from . import conservation, services, xml_envoi
from .codes import EtatEvenementSNE
from .forms import FiltreEnvoisForm, RetourForm
from .presentation import contenu_lisible
from .rules import administre_les_envois_sne
from .selectors import compteurs, evenements_de_la_liste, evenements_visibles, fichiers_visibles, retours_visibles


def _exiger(request: HttpRequest) -> None:
    if not administre_les_envois_sne(request.user):
        raise PermissionDenied("Les envois au SNE sont réservés aux administrateurs de la CASA.")


def _lire_retour(request: HttpRequest, form: RetourForm) -> bool:
    """The uploaded acknowledgement read (services.retour_lire); False with the reason on the form."""
    if not form.is_valid():
        return False
    fichier = form.cleaned_data["fichier"]
    try:
        fiche = services.retour_lire(par=request.user, nom=fichier.name, contenu=fichier.read())
    except ErreurMetier as err:
        form.add_error("fichier", err.message)
        return False
    messages.success(request, services.resume_retour(fiche))
    return True


@login_required
@lecture_seule
def envois(request: HttpRequest) -> HttpResponse:
    """The outbox; POST: the upload of the SNE's acknowledgement."""
    _exiger(request)
    form = RetourForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and _lire_retour(request, form):
        return redirect("envois_sne:envois")
    filtre = FiltreEnvoisForm(request.GET)
    valeurs = filtre.valeurs()
    lignes = evenements_de_la_liste(request.user, **valeurs)
    requete = {k: v for k, v in (("etat", valeurs["etat"]), ("type", valeurs["type_evenement"])) if v}
    if valeurs["en_attente"]:
        requete["attente"] = "on"
    return render(
        request,
        "envois_sne/envois.html",
        {
            "form": form,
            "filtre": filtre,
            "page": Paginator(lignes, 50).get_page(request.GET.get("page")),
            "requete": urlencode(requete),
            "compteurs": compteurs(request.user),
            "etats": EtatEvenementSNE,
            "fichiers": fichiers_visibles(request.user).only(
                "pk", "nom", "jour", "nombre_evenements", "destination", "cree_le"
            )[:20],
            "retours": retours_visibles(request.user).defer("contenu")[:10],
        },
    )


@login_required
@lecture_seule
def evenement(request: HttpRequest, pk: int) -> HttpResponse:
    """An event: what it says, written for a person (presentation.contenu_lisible) and as its XML document as the next
    file would carry it; why it waits or was rejected; its history."""
    _exiger(request)
    e = get_object_or_404(evenements_visibles(request.user), pk=pk)
    document = xml_envoi.document(
        identifiant=e.numero, type_evenement=e.type, contenu=e.contenu, jour=timezone.localdate()
    ).decode()
    return render(
        request,
        "envois_sne/evenement.html",
        {
            "evenement": e,
            "contenu": contenu_lisible(e.contenu),
            "document": document,
            "transitions": e.transitions.select_related("par", "fichier", "retour"),
        },
    )


@login_required
@require_POST
def renvoyer(request: HttpRequest, pk: int) -> HttpResponse:
    """« Corriger et renvoyer » a rejected event (services.renvoyer)."""
    _exiger(request)
    e = get_object_or_404(evenements_visibles(request.user), pk=pk)
    try:
        e = services.renvoyer(par=request.user, evenement=e)
    except ErreurMetier as err:
        messages.error(request, err.message)
    else:
        suite = f" Il attend encore : {e.attente}" if e.attente else " Il partira dans le prochain fichier du jour."
        messages.success(request, f"L'événement {e.numero} est reconstruit et de nouveau à envoyer.{suite}")
    return redirect("envois_sne:evenement", pk=pk)


@login_required
@lecture_seule
def fichier(request: HttpRequest, pk: int) -> HttpResponse:
    """A daily file as it was handed to the transport (ZIP); once blanked (envois_sne/conservation.py), the outbox
    with the reason."""
    _exiger(request)
    f = get_object_or_404(fichiers_visibles(request.user), pk=pk)
    if conservation.fichier_efface(f):
        messages.warning(request, conservation.message_fichier_efface(f))
        return redirect("envois_sne:envois")
    reponse = HttpResponse(bytes(f.contenu), content_type="application/zip")
    reponse["Content-Disposition"] = f'attachment; filename="{f.nom}"'
    return reponse
