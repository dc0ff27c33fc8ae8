"""What the pages of a demand share: a service's errors put next to the form's fields, the checks before reading a
form (404 outside the scope, 403 when the demand can be read but not changed), an action on the demand that comes
back to its page with the outcome, and the eligibility figures (or why they cannot be computed yet)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect

from commun.erreurs import ErreurMetier

from .. import reference, services
from ..rules import modifie_la_demande
from ..selectors import demandes_visibles


def reporter(form, erreurs: dict[str, list[str]], correspondance=None) -> None:
    """Puts the service's errors next to the form's fields (or at the top when the field is not on the form)."""
    for champ, liste in erreurs.items():
        cible = (correspondance or {}).get(champ, champ)
        for message in liste:
            form.add_error(cible if cible in form.fields else None, message)


def exiger_modifiable(request, pk) -> None:
    """Before reading a form: a demand outside the user's scope is a 404, one it may read but not change a 403 (the
    form's errors never tell a stranger anything)."""
    demande = get_object_or_404(demandes_visibles(request.user), pk=pk)
    if not modifie_la_demande(request.user, demande):
        raise PermissionDenied("Vous pouvez lire cette demande, pas la modifier.")


def action(request, pk, fonction, succes: str | None):
    """Runs a service on a visible demand and comes back to its page with the outcome (`succes` None: the function
    writes its own message)."""
    demande = get_object_or_404(demandes_visibles(request.user), pk=pk)
    try:
        fonction(demande)
    except ErreurMetier as err:
        messages.error(request, err.message)
    else:
        if succes:
            messages.success(request, succes)
    return redirect("demandes:detail", pk=pk)


def eligibilite(demande) -> dict:
    """The eligibility figures for the page, or the French reason why they cannot be computed yet."""
    try:
        return {"eligibilite": services.eligibilite_evaluer(demande=demande)}
    except (ValueError, reference.RegleManquante) as err:
        return {"eligibilite": None, "eligibilite_erreur": str(err)}
