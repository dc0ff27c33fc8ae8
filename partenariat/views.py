"""The page of a demand's thread of notes (docs/partenaires.md « Notes partagées sur une demande »): read by whoever
reaches the thread (selectors.demandes_du_fil, else 404: landlords and réservataires have no demand page, this is
theirs), a note added or corrected by POST (rules.peut_ecrire_une_note, services.note_ajouter)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from commun.erreurs import ErreurMetier
from demandes.selectors import demandes_visibles
from demandes.validation import ErreursValidation

from . import services
from .fil import fil_de
from .forms import AUTO_ID, NoteForm
from .rules import peut_ecrire_une_note
from .selectors import demandes_du_fil, lit_le_sensible, notes_visibles

ANCRE = "#notes-partagees"


SENSIBLE_REFUSE = (
    "Seuls ceux qui lisent les pièces confidentielles de la demande écrivent une note sensible : la note n'est pas "
    "enregistrée."
)


@login_required
@require_http_methods(["GET", "POST"])
def fil(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the thread. POST: a note (`corrige`: the one it corrects), then back to where it was written (`retour`
    « fiche »: the demand's page), or the form again with its errors (200)."""
    demande = get_object_or_404(demandes_du_fil(request.user).select_related("guichet"), pk=pk)
    form = None
    if request.method == "POST":
        if not peut_ecrire_une_note(request.user, demande):
            raise PermissionDenied("Vous pouvez lire ce fil, pas y écrire.")
        avec_sensible = lit_le_sensible(request.user, demande)
        form = NoteForm(request.POST, avec_sensible=avec_sensible, auto_id=AUTO_ID)
        if not avec_sensible and request.POST.get("sensible"):  # a box not offered, sent all the same: said, not lost
            form.add_error(None, SENSIBLE_REFUSE)
        if form.is_valid() and _ajouter(request, demande, form):
            messages.success(request, "Note ajoutée au fil de la demande.")
            if request.POST.get("retour") == "fiche":
                return redirect(reverse("demandes:detail", args=[demande.pk]) + ANCRE)
            return redirect(reverse("partenariat:fil", args=[demande.pk]) + ANCRE)
    return render(
        request,
        "partenariat/fil.html",
        {
            "demande": demande,
            "voit_la_fiche": demandes_visibles(request.user).filter(pk=demande.pk).exists(),
            **fil_de(request.user, demande, form=form),
        },
    )


def _ajouter(request: HttpRequest, demande, form: NoteForm) -> bool:
    """The note of a valid form through the service; its refusals go on the form. True when written."""
    donnees = form.cleaned_data
    corrige = None
    if donnees.get("corrige"):
        corrige = notes_visibles(request.user, demande).filter(pk=donnees["corrige"]).first()
        if corrige is None:
            raise Http404("Cette note n'est pas sur le fil de cette demande.")
    try:
        services.note_ajouter(
            par=request.user,
            demande=demande,
            texte=donnees["texte"],
            visibilite=donnees["visibilite"],
            sensible=donnees.get("sensible", False),
            corrige=corrige,
        )
    except ErreursValidation as err:
        for champ, liste in err.erreurs.items():
            for message in liste:
                form.add_error(champ if champ in form.fields else None, message)
        return False
    except ErreurMetier as err:
        form.add_error(None, err.message)
        return False
    except PermissionDenied as err:  # a note of another organisation to correct (a form sent by hand): said there
        form.add_error(None, str(err) or "Action non permise.")
        return False
    return True
