"""The pages of the positioning rules (docs/positionnements.md « Les règles de chaque bailleur »): CASA's defaults,
set by CASA's administrators; a landlord's own values over them, set by its administrator (or CASA's). Each page
shows the rules of today with who set each one, the form of a new version with its date of effect, and the history
of the versions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from commun import format_fr
from commun.erreurs import ErreurMetier
from territoire.models import Organisation

from . import services
from .forms import ReglesForm
from .regles import TYPOLOGIES
from .regles_bailleurs import euros, regles_applicables, valeur_taille
from .rules import administre_des_regles, peut_fixer_les_regles
from .selectors import bailleurs_des_regles, versions_des_regles

# The service's fields named as the form's (an error of the service shown under its field).
CHAMPS_DU_FORMULAIRE = {"taux_effort_max": "taux_effort_pourcent", **{t: f"{t}_min" for t in TYPOLOGIES}}


@login_required
def regles_casa(request: HttpRequest) -> HttpResponse:
    """CASA's positioning rules (CASA's administrators; 403 for the others), and the landlords' pages."""
    if not peut_fixer_les_regles(request.user, None):
        raise PermissionDenied
    bailleurs = bailleurs_des_regles(request.user).annotate(versions=Count("regles_positionnement"))
    return _page(request, None, {"bailleurs": bailleurs})


@login_required
def regles_bailleur(request: HttpRequest, pk: int) -> HttpResponse:
    """A landlord's positioning rules: its administrator's (or CASA's); 403 for the other roles, 404 for another
    landlord."""
    if not administre_des_regles(request.user):
        raise PermissionDenied
    bailleur = get_object_or_404(bailleurs_des_regles(request.user), pk=pk)
    return _page(request, bailleur, {})


def _page(request: HttpRequest, bailleur: Organisation | None, contexte: dict) -> HttpResponse:
    jour = timezone.localdate()
    applicables = regles_applicables(bailleur, jour)
    initiales = (
        ReglesForm.initiales(applicables, jour)
        if bailleur is None
        else ReglesForm.initiales_bailleur(applicables.version_bailleur, jour)
    )
    form = ReglesForm(request.POST if request.method == "POST" else None, casa=bailleur is None, initial=initiales)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.regles_enregistrer(par=request.user, bailleur=bailleur, **form.valeurs())
        except ErreurMetier as err:
            form.add_error(
                CHAMPS_DU_FORMULAIRE.get(err.champ, err.champ if err.champ in form.fields else None), err.message
            )
        else:
            messages.success(
                request, f"Nouvelle version enregistrée : elle s'applique à partir du {version.date_effet:%d/%m/%Y}."
            )
            return redirect(request.path)
    versions = list(versions_des_regles(bailleur)[:200])
    en_vigueur = applicables.version_bailleur if bailleur is not None else applicables.version_casa
    return render(
        request,
        "positionnements/regles.html",
        {
            **contexte,
            "bailleur": bailleur,
            "applicables": applicables,
            "form": form,
            "jour": jour,
            "historique": [(v, _resume(v), _etat(v, en_vigueur, jour)) for v in versions],
        },
    )


def _etat(version, en_vigueur, jour) -> str:
    if en_vigueur is not None and version.pk == en_vigueur.pk:
        return "en vigueur"
    return "à venir" if version.date_effet > jour else "remplacée"


def _resume(version) -> list[str]:
    """A version's values in words; what it leaves empty is « règle de la CASA »."""
    casa = "règle de la CASA"
    taux, reste = version.taux_effort_max, version.reste_a_vivre_min
    lignes = [
        "Taux d'effort maximal : " + (format_fr.pourcentage(taux) if taux is not None else casa),
        "Reste à vivre minimal : "
        + (f"{euros(reste)} par unité de consommation et par jour" if reste is not None else casa),
    ]
    tailles = version.tailles or {}
    donnees = [f"{t} : {valeur_taille(*tailles[t])}" for t in TYPOLOGIES if t in tailles]
    lignes.append("Personnes par typologie : " + ("; ".join(donnees) if donnees else casa))
    return lignes
