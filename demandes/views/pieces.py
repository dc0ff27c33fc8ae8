"""The qualification page (SIAD): interview following the guide, expected pieces and their upload, and the private
download of a piece. Pieces are never served by URL: this view streams them after checking the reader's scope."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from commun import format_fr
from commun.confirmation import Action, confirmee, confirmer
from commun.erreurs import ErreurMetier

from .. import services
from ..forms import EntretienForm, PieceForm
from ..qualification import GUIDE_ENTRETIEN
from ..rules import peut_qualifier
from ..selectors import demandes_modifiables, pieces_attendues, pieces_modifiables, pieces_visibles
from ..validation import ErreursValidation
from .outils import reporter


@login_required
def qualification(request: HttpRequest, pk: int) -> HttpResponse:
    """The interview and the pieces of a demand the user may change: expected ones (received or not), others."""
    demande = get_object_or_404(demandes_modifiables(request.user).select_related("guichet"), pk=pk)
    entretien_form = EntretienForm(initial={"date": timezone.localdate()})
    piece_form = PieceForm()
    if request.method == "POST" and not demande.lecture_seule:
        if "entretien" in request.POST:
            entretien_form = EntretienForm(request.POST)
            if entretien_form.is_valid():
                try:
                    services.entretien_enregistrer(par=request.user, demande=demande, **entretien_form.cleaned_data)
                except ErreursValidation as err:
                    reporter(entretien_form, err.erreurs)
                else:
                    messages.success(request, "Entretien enregistré.")
                    return redirect("demandes:qualification", pk=pk)
        else:
            piece_form = PieceForm(request.POST, request.FILES)
            if piece_form.is_valid():
                try:
                    services.piece_deposer(par=request.user, demande=demande, **piece_form.cleaned_data)
                except ErreursValidation as err:
                    reporter(piece_form, err.erreurs)
                else:
                    messages.success(request, "Pièce enregistrée.")
                    return redirect("demandes:qualification", pk=pk)
    recues = {}
    for p in demande.pieces.filter(retiree=False).select_related("deposee_par"):
        recues.setdefault(p.type, []).append(p)
    attendues = [(a, recues.get(a.type, [])) for a in pieces_attendues(demande=demande)]
    autres = [p for t, liste in recues.items() if t not in {a.type for a, _ in attendues} for p in liste]
    return render(
        request,
        "demandes/qualification.html",
        {
            "demande": demande,
            "attendues": attendues,
            "autres": autres,
            "complete": all(liste for _, liste in attendues),
            "entretiens": demande.entretiens.select_related("agent"),
            "guide": dict(GUIDE_ENTRETIEN),
            "entretien_form": entretien_form,
            "piece_form": piece_form,
            "peut_qualifier": peut_qualifier(request.user),
        },
    )


@login_required
def piece_telecharger(request: HttpRequest, pk: int, piece_pk: int) -> HttpResponse:
    """The piece's file, privately, to a reader of the demand (a sensitive one: to who may change it, logged)."""
    piece = get_object_or_404(pieces_visibles(request.user), demande_id=pk, pk=piece_pk)
    services.piece_consulter(par=request.user, piece=piece)
    if not piece.fichier:
        # Seen in original at the counter: no copy was kept (the pages show no link; an old or typed link ends here).
        return _sans_fichier(request, "Cette pièce a été vue en original au guichet : aucune copie n'a été jointe.")
    try:
        contenu = piece.fichier.open("rb")
    except FileNotFoundError:
        return _sans_fichier(
            request, "Le fichier de cette pièce est introuvable : demandez au guichet de la déposer à nouveau."
        )
    reponse = FileResponse(contenu, as_attachment=True, filename=piece.nom_original or "piece")
    reponse["Cache-Control"] = "private, no-store"
    return reponse


def _sans_fichier(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "erreurs/404.html", {"message": message}, status=404)


@login_required
@require_POST
def piece_retirer(request: HttpRequest, pk: int, piece_pk: int) -> HttpResponse:
    """Removes a piece from the file, after a confirmation."""
    piece = get_object_or_404(pieces_modifiables(request.user), pk=piece_pk, demande_id=pk)
    if not piece.retiree or confirmee(request):
        nom = f" ({piece.nom_original})" if piece.nom_original else ""
        reponse = confirmer(
            request,
            Action(
                titre=f"Retirer la pièce « {piece.get_type_display()} » de la demande n° {piece.demande} ?",
                effets=[
                    f"La pièce « {piece.get_type_display()} »{nom}, reçue le "
                    f"{format_fr.date(timezone.localdate(piece.deposee_le))}, sera retirée du dossier : elle ne "
                    "comptera plus parmi les pièces reçues et ne se téléchargera plus.",
                    "Si elle était attendue, la demande devra la recevoir de nouveau pour être qualifiée.",
                ],
                bouton="Confirmer le retrait",
                retour=reverse("demandes:qualification", args=[pk]),
                definitif="Une pièce retirée ne se remet pas : il faudra la déposer de nouveau.",
            ),
        )
        if reponse is not None:
            return reponse
    try:
        services.piece_retirer(par=request.user, piece=piece)
    except ErreurMetier as err:
        messages.error(request, err.message)
    else:
        messages.success(request, "Pièce retirée.")
    return redirect("demandes:qualification", pk=pk)
