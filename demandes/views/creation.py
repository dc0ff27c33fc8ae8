"""The registration form in six steps, saved as a draft at each step: the applicant (step 1, which opens the draft),
the household (step 2: views/menage.py), situation, wishes, income (steps 3 to 5, one form each), then the
recapitulation and the registration (step 6). Writes through demandes.services."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from commun import format_fr
from commun.erreurs import ErreurMetier
from territoire.contexte import contexte_de
from territoire.models import Organisation

from .. import recapitulatif, services
from ..codes import EtatDemande, Lien
from ..forms import DemandeurForm, EnregistrementForm, RevenusForm, SituationForm, SouhaitsForm
from ..models import Demande
from ..rules import peut_creer_une_demande
from ..selectors import demandes_modifiables, doublons_probables
from ..validation import ErreursValidation
from .menage import CHAMPS_IDENTITE, etape_2, personnes_actuelles
from .outils import eligibilite, reporter

ETAPES = [
    (1, "Demandeur"),
    (2, "Ménage et ressources"),
    (3, "Situation et motifs"),
    (4, "Souhaits"),
    (5, "Revenus et employeur"),
    (6, "Vérification et enregistrement"),
]

SESSION_BROUILLONS = "brouillons_crees"  # {form token: draft pk}, the last 20
SESSION_ATTESTATION = "attestation_a_remettre"  # the demand just registered: its page offers the attestation


# --------------------------------------------------------------------------- step 1: the draft


def _guichet_courant(request) -> Organisation:
    """The counter the user acts for (404 without one)."""
    ctx = contexte_de(request.user)
    return get_object_or_404(Organisation, pk=ctx.organisation_id)


def _brouillon_deja_cree(request, jeton: str) -> int | None:
    """The draft this very form already opened (sent twice: « Précédent » then « Enregistrer », a retry), if the user
    may still fill it."""
    deja = request.session.get(SESSION_BROUILLONS, {}).get(jeton) if jeton else None
    if deja and demandes_modifiables(request.user).filter(pk=deja, etat=EtatDemande.BROUILLON).exists():
        return deja
    return None


def _brouillon_retenir(request, jeton: str, demande: Demande) -> None:
    """Remembers which draft the form's token opened (the last 20 in the session)."""
    if jeton:
        crees = request.session.get(SESSION_BROUILLONS, {})
        crees = dict(list(crees.items())[-19:]) | {jeton: demande.pk}
        request.session[SESSION_BROUILLONS] = crees


@login_required
def nouvelle(request: HttpRequest) -> HttpResponse:
    """Step 1 of a new demand: the filing date and the applicant; saved, it opens the draft."""
    if not peut_creer_une_demande(request.user):
        raise PermissionDenied
    form = DemandeurForm(request.POST or None, initial={"date_depot": timezone.localdate()})
    # One draft per form shown: the same form sent again (the browser's « Précédent » then « Enregistrer », a retry
    # after a slow answer) lands on the draft it created instead of opening a second one.
    jeton = (request.POST.get("jeton") or "")[:32] if request.method == "POST" else uuid.uuid4().hex
    deja = _brouillon_deja_cree(request, jeton)
    if deja:
        messages.info(request, "Ce formulaire avait déjà créé ce brouillon : reprenez-le ici.")
        return redirect("demandes:etape", pk=deja, etape=2)
    if request.method == "POST" and form.is_valid():
        donnees = dict(form.cleaned_data)
        date_depot = donnees.pop("date_depot")
        try:
            demande = services.demande_creer(
                par=request.user,
                guichet=_guichet_courant(request),
                date_depot=date_depot,
                demandeur={k: v for k, v in donnees.items() if v not in (None, "")},
            )
        except ErreursValidation as err:
            reporter(form, err.erreurs, {f"personnes-0-{c}": c for c in CHAMPS_IDENTITE})
        except ErreurMetier as err:
            form.add_error(None, err.message)
        else:
            _brouillon_retenir(request, jeton, demande)
            messages.success(request, "Brouillon enregistré. Passez à la composition du ménage.")
            return redirect("demandes:etape", pk=demande.pk, etape=2)
    return render(
        request,
        "demandes/etape.html",
        {"form": form, "etape": 1, "etapes": ETAPES, "demande": None, "jeton": jeton},
    )


def _etape_1(request, demande):
    """Step 1 again: the applicant's identity, and the filing date while the demand is a draft."""
    actuelles = personnes_actuelles(demande)
    demandeur = next(p for p in actuelles if p["lien"] == Lien.DEMANDEUR)
    form = DemandeurForm(request.POST or None, initial={"date_depot": demande.date_depot, **demandeur})
    if demande.etat != EtatDemande.BROUILLON:
        # Fixed at registration: only a CASA instructor corrects it, from the demand's page, with a proof.
        form.fields["date_depot"].disabled = True
        form.fields["date_depot"].help_text = "Fixée à l'enregistrement (correction par un instructeur de la CASA)."
    if request.method == "POST" and form.is_valid():
        donnees = dict(form.cleaned_data)
        date_depot = donnees.pop("date_depot")
        demandeur.update(
            {
                k: ("" if v is None and k not in ("date_naissance", "titre_sejour_fin") else v)
                for k, v in donnees.items()
            }
        )
        try:
            services.demande_modifier(par=request.user, demande=demande, date_depot=date_depot)
            services.menage_definir(par=request.user, demande=demande, personnes=actuelles)
        except ErreursValidation as err:
            reporter(form, err.erreurs, {f"personnes-0-{c}": c for c in CHAMPS_IDENTITE})
        else:
            return None
    return {"form": form}


# --------------------------------------------------------------------------- steps 3 to 5: one form each

# Amounts shown back in their input the French way (« 1 650,00 », « 21 000 »): the service reads them back, like
# « 1650.50 » or « 1 650,50 » (validation.montant).
MONTANTS_AFFICHES = {
    "loyer_actuel": 2,
    "loyer_max": 2,
    "apl_estimee": 2,
    "revenu_fiscal_reference": 0,
    "revenu_recent": 0,
}
CHAMPS_SITUATION = [
    "logement_actuel",
    "commune_actuelle",
    "loyer_actuel",
    "surface_actuelle",
    "motifs",
    "motif_precision",
    "mutation",
    "bailleur_actuel",
    "perte_autonomie",
    "criteres_locaux",
]
CHAMPS_SOUHAITS = ["toute_commune", "typologies", "loyer_max", "etage_max", "ascenseur_requis", "accessibilite_pmr"]
CHAMPS_REVENUS = [
    "revenu_fiscal_reference",
    "annee_revenu_fiscal",
    "revenu_recent",
    "revenu_recent_justifie",
    "apl_estimee",
    "employeur_nom",
    "employeur_siret",
    "employeur_commune",
]


def _montants_a_la_francaise(initial: dict) -> dict:
    """The amounts of `initial` written the French way (MONTANTS_AFFICHES), the other values as they are."""
    return {
        c: format_fr.nombre(v, MONTANTS_AFFICHES[c]) if c in MONTANTS_AFFICHES and v not in (None, "") else v
        for c, v in initial.items()
    }


def _etape_simple(form_class, champs_initiaux, appliquer, options=None):
    """A step of one form: shown with the demand's values, saved through `appliquer(request, demande, form)`;
    `options(demande)`: more arguments of the form (a dict)."""

    def etape(request, demande):
        initial = _montants_a_la_francaise({c: getattr(demande, c) for c in champs_initiaux})
        form = form_class(request.POST or None, initial=initial, **(options(demande) if options else {}))
        if request.method == "POST" and form.is_valid():
            try:
                appliquer(request, demande, form)
            except ErreursValidation as err:
                reporter(form, err.erreurs)
            except ErreurMetier as err:
                form.add_error(err.champ if err.champ in form.fields else None, err.message)
            else:
                return None
        return {"form": form}

    return etape


def _situation(request, demande, form):
    services.demande_modifier(par=request.user, demande=demande, **form.cleaned_data)


def _souhaits(request, demande, form):
    autres = {k: v for k, v in form.cleaned_data.items() if not k.startswith("commune_")}
    services.souhaits_definir(par=request.user, demande=demande, communes=form.communes(), **autres)


def _revenus(request, demande, form):
    services.demande_modifier(par=request.user, demande=demande, **form.cleaned_data)


def _souhaits_affiches(demande) -> dict:
    """Step 4 shown (GET): the wishes with their amounts the French way, and the communes in their order."""
    initial = {c: _montants_a_la_francaise({c: getattr(demande, c)})[c] for c in CHAMPS_SOUHAITS}
    communes = {f"commune_{s.rang}": s.commune_id for s in demande.souhaits_communes.all()}
    return {"form": SouhaitsForm(initial={**initial, **communes}, deja=tuple(communes.values()))}


def _souhaits_deja(demande) -> dict:
    """The form's `deja` when the step is saved: the communes the demand wishes now."""
    return {"deja": tuple(demande.souhaits_communes.values_list("commune_id", flat=True))}


def _etape_4(request, demande):
    """Step 4: shown with the communes in their order of preference; saved as a one-form step."""
    if request.method != "POST":
        return _souhaits_affiches(demande)
    return ETAPES_SIMPLES[4](request, demande)


ETAPES_SIMPLES = {
    3: _etape_simple(SituationForm, CHAMPS_SITUATION, _situation),
    4: _etape_simple(SouhaitsForm, CHAMPS_SOUHAITS, _souhaits, _souhaits_deja),
    5: _etape_simple(RevenusForm, CHAMPS_REVENUS, _revenus),
}


# --------------------------------------------------------------------------- step 6: registration


def _etape_6(request, demande):
    """The recapitulation, the probable duplicates and the registration (the unique number)."""
    form = EnregistrementForm(request.POST or None)
    doublons = doublons_probables(demande=demande) if demande.etat == EtatDemande.BROUILLON else []
    if request.method == "POST" and form.is_valid():
        try:
            services.demande_enregistrer(
                par=request.user,
                demande=demande,
                confirmer_malgre_doublon=form.cleaned_data["confirmer_malgre_doublon"],
            )
        except ErreursValidation as err:
            for liste in err.erreurs.values():
                for m in liste:
                    form.add_error(None, m)
        except ErreurMetier as err:
            form.add_error(None, err.message)
        else:
            demande.refresh_from_db()
            messages.success(
                request,
                f"Demande enregistrée sous le numéro local {demande.numero} : le numéro unique (NUR) s'y ajoutera "
                "quand le SNE l'aura délivré.",
            )
            # The demand's page offers the attestation to hand over at once (R441-2-4 CCH).
            request.session[SESSION_ATTESTATION] = demande.pk
            return None
    return {
        "form": form,
        "doublons": doublons,
        "rubriques": recapitulatif.recapitulatif(demande),
        **eligibilite(demande),
    }


# --------------------------------------------------------------------------- the step page


def _apres_enregistrement(request, demande: Demande, etape: int):
    """Where a saved step leads: the demand's page (after registration, or « quitter »), else the next step (the
    furthest step reached is kept on the demand)."""
    if etape == 6:
        return redirect("demandes:detail", pk=demande.pk)
    if "quitter" in request.POST:
        messages.success(request, "Brouillon enregistré.")
        return redirect("demandes:detail", pk=demande.pk)
    services.etape_atteinte(demande=demande, etape=etape + 1)
    return redirect("demandes:etape", pk=demande.pk, etape=etape + 1)


@login_required
def etape(request: HttpRequest, pk: int, etape: int) -> HttpResponse:
    """A step of a demand the user may change: shown, or saved then the next one."""
    demande = get_object_or_404(demandes_modifiables(request.user).select_related("guichet"), pk=pk)
    if demande.lecture_seule:
        messages.error(request, "Cette demande est radiée : elle ne peut plus être modifiée.")
        return redirect("demandes:detail", pk=demande.pk)
    if etape not in dict(ETAPES):
        raise Http404("Cette étape n'existe pas : le formulaire en compte six.")
    traitement = {1: _etape_1, 2: etape_2, 4: _etape_4, 6: _etape_6}.get(etape) or ETAPES_SIMPLES[etape]
    contexte = traitement(request, demande)
    if contexte is None:  # saved
        return _apres_enregistrement(request, demande, etape)
    return render(request, "demandes/etape.html", {**contexte, "etape": etape, "etapes": ETAPES, "demande": demande})
