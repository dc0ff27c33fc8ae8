"""The audit journal's page (/journal/): CASA's administrators only (journal.voir_journal, journal/rules.py;
docs/roles.md). Its filters are journal/forms.py, its reads journal/evenements.py and journal/selectors.py."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from commun import saisie
from commun.lecture_seule import lecture_seule

from .evenements import Journal
from .forms import FiltresJournalForm
from .modeles_suivis import modeles_suivis
from .selectors import auteurs

PAR_PAGE = 50


@login_required
@lecture_seule
def journal(request: HttpRequest) -> HttpResponse:
    """Every change of an audited row, most recent first, 50 a page: when, who (and the API key), what kind, which
    object (linked when the reader may open it), which fields changed, before → after, in words."""
    if not request.user.has_perm("journal.voir_journal"):
        raise PermissionDenied
    personnes = auteurs(request.user)
    formulaire = FiltresJournalForm(request.GET, personnes=personnes)
    page = Paginator(Journal(request.user, formulaire.filtres()), PAR_PAGE).get_page(
        saisie.entier(request.GET.get("page"), minimum=1, defaut=1)
    )
    parametres = request.GET.copy()
    parametres.pop("page", None)
    return render(
        request,
        "journal/journal.html",
        {
            "page": page,
            "erreurs": formulaire.erreurs(),
            "valeurs": formulaire.valeurs(),
            "personnes": personnes,
            "modeles": sorted(modeles_suivis(), key=lambda m: m.nom),
            "actions": [("creation", "Création"), ("modification", "Modification"), ("suppression", "Suppression")],
            "parametres": parametres.urlencode(),
        },
    )
