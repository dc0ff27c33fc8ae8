"""Pages for steering the parc: gestion en flux (objectives and consumption of each réservataire with each landlord)
and the résidence watch (occupation and attribution indicators, fragile résidences, commune figures)."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from commun.erreurs import ErreurMetier

from . import flux as flux_service
from . import observatoire as obs
from .forms import FluxFiltreForm, ObjectifForm, ObservatoireFiltreForm
from .rules import fixe_les_objectifs
from .selectors import communes_du_parc, perimetre_flux, residences_visibles


@login_required
def flux(request: HttpRequest) -> HttpResponse:
    annee = FluxFiltreForm(request.GET).annee_choisie()
    bailleurs, reservataire = perimetre_flux(request.user)
    modifiables = bailleurs.filter(
        pk__in=[b.pk for b in bailleurs if fixe_les_objectifs(request.user, b)] if reservataire is None else []
    )
    form = ObjectifForm(request.POST or None, bailleurs=modifiables)
    if request.method == "POST":
        if not modifiables.exists():
            raise PermissionDenied("Seuls la CASA et les bailleurs fixent les objectifs de flux.")
        if form.is_valid():
            try:
                flux_service.objectif_fixer(par=request.user, annee=annee, **form.cleaned_data)
            except ErreurMetier as err:
                form.add_error(err.champ if err.champ in form.fields else None, err.message)
            else:
                messages.success(request, "Objectif enregistré.")
                return redirect(f"{request.path}?annee={annee}")
    lignes = flux_service.bilan(annee, bailleurs=bailleurs, reservataire=reservataire)
    par_bailleur: dict = {}
    for ligne in lignes:
        par_bailleur.setdefault(ligne.bailleur, []).append(ligne)
    return render(
        request,
        "programmation/flux.html",
        {
            "annee": annee,
            "annees": range(2024, timezone.localdate().year + 2),
            "par_bailleur": par_bailleur,
            "synthese": flux_service.synthese(lignes) if len(par_bailleur) > 1 else [],
            "reservataire": reservataire,
            "form": form if modifiables.exists() else None,
        },
    )


@login_required
def observatoire(request: HttpRequest) -> HttpResponse:
    jour = timezone.localdate()
    residences = residences_visibles(request.user)
    communes = communes_du_parc(request.user)
    commune, seulement = ObservatoireFiltreForm(request.GET, communes=communes).choix()
    if commune:
        residences = residences.filter(commune=commune)
    toutes = []
    par_residence = obs.indicateurs(residences, groupe="residence", jour=jour)
    for r in residences.order_by("commune__nom", "nom"):
        ind = par_residence.get(r.pk) or obs.Indicateurs(cle=r.pk)
        ind.objet = r
        toutes.append(ind)
    fragiles = Counter(ind.objet.commune_id for ind in toutes if ind.fragile)
    filtres = {"fragiles": lambda ind: ind.fragile, "signalees": lambda ind: bool(ind.signaux)}
    lignes = [ind for ind in toutes if filtres.get(seulement, lambda _: True)(ind)]
    par_commune = obs.indicateurs(residences, groupe="commune", jour=jour)
    communes_lignes = []
    for c in [commune] if commune else communes:
        ind = par_commune.get(c.pk) or obs.Indicateurs(cle=c.pk)
        ind.objet = c
        ind.residences_fragiles = fragiles[c.pk]
        communes_lignes.append(ind)
    return render(
        request,
        "programmation/observatoire.html",
        {
            "lignes": lignes,
            "communes_lignes": communes_lignes,
            "total": obs.indicateurs(residences, groupe="territoire", jour=jour)[None],
            "communes": communes,
            "commune": commune,
            "seulement": seulement,
            "seuils": obs.seuils(),
            "jour": jour,
        },
    )
