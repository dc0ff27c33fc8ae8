"""« Envoyer une pièce » from « Ma demande »: the holder sends a missing piece to his counter, which validates it
(demandes.services.piece_envoyer: the counter's own checks). The form is on « Ma demande » (template tag
`pieces_envoi`, portail/templates/portail/_pieces_envoi.html); this page shows it again with its errors, or alone."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from commun.erreurs import ErreurMetier
from demandes import services
from demandes.validation import ErreursValidation

from ..acces import demandeur_requis
from ..envois import PieceEnvoiForm, fermeture, pieces_envoyees
from ..pages import rendre


def erreurs_reporter(form, err: ErreurMetier) -> None:
    """A service's refusal put next to the form's field it names (at the top otherwise)."""
    erreurs = err.erreurs if isinstance(err, ErreursValidation) else {None: [err.message]}
    for champ, liste in erreurs.items():
        for message in liste:
            form.add_error(champ if champ in form.fields else None, message)


@demandeur_requis
@require_http_methods(["GET", "POST"])
def piece_envoyer(request):
    """GET: the form and the pieces sent. POST (multipart): the piece is sent to the counter, back to « Ma demande »;
    a refusal (format, size, empty, a confidential piece from the co-applicant, too many waiting) is said next to
    its field, nothing kept. A demand that no longer takes pieces (struck off): GET and POST both answer the page
    saying why, without the form; the service is not called, nothing is written."""
    qui = request.demandeur
    if ferme := fermeture(qui.demande):
        return rendre(request, "portail/pieces_envoyer.html", {"ferme": ferme, "envois": pieces_envoyees(qui)})
    form = PieceEnvoiForm(request.POST or None, request.FILES or None, demandeur=qui)
    if request.method == "POST" and form.is_valid():
        try:
            envoi = services.piece_envoyer(
                demande=qui.demande,
                personne=qui.personne,
                type=form.cleaned_data["type"],
                fichier=form.cleaned_data["fichier"],
            )
        except ErreurMetier as err:
            erreurs_reporter(form, err)
        else:
            messages.success(
                request,
                f"Pièce envoyée : « {envoi.get_type_display()} ». Votre guichet va la vérifier ; vous verrez ici "
                "quand il l'aura acceptée.",
            )
            return redirect(reverse("portail:demande") + "#titre-pieces-envoyees")
    return rendre(request, "portail/pieces_envoyer.html", {"envoi_form": form, "envois": pieces_envoyees(qui)})
