"""The demand's page: its content, eligibility explained, priority criteria (the sensitive ones masked from who may
not change it), history, and the « Validité et courriers » card with what the user may do there; and two of its
actions, adding a priority criterion and qualifying the demand. The lifecycle actions are in views/cycle.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from commun.erreurs import ErreurMetier

from .. import cycle, retention, services
from ..codes import PRIORITES_SENSIBLES, EtatDemande, MotifRadiation, TypeCourrier
from ..forms import (
    AvertissementForm,
    CritereForm,
    RadiationForm,
    RenouvellementForm,
    ReponseAvertissementForm,
)
from ..models import Demande, Ressource
from ..rules import modifie_la_demande, peut_corriger_date_depot, peut_qualifier
from ..selectors import demandes_visibles
from ..validation import ErreursValidation
from .creation import SESSION_ATTESTATION
from .en_ligne import contexte_de_la_fiche
from .outils import action, eligibilite, exiger_modifiable


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The demand within the user's scope, with what the user may do on it."""
    demande = get_object_or_404(
        demandes_visibles(request.user).select_related("guichet", "agent", "bailleur_actuel"), pk=pk
    )
    modifiable = modifie_la_demande(request.user, demande) and not demande.lecture_seule
    criteres = list(demande.criteres_priorite.filter(actif=True).select_related("saisi_par"))
    for c in criteres:
        c.masque = c.code in PRIORITES_SENSIBLES and not modifiable
    return render(
        request,
        "demandes/detail.html",
        {
            "demande": demande,
            "modifiable": modifiable,
            "criteres": criteres,
            # each person's resources in the order they were typed
            "personnes": demande.personnes.prefetch_related(
                Prefetch("ressources", queryset=Ressource.objects.order_by("pk"))
            ),
            "souhaits": demande.souhaits_communes.select_related("commune"),
            "transitions": demande.transitions.select_related("par"),
            **eligibilite(demande),
            "critere_form": CritereForm(),
            "radiation_form": RadiationForm(),
            "peut_qualifier": modifiable and peut_qualifier(request.user),
            "effacement": retention.effacement_de(demande),
            "attestation_a_remettre": request.session.pop(SESSION_ATTESTATION, None) == demande.pk,
            **_carte_cycle(request, demande, modifiable),
            # what the applicant sent from his space, to who may act on it (views/en_ligne.py)
            **(contexte_de_la_fiche(demande) if modifiable else {}),
        },
    )


def _carte_cycle(request, demande: Demande, modifiable: bool) -> dict:
    """What the « Validité et courriers » card shows and offers: the dates of docs/demandes.md for this demand."""
    if demande.etat == EtatDemande.BROUILLON:
        return {}
    jour = timezone.localdate()
    peut_agir = modifie_la_demande(request.user, demande)
    renouvelable, raison = services.renouvellement_possible(demande, jour)
    courriers = list(demande.courriers.select_related("par", "reponse_notee_par"))
    avertissement_ouvert = next(
        (c for c in courriers if c.type == TypeCourrier.AVERTISSEMENT and not c.repondu_le), None
    )
    reactivation_jusqu_au = None
    if demande.motif_radiation == MotifRadiation.RADCON and demande.date_radiation:
        reactivation_jusqu_au = cycle.reactivation_avertissement_possible_jusqu_au(demande.date_radiation)
    return {
        "fenetre": cycle.fenetre_renouvellement(demande.date_echeance) if demande.date_echeance else None,
        "peut_renouveler": peut_agir and renouvelable,
        "raison_pas_de_renouvellement": raison,
        "renouvellement_form": RenouvellementForm(initial={"recu_le": jour}),
        "courriers": courriers,
        "avertissement_ouvert": avertissement_ouvert,
        "peut_noter_reponse": peut_agir
        and avertissement_ouvert is not None
        and (demande.etat != EtatDemande.RADIEE or (reactivation_jusqu_au and jour <= reactivation_jusqu_au)),
        "reactivation_avertissement_jusqu_au": reactivation_jusqu_au,
        "reactivation_depassee": demande.etat == EtatDemande.RADIEE
        and jour
        > (
            reactivation_jusqu_au
            or (cycle.fenetre_renouvellement(demande.date_echeance).fermee_apres if demande.date_echeance else jour)
        ),
        "reponse_form": ReponseAvertissementForm(initial={"recu_le": jour}),
        "peut_avertir": modifiable and avertissement_ouvert is None,
        "avertissement_form": AvertissementForm(initial={"envoye_le": jour}),
        "peut_corriger_date_depot": modifiable and peut_corriger_date_depot(request.user),
    }


@login_required
@require_POST
def qualifier(request, pk):
    """Active → qualified (services.demande_qualifier: every expected piece received)."""
    if not peut_qualifier(request.user):
        raise PermissionDenied
    return action(
        request,
        pk,
        lambda d: services.demande_qualifier(par=request.user, demande=d),
        "Demande qualifiée : ses pièces sont complètes.",
    )


@login_required
@require_POST
def critere_ajouter(request, pk):
    """A priority criterion with its evidence, from the demand's page."""
    exiger_modifiable(request, pk)
    form = CritereForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Critère incomplet : " + "; ".join(e for errs in form.errors.values() for e in errs))
        return redirect("demandes:detail", pk=pk)
    donnees = {k: v for k, v in form.cleaned_data.items() if v not in (None, "") or k == "preuve"}

    def ajouter(d):
        try:
            services.critere_ajouter(par=request.user, demande=d, **donnees)
        except ErreursValidation as err:
            raise ErreurMetier(" ".join(m for liste in err.erreurs.values() for m in liste)) from err

    return action(request, pk, ajouter, "Critère de priorité ajouté.")
