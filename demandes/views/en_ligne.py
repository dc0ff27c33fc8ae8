"""The counter's side of what applicants send from their space (portail/): the list of the pieces sent online to
validate and of the errors reported (the home's two tasks open it), the opening of a piece sent online (as a piece
of the file: scope checked, sensitive ones logged), its acceptance or refusal, and the answer to a reported error.
The demand's page shows the same items for that demand (`contexte_de_la_fiche`, template demandes/_en_ligne.html).
Who may act: who may change the demand (demandes.selectors.demandes_modifiables): 404 outside it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from commun.erreurs import ErreurMetier
from territoire.models_acces import NatureLecture
from territoire.services_acces import lecture_noter

from .. import services
from ..codes import EtatPieceEnLigne, Lien
from ..forms import RefusPieceEnLigneForm, TraitementSignalementForm
from ..models import Demande, Personne, PieceEnLigne, Signalement
from ..rules import lit_les_demandes
from ..selectors import (
    demandes_modifiables,
    pieces_en_ligne_a_valider,
    pieces_en_ligne_visibles,
    signalements_ouverts,
)
from ..validation import ErreursValidation

PAR_PAGE = 50
VUES = {"pieces": "Pièces envoyées en ligne à valider", "signalements": "Erreurs signalées par les demandeurs"}


def contexte_de_la_fiche(demande: Demande) -> dict:
    """What the demand's page shows to who may change it: its pieces sent online waiting, its open reports, and the
    forms to refuse one or answer one."""
    return {
        "envois_a_valider": list(
            demande.pieces_en_ligne.filter(etat=EtatPieceEnLigne.A_VALIDER).select_related("envoyee_par")
        ),
        "signalements_ouverts": list(demande.signalements.filter(traite_le__isnull=True).select_related("auteur")),
        "refus_form": RefusPieceEnLigneForm(),
        "traitement_form": TraitementSignalementForm(),
    }


@login_required
def a_traiter(request: HttpRequest) -> HttpResponse:
    """GET ?vue=pieces (default) or ?vue=signalements: the items waiting for the user's counter, oldest first, 50 a
    page, each with who sent it and when (a piece with its type and its file's name and size, so that several pieces
    of one demand are told apart). A role that reads no demand gets 403; the others see what they may act on (empty
    for who may change none)."""
    if not lit_les_demandes(request.user):
        raise PermissionDenied("Votre rôle ne donne pas accès aux demandes.")
    vue = request.GET.get("vue") if request.GET.get("vue") in VUES else "pieces"
    listes = {
        "pieces": pieces_en_ligne_a_valider(request.user).order_by("envoyee_le", "pk"),
        "signalements": signalements_ouverts(request.user).order_by("cree_le", "pk"),
    }
    demandeur = Personne.objects.filter(demande=OuterRef("demande_id"), lien=Lien.DEMANDEUR)
    qs = (
        listes[vue]
        .select_related("demande", "envoyee_par" if vue == "pieces" else "auteur")  # who sent it, in the same query
        .annotate(
            demandeur_nom=Subquery(demandeur.values("nom")[:1]),
            demandeur_prenom=Subquery(demandeur.values("prenom")[:1]),
        )
    )
    page = Paginator(qs, PAR_PAGE).get_page(request.GET.get("page"))
    if page.object_list:  # households were shown: a sensitive read (how many, never which)
        lecture_noter(par=request.user, nature=NatureLecture.LISTE_DEMANDES, nombre=len(page.object_list))
    return render(
        request,
        "demandes/en_ligne.html",
        {
            "vue": vue,
            "onglets": [
                (cle, libelle, page.paginator.count if cle == vue else listes[cle].count())
                for cle, libelle in VUES.items()
            ],
            "page": page,
        },
    )


@login_required
def piece_en_ligne(request: HttpRequest, pk: int, envoi_pk: int) -> HttpResponse:
    """The file of a piece sent online and not handled yet, privately, to a reader of the demand (a sensitive one:
    to who may change it, logged), never cached."""
    envoi = get_object_or_404(pieces_en_ligne_visibles(request.user).exclude(fichier=""), demande_id=pk, pk=envoi_pk)
    services.piece_en_ligne_consulter(par=request.user, envoi=envoi)
    try:
        contenu = envoi.fichier.open("rb")
    except FileNotFoundError:
        return render(
            request,
            "erreurs/404.html",
            {"message": "Le fichier de cette pièce est introuvable : refusez-la en demandant de l'envoyer à nouveau."},
            status=404,
        )
    reponse = FileResponse(contenu, as_attachment=True, filename=envoi.nom_original or "piece")
    reponse["Cache-Control"] = "private, no-store"
    return reponse


def _envoi_modifiable(request: HttpRequest, pk: int, envoi_pk: int) -> PieceEnLigne:
    return get_object_or_404(
        PieceEnLigne.objects.filter(demande__in=demandes_modifiables(request.user).values("pk")).select_related(
            "demande"
        ),
        demande_id=pk,
        pk=envoi_pk,
    )


@login_required
@require_POST
def piece_en_ligne_accepter(request: HttpRequest, pk: int, envoi_pk: int) -> HttpResponse:
    """The piece sent online becomes a piece of the file."""
    envoi = _envoi_modifiable(request, pk, envoi_pk)
    try:
        piece = services.piece_en_ligne_accepter(par=request.user, envoi=envoi)
    except ErreurMetier as err:
        messages.error(request, err.message)
    else:
        messages.success(request, f"Pièce acceptée : « {piece.get_type_display()} » compte parmi les pièces reçues.")
    return redirect("demandes:detail", pk=pk)


@login_required
@require_POST
def piece_en_ligne_refuser(request: HttpRequest, pk: int, envoi_pk: int) -> HttpResponse:
    """The piece sent online is refused with the reason the applicant reads; its file is deleted."""
    envoi = _envoi_modifiable(request, pk, envoi_pk)
    form = RefusPieceEnLigneForm(request.POST)
    try:
        if not form.is_valid():
            raise ErreursValidation({k: list(v) for k, v in form.errors.items()})
        services.piece_en_ligne_refuser(par=request.user, envoi=envoi, motif=form.cleaned_data["motif"])
    except ErreurMetier as err:
        messages.error(request, f"La pièce n'a pas été refusée : {_message(err)}")
    else:
        messages.success(request, "Pièce refusée : le demandeur lit le motif dans son espace.")
    return redirect("demandes:detail", pk=pk)


@login_required
@require_POST
def signalement_traiter(request: HttpRequest, pk: int, signalement_pk: int) -> HttpResponse:
    """The reported error is marked handled, with the answer the applicant reads."""
    signalement = get_object_or_404(
        Signalement.objects.filter(demande__in=demandes_modifiables(request.user).values("pk")).select_related(
            "demande"
        ),
        demande_id=pk,
        pk=signalement_pk,
    )
    form = TraitementSignalementForm(request.POST)
    try:
        if not form.is_valid():
            raise ErreursValidation({k: list(v) for k, v in form.errors.items()})
        services.signalement_traiter(par=request.user, signalement=signalement, reponse=form.cleaned_data["reponse"])
    except ErreurMetier as err:
        messages.error(request, f"Le signalement n'a pas été marqué traité : {_message(err)}")
    else:
        messages.success(request, "Signalement traité : le demandeur lit votre réponse dans son espace.")
    return redirect("demandes:detail", pk=pk)


def _message(err: ErreurMetier) -> str:
    if isinstance(err, ErreursValidation):
        return " ".join(m for liste in err.erreurs.values() for m in liste)
    return err.message
