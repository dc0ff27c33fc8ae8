"""Pages for steering the parc: gestion en flux (objectives and consumption of each réservataire with each landlord)
and the résidence watch (occupation and attribution indicators, fragile résidences, commune figures)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from commun import saisie
from commun.erreurs import ErreurMetier
from territoire.contexte import contexte_de
from territoire.models import Commune, Organisation
from territoire.roles import TypeOrganisation

from . import flux as flux_service
from . import observatoire as obs
from .selectors import residences_visibles


class ObjectifForm(forms.Form):
    bailleur = forms.ModelChoiceField(label="Bailleur", queryset=Organisation.objects.none())
    reservataire = forms.ModelChoiceField(
        label="Réservataire",
        queryset=Organisation.objects.filter(est_reservataire=True).exclude(type=TypeOrganisation.BAILLEUR),
    )
    part = forms.DecimalField(
        label="Part du flux (%)",
        required=False,
        min_value=Decimal("0.01"),
        max_value=100,
        decimal_places=2,
        localize=True,
    )
    nombre = forms.IntegerField(label="ou nombre de logements", required=False, min_value=1)

    def __init__(self, *args, bailleurs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bailleur"].queryset = bailleurs
        self.fields["reservataire"].queryset = self.fields["reservataire"].queryset.order_by("nom")

    def clean(self):
        donnees = super().clean()
        if (donnees.get("part") is None) == (donnees.get("nombre") is None):
            raise forms.ValidationError("Donnez soit une part du flux, soit un nombre de logements.")
        return donnees


def _perimetre_flux(user):
    """Landlords whose flow the user reads, and the réservataire it is limited to (None: all of them)."""
    ctx = contexte_de(user)
    bailleurs = Organisation.objects.filter(type=TypeOrganisation.BAILLEUR).order_by("nom")
    if ctx.administrateur_epci or ctx.est_epci:
        return bailleurs, None
    if ctx.organisation_type == TypeOrganisation.BAILLEUR:
        return bailleurs.filter(pk=ctx.organisation_id), None
    return bailleurs, Organisation.objects.get(pk=ctx.organisation_id)


def _annee(request: HttpRequest) -> int:
    cette_annee = timezone.localdate().year
    return saisie.entier(request.GET.get("annee"), minimum=2023, maximum=cette_annee + 1, defaut=cette_annee)


@login_required
def flux(request: HttpRequest) -> HttpResponse:
    annee = _annee(request)
    bailleurs, reservataire = _perimetre_flux(request.user)
    modifiables = bailleurs.filter(
        pk__in=[b.pk for b in bailleurs if flux_service.peut_fixer(request.user, b)] if reservataire is None else []
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
    communes = Commune.objects.filter(pk__in=residences.values("commune")).order_by("nom")
    commune = communes.filter(code_insee=request.GET.get("commune", "")).first()
    if commune:
        residences = residences.filter(commune=commune)
    seulement = request.GET.get("seulement", "")
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
