"""The lifecycle actions of a demand, from its page: renew (or reactivate), record a warning (R441-2-8) and its
answer, strike off, and correct the filing date (CASA instructors). Each checks the user's rights before reading its
form, says what will be done on a confirmation page (commun.confirmation), then calls its service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from commun import format_fr
from commun.confirmation import Action, confirmee, confirmer
from commun.erreurs import ErreurMetier

from .. import cycle, retention, services
from ..codes import EtatDemande, MotifRadiation, TypeCourrier
from ..forms import (
    AvertissementForm,
    CorrectionDateDepotForm,
    RadiationForm,
    RenouvellementForm,
    ReponseAvertissementForm,
)
from ..models import Demande
from ..rules import modifie_la_demande, peut_corriger_date_depot, peut_radier
from ..selectors import demandes_modifiables, demandes_visibles
from ..validation import ErreursValidation
from .outils import action, reporter

# --------------------------------------------------------------------------- renewal


def _renouvellement(demande: Demande, recu_le, pk: int) -> Action:
    """What the renewal's confirmation says: the date received, the new due date, a reactivation, the open warning
    answered."""
    reactivation, echeance = services.renouvellement_effet(demande, recu_le)
    effets = [
        f"Le renouvellement reçu le {format_fr.date(recu_le)} sera enregistré pour la demande n° {demande}.",
        (
            f"La demande, radiée le {format_fr.date(demande.date_radiation)}, sera réactivée avec son numéro et "
            f"son ancienneté ; elle sera valable jusqu'au {format_fr.date(echeance)}."
            if reactivation
            else f"Elle sera valable jusqu'au {format_fr.date(echeance)} au lieu du "
            f"{format_fr.date(demande.date_echeance)}."
        ),
    ]
    if demande.courriers.filter(type=TypeCourrier.AVERTISSEMENT, repondu_le__isnull=True).exists():
        effets.append("L'avertissement en attente de réponse sera considéré comme répondu.")
    return Action(
        titre=f"{'Réactiver' if reactivation else 'Renouveler'} la demande n° {demande} ?",
        effets=effets,
        bouton="Confirmer la réactivation" if reactivation else "Confirmer le renouvellement",
        retour=reverse("demandes:detail", args=[pk]),
        definitif="Un renouvellement enregistré ne s'annule pas : vérifiez la date de réception.",
        danger=False,
    )


@login_required
@require_POST
def renouveler(request, pk):
    """Records a renewal received on a date: within the window it extends the validity, after a radiation for
    non-renewal (until t + 18 months) it reactivates the demand (services.demande_renouveler)."""
    demande = get_object_or_404(demandes_visibles(request.user), pk=pk)
    if not modifie_la_demande(request.user, demande):
        raise PermissionDenied
    form = RenouvellementForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indiquez la date à laquelle le renouvellement a été reçu.")
        return redirect("demandes:detail", pk=pk)
    demande = get_object_or_404(demandes_visibles(request.user), pk=pk)
    recu_le = form.cleaned_data["recu_le"]
    possible, raison = services.renouvellement_possible(demande, recu_le)
    # a refused renewal is said at once by the service below, without a confirmation first; a confirmation sent
    # again after the renewal is answered as such (confirmation.confirmee)
    if possible or confirmee(request):
        reponse = confirmer(request, _renouvellement(demande, recu_le, pk))
        if reponse is not None:
            return reponse

    def renouveler(d):
        reactivation = d.etat == EtatDemande.RADIEE
        d = services.demande_renouveler(par=request.user, demande=d, recu_le=form.cleaned_data["recu_le"])
        messages.success(
            request,
            ("Demande réactivée, numéro et ancienneté conservés" if reactivation else "Demande renouvelée")
            + f" : valable jusqu'au {d.date_echeance:%d/%m/%Y}.",
        )

    return action(request, pk, renouveler, None)


# --------------------------------------------------------------------------- warning (R441-2-8) and its answer


@login_required
@require_POST
def avertissement(request, pk):
    """Records the registered letter sent to the applicant (R441-2-8): two months without answer strike it off."""
    demande = get_object_or_404(demandes_visibles(request.user), pk=pk)
    if not modifie_la_demande(request.user, demande):
        raise PermissionDenied
    form = AvertissementForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Avertissement incomplet : " + " ".join(e for err in form.errors.values() for e in err))
        return redirect("demandes:detail", pk=pk)
    envoye_le = form.cleaned_data.get("envoye_le") or timezone.localdate()
    reponse = confirmer(
        request,
        Action(
            titre=f"Enregistrer l'avertissement envoyé pour la demande n° {demande} ?",
            effets=[
                f"Le courrier recommandé du {format_fr.date(envoye_le)} (« {form.cleaned_data['objet']} ») sera "
                "enregistré.",
                "Sans réponse du demandeur, la demande sera radiée (demandeur injoignable) le "
                f"{format_fr.date(cycle.radiation_apres_avertissement(envoye_le))}.",
            ],
            bouton="Confirmer l'avertissement",
            retour=reverse("demandes:detail", args=[pk]),
            definitif="Un avertissement enregistré ne s'efface pas ; seule la réponse du demandeur l'arrête.",
            danger=False,
        ),
    )
    if reponse is not None:
        return reponse

    def envoyer(d):
        try:
            c = services.avertissement_envoyer(par=request.user, demande=d, **form.cleaned_data)
        except ErreursValidation as err:
            raise ErreurMetier(" ".join(m for liste in err.erreurs.values() for m in liste)) from err
        messages.success(
            request,
            f"Avertissement du {c.envoye_le:%d/%m/%Y} enregistré : sans réponse, la demande sera radiée le "
            f"{c.radiation_prevue_le:%d/%m/%Y}.",
        )

    return action(request, pk, envoyer, None)


@login_required
@require_POST
def avertissement_reponse(request, pk, courrier_pk):
    """Records the applicant's answer to a warning: no radiation, or the reactivation of a demand struck off for it."""
    demande = get_object_or_404(demandes_visibles(request.user), pk=pk)
    courrier = get_object_or_404(demande.courriers, pk=courrier_pk)
    if not modifie_la_demande(request.user, demande):
        raise PermissionDenied
    form = ReponseAvertissementForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indiquez la date à laquelle la réponse a été reçue.")
        return redirect("demandes:detail", pk=pk)
    reponse = confirmer(
        request,
        Action(
            titre=f"Noter la réponse à l'avertissement du {format_fr.date(courrier.envoye_le)} ?",
            effets=[
                f"La réponse reçue le {format_fr.date(form.cleaned_data['recu_le'])} sera notée pour la demande "
                f"n° {demande}.",
                "La demande, radiée faute de réponse, sera réactivée avec son numéro et son ancienneté."
                if demande.etat == EtatDemande.RADIEE
                else "La demande ne sera pas radiée pour cet avertissement.",
            ],
            bouton="Confirmer la réponse",
            retour=reverse("demandes:detail", args=[pk]),
            definitif="Une réponse notée ne s'efface pas : vérifiez la date de réception.",
            danger=False,
        ),
    )
    if reponse is not None:
        return reponse

    def noter(d):
        reactivation = d.etat == EtatDemande.RADIEE
        services.avertissement_reponse_noter(par=request.user, courrier=courrier, **form.cleaned_data)
        messages.success(
            request,
            "Réponse notée : la demande est réactivée, numéro et ancienneté conservés."
            if reactivation
            else "Réponse notée : la demande ne sera pas radiée.",
        )

    return action(request, pk, noter, None)


# --------------------------------------------------------------------------- radiation


def _radiation(demande: Demande, motif: str, commentaire: str) -> Action:
    """What the radiation's confirmation says: the reason, read-only from now on, and how long the demand stays
    readable before its personal data is erased (the retention in force, demandes/retention/)."""
    mois = retention.conservation_mois()
    jour = timezone.localdate()
    motif_texte = MotifRadiation(motif).label.lower()
    return Action(
        titre=f"Radier la demande n° {demande} ?",
        effets=[
            f"La demande n° {demande} sera radiée pour « {motif_texte} »"
            + (f" ({commentaire})" if commentaire else "")
            + f" à la date du {format_fr.date(jour)}.",
            "Elle passera en lecture seule : plus de modification, de pièce ni de renouvellement. Le demandeur qui "
            "cherche encore un logement dépose une nouvelle demande.",
            f"Elle restera consultable {mois} mois, jusqu'au {format_fr.date(cycle.mois_apres(jour, mois))} ; "
            "ses données personnelles seront alors effacées (durée de conservation).",
        ],
        bouton="Confirmer la radiation",
        retour=reverse("demandes:detail", args=[demande.pk]),
        definitif="Une radiation ne s'annule pas.",
    )


@login_required
@require_POST
def radier(request, pk):
    """Strikes the demand off with a reason a service may choose (the timed ones are the beat jobs')."""
    # Before reading the form: outside the scope a 404, readable but not changeable a 403.
    if not peut_radier(request.user, get_object_or_404(demandes_visibles(request.user), pk=pk)):
        raise PermissionDenied("Vous pouvez lire cette demande, pas la modifier.")
    form = RadiationForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choisissez le motif de radiation.")
        return redirect("demandes:detail", pk=pk)
    demande = get_object_or_404(demandes_visibles(request.user), pk=pk)
    # otherwise the service says why not; a confirmation sent again is answered as such (confirmation.confirmee)
    if demande.etat in (EtatDemande.ACTIVE, EtatDemande.QUALIFIEE) or confirmee(request):
        reponse = confirmer(request, _radiation(demande, form.cleaned_data["motif"], form.cleaned_data["commentaire"]))
        if reponse is not None:
            return reponse
    return action(
        request,
        pk,
        lambda d: services.demande_radier(par=request.user, demande=d, **form.cleaned_data),
        "Demande radiée : elle est désormais en lecture seule.",
    )


# --------------------------------------------------------------------------- filing date


@login_required
def corriger_date_depot(request, pk):
    """CASA instructors only: the filing date moved to the date of reception a proof shows, with a reason."""
    if not peut_corriger_date_depot(request.user):
        raise PermissionDenied
    demande = get_object_or_404(demandes_modifiables(request.user), pk=pk)
    if demande.etat == EtatDemande.BROUILLON or demande.lecture_seule:
        messages.error(request, "Seule la date de dépôt d'une demande enregistrée en cours se corrige ici.")
        return redirect("demandes:detail", pk=pk)
    form = CorrectionDateDepotForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        avant = demande.score_cotation
        try:
            demande = services.date_depot_corriger(par=request.user, demande=demande, **form.cleaned_data)
        except ErreursValidation as err:
            reporter(form, err.erreurs)
        except ErreurMetier as err:
            form.add_error(None, err.message)
        else:
            messages.success(
                request,
                f"Date de dépôt corrigée au {demande.date_depot:%d/%m/%Y} ; cotation {avant} → "
                f"{format_fr.compte(demande.score_cotation or 0, 'point', 'points')}. "
                "La correction figure dans l'historique.",
            )
            return redirect("demandes:detail", pk=pk)
    return render(request, "demandes/corriger_date_depot.html", {"demande": demande, "form": form})
