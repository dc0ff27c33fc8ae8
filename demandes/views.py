"""Pages of demands: list and search, the registration form in steps (saved as a draft at each step), the demand's
page (eligibility explained, priority criteria, lifecycle). Reads through selectors, writes through services."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from commun import format_fr, listes
from commun.confirmation import Action, confirmee, confirmer
from commun.erreurs import ErreurMetier
from commun.saisie import entier as entier_saisi
from territoire.contexte import contexte_de
from territoire.models import Organisation
from territoire.models_acces import NatureLecture
from territoire.services_acces import lecture_noter

from . import recapitulatif, reference, retention, services
from .codes import PRIORITES_SENSIBLES, EtatDemande, Lien, MotifRadiation, TypeCourrier
from .forms import (
    MAX_AUTRES_PERSONNES,
    AvertissementForm,
    CorrectionDateDepotForm,
    CritereForm,
    DemandeurForm,
    EnregistrementForm,
    PersonneFormSet,
    RadiationForm,
    RechercheForm,
    RenouvellementForm,
    ReponseAvertissementForm,
    RessourcesDemandeurForm,
    RevenusForm,
    SituationForm,
    SouhaitsForm,
)
from .models import Demande
from .selectors import demandes_modifiables, demandes_visibles, filtrer_demandes
from .tableaux import DemandesTableau, avec_demandeur
from .validation import ErreursValidation

ETAPES = [
    (1, "Demandeur"),
    (2, "Ménage et ressources"),
    (3, "Situation et motifs"),
    (4, "Souhaits"),
    (5, "Revenus et employeur"),
    (6, "Vérification et enregistrement"),
]
CHAMPS_IDENTITE = [
    "nom",
    "prenom",
    "nom_unique",
    "nom_naissance",
    "sexe",
    "date_naissance",
    "nationalite",
    "titre_sejour",
    "titre_sejour_fin",
    "situation_familiale",
    "telephone",
    "courriel",
    "adresse",
]


SESSION_BROUILLONS = "brouillons_crees"  # {form token: draft pk}, the last 20
SESSION_ATTESTATION = "attestation_a_remettre"  # the demand just registered: its page offers the attestation

CHAMPS_PERSONNE_ETAPE_2 = (
    "lien",
    "nom",
    "prenom",
    "nom_unique",
    "date_naissance",
    "a_charge",
    "handicap",
    "enfant_a_naitre",
)


def _reporter(form, erreurs: dict[str, list[str]], correspondance=None) -> None:
    """Puts the service's errors next to the form's fields (or at the top when the field is not on the form)."""
    for champ, liste in erreurs.items():
        cible = (correspondance or {}).get(champ, champ)
        for message in liste:
            form.add_error(cible if cible in form.fields else None, message)


# --------------------------------------------------------------------------- list and search


@login_required
def liste(request: HttpRequest, format: str | None = None) -> HttpResponse:
    """The demands within the user's scope (demandes_visibles), filtered by RechercheForm; the same rows exported
    as CSV or XLSX when ``format`` is given (commun/listes.py)."""
    form = RechercheForm(request.GET or None)
    qs = demandes_visibles(request.user)
    # A bad value in one filter is said next to it; the other filters still apply (not all 10,000 demands).
    donnees = {}
    if form.is_bound:
        form.is_valid()  # fills cleaned_data with the valid fields, and the errors of the others
        donnees = form.cleaned_data
    if (donnees.get("q") or "").strip() and not services.normaliser(donnees["q"]).strip():
        form.add_error("q", "Cherchez un nom (des lettres) ou un numéro (des chiffres).")
        qs = qs.none()
    qs = avec_demandeur(filtrer_demandes(qs, donnees)).only(
        "pk",
        "numero",
        "etat",
        "date_depot",
        "nom_recherche",
        "nombre_personnes",
        "categorie_menage",
        "premier_quartile",
        "priorites",
        "score_cotation",
        "typologies",
        "guichet__nom",
    )
    par_page = request.GET.get("par_page")
    par_page = int(par_page) if par_page in {"25", "50", "100", "200"} else 50
    # Households shown or exported: noted among the sensitive reads (how many, not which nor the search).
    nature = NatureLecture.EXPORT_DEMANDES if format else NatureLecture.LISTE_DEMANDES
    return listes.repondre(
        request,
        liste="demandes",
        tableau=DemandesTableau(qs),
        gabarit="demandes/liste.html",
        contexte={"form": form, "peut_creer": contexte_de(request.user).a_role("AGENT_GUICHET", "INSTRUCTEUR")},
        format=format,
        noter=lambda nombre: lecture_noter(par=request.user, nature=nature, nombre=nombre),
        par_page=par_page,
    )


# --------------------------------------------------------------------------- registration steps


def _guichet_courant(request) -> Organisation:
    ctx = contexte_de(request.user)
    return get_object_or_404(Organisation, pk=ctx.organisation_id)


def _personnes_actuelles(demande: Demande) -> list[dict]:
    return [
        {
            **{f: getattr(p, f) for f in ["lien", "a_charge", "handicap", "enfant_a_naitre", *CHAMPS_IDENTITE]},
            "ressources": [{"type": r.type, "montant_mensuel": r.montant_mensuel} for r in p.ressources.all()],
        }
        for p in demande.personnes.prefetch_related("ressources")
    ]


@login_required
def nouvelle(request: HttpRequest) -> HttpResponse:
    if not contexte_de(request.user).a_role("AGENT_GUICHET", "INSTRUCTEUR"):
        raise PermissionDenied
    form = DemandeurForm(request.POST or None, initial={"date_depot": timezone.localdate()})
    # One draft per form shown: the same form sent again (the browser's « Précédent » then « Enregistrer », a retry
    # after a slow answer) lands on the draft it created instead of opening a second one.
    jeton = (request.POST.get("jeton") or "")[:32] if request.method == "POST" else uuid.uuid4().hex
    deja = request.session.get(SESSION_BROUILLONS, {}).get(jeton) if jeton else None
    if deja and demandes_modifiables(request.user).filter(pk=deja, etat=EtatDemande.BROUILLON).exists():
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
            _reporter(form, err.erreurs, {f"personnes-0-{c}": c for c in CHAMPS_IDENTITE})
        except ErreurMetier as err:
            form.add_error(None, err.message)
        else:
            if jeton:
                crees = request.session.get(SESSION_BROUILLONS, {})
                crees = dict(list(crees.items())[-19:]) | {jeton: demande.pk}
                request.session[SESSION_BROUILLONS] = crees
            messages.success(request, "Brouillon enregistré. Passez à la composition du ménage.")
            return redirect("demandes:etape", pk=demande.pk, etape=2)
    return render(
        request,
        "demandes/etape.html",
        {"form": form, "etape": 1, "etapes": ETAPES, "demande": None, "jeton": jeton},
    )


def _ressources(form_data: dict) -> list[dict]:
    return [
        {"type": form_data.get(f"{prefixe}_type"), "montant_mensuel": form_data.get(f"{prefixe}_montant")}
        for prefixe in ("ressource", "ressource2")
        if form_data.get(f"{prefixe}_type") and form_data.get(f"{prefixe}_montant") not in (None, "")
    ]


def _initial_ressources(ressources: list[dict]) -> dict:
    initial = {}
    for prefixe, r in zip(("ressource", "ressource2"), ressources, strict=False):
        initial[f"{prefixe}_type"] = r["type"]
        initial[f"{prefixe}_montant"] = format_fr.nombre(r["montant_mensuel"], 2)  # « 1 650,00 », never « 1650.00 »
    return initial


def _etape_1(request, demande):
    actuelles = _personnes_actuelles(demande)
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
            _reporter(form, err.erreurs, {f"personnes-0-{c}": c for c in CHAMPS_IDENTITE})
        else:
            return None
    return {"form": form}


def _etape_2(request, demande):
    actuelles = _personnes_actuelles(demande)
    demandeur = next(p for p in actuelles if p["lien"] == Lien.DEMANDEUR)
    autres = [p for p in actuelles if p["lien"] != Lien.DEMANDEUR]
    if request.method == "POST" and ("ajouter_personne" in request.POST or "retirer_personne" in request.POST):
        return _etape_2_recomposer(request, demande, demandeur)
    form = RessourcesDemandeurForm(
        request.POST or None,
        initial={"vit_en_couple": demande.vit_en_couple, **_initial_ressources(demandeur["ressources"])},
    )
    formset = PersonneFormSet(
        request.POST or None,
        prefix="personnes",
        initial=[
            {
                **{k: p[k] for k in CHAMPS_PERSONNE_ETAPE_2},
                **_initial_ressources(p["ressources"]),
            }
            for p in autres
        ],
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        # Every row with a link is a person (existing rows unchanged included), unless ticked for deletion.
        gardes = [f for f in formset.forms if f.cleaned_data.get("lien") and not f.cleaned_data.get("DELETE")]
        demandeur["ressources"] = _ressources(form.cleaned_data)
        personnes = [demandeur] + [
            {
                **{k: f.cleaned_data.get(k) for k in CHAMPS_PERSONNE_ETAPE_2},
                "nom": f.cleaned_data.get("nom") or "",
                "prenom": f.cleaned_data.get("prenom") or "",
                "ressources": _ressources(f.cleaned_data),
            }
            for f in gardes
        ]
        try:
            services.menage_definir(
                par=request.user,
                demande=demande,
                personnes=personnes,
                vit_en_couple=form.cleaned_data["vit_en_couple"],
            )
        except ErreursValidation as err:
            for champ, liste in err.erreurs.items():
                parties = champ.split("-")
                if champ in form.fields:
                    for m in liste:
                        form.add_error(champ, m)
                    continue
                if champ == "personnes" or len(parties) < 3:
                    for m in liste:
                        form.add_error(None, m)
                    continue
                index, nom = int(parties[1]), "-".join(parties[2:])
                cible = form if index == 0 else gardes[index - 1]
                if nom.startswith("ressources-"):
                    nom = "ressource_montant" if nom.split("-")[1] == "0" else "ressource2_montant"
                for m in liste:
                    cible.add_error(nom if nom in cible.fields else None, m)
        except ErreurMetier as err:
            form.add_error(None, err.message)
        else:
            return None
    return _contexte_menage(demande, form, formset, demandeur)


def _contexte_menage(demande, form, formset, demandeur, focus: int | None = None) -> dict:
    """What step 2 shows: the applicant's resources, one block per other person (those ticked for removal stay in the
    form, hidden), the empty block static/js/menage.js clones, and the household's size as typed."""
    blocs, numero = [], 0
    for i, f in enumerate(formset.forms):
        retiree = bool(f["DELETE"].value())
        numero += 0 if retiree else 1
        if i == focus:
            f.fields["lien"].widget.attrs["autofocus"] = True
        blocs.append({"form": f, "index": i, "numero": numero, "retiree": retiree})
    personnes = 1 + sum(1 for b in blocs if not b["retiree"] and b["form"]["lien"].value())
    return {
        "form": form,
        "formset": formset,
        "demandeur": demandeur,
        "blocs": blocs,
        "personnes_saisies": personnes,
        "max_autres_personnes": MAX_AUTRES_PERSONNES,
        "peut_ajouter": numero < MAX_AUTRES_PERSONNES,
    }


def _etape_2_recomposer(request, demande, demandeur):
    """« Ajouter une personne » or « Retirer » without JavaScript: the step comes back with one block more or less,
    everything typed kept as typed (raw values: nothing is checked nor saved until « Enregistrer »)."""
    form = RessourcesDemandeurForm(request.POST)
    formset = PersonneFormSet(request.POST, prefix="personnes")
    # BoundField.value() is the typed text: no validation runs, so no error shows on a block being filled.
    lignes = [{nom: f[nom].value() for nom in f.fields} for f in formset.forms]
    focus = None
    if "retirer_personne" in request.POST:
        index = entier_saisi(request.POST.get("retirer_personne"), maximum=len(lignes) - 1)
        if index is not None:
            del lignes[index]
            messages.info(request, "Personne retirée du formulaire : « Enregistrer et continuer » confirme le ménage.")
    elif sum(1 for ligne in lignes if not ligne.get("DELETE")) >= MAX_AUTRES_PERSONNES:
        messages.error(
            request, f"Un ménage compte au plus {MAX_AUTRES_PERSONNES + 1} personnes ici, le demandeur compris."
        )
    else:
        lignes.append({})
        focus = len(lignes) - 1
        messages.info(request, "Une personne de plus : remplissez son bloc, puis enregistrez.")
    nouveau = RessourcesDemandeurForm(initial={nom: form[nom].value() for nom in form.fields})
    return _contexte_menage(demande, nouveau, PersonneFormSet(prefix="personnes", initial=lignes), demandeur, focus)


# Amounts shown back in their input the French way (« 1 650,00 », « 21 000 »): the service reads them back, like
# « 1650.50 » or « 1 650,50 » (validation.montant).
MONTANTS_AFFICHES = {
    "loyer_actuel": 2,
    "loyer_max": 2,
    "apl_estimee": 2,
    "revenu_fiscal_reference": 0,
    "revenu_recent": 0,
}


def _montants_a_la_francaise(initial: dict) -> dict:
    return {
        c: format_fr.nombre(v, MONTANTS_AFFICHES[c]) if c in MONTANTS_AFFICHES and v not in (None, "") else v
        for c, v in initial.items()
    }


def _etape_simple(form_class, champs_initiaux, appliquer):
    def etape(request, demande):
        initial = _montants_a_la_francaise({c: getattr(demande, c) for c in champs_initiaux})
        form = form_class(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                appliquer(request, demande, form)
            except ErreursValidation as err:
                _reporter(form, err.erreurs)
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


def _initial_souhaits(demande):
    return {f"commune_{s.rang}": s.commune_id for s in demande.souhaits_communes.all()}


ETAPES_SIMPLES = {
    3: _etape_simple(
        SituationForm,
        [
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
        ],
        _situation,
    ),
    4: _etape_simple(
        SouhaitsForm,
        ["toute_commune", "typologies", "loyer_max", "etage_max", "ascenseur_requis", "accessibilite_pmr"],
        _souhaits,
    ),
    5: _etape_simple(
        RevenusForm,
        [
            "revenu_fiscal_reference",
            "annee_revenu_fiscal",
            "revenu_recent",
            "revenu_recent_justifie",
            "apl_estimee",
            "employeur_nom",
            "employeur_siret",
            "employeur_commune",
        ],
        _revenus,
    ),
}


def _etape_6(request, demande):
    form = EnregistrementForm(request.POST or None)
    doublons = services.doublons_probables(demande=demande) if demande.etat == EtatDemande.BROUILLON else []
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
            messages.success(request, f"Demande enregistrée sous le numéro unique {demande.numero}.")
            # The demand's page offers the attestation to hand over at once (R441-2-4 CCH).
            request.session[SESSION_ATTESTATION] = demande.pk
            return None
    return {
        "form": form,
        "doublons": doublons,
        "rubriques": recapitulatif.recapitulatif(demande),
        **_eligibilite(demande),
    }


def _eligibilite(demande) -> dict:
    """The eligibility figures for the page, or the French reason why they cannot be computed yet."""
    try:
        return {"eligibilite": services.eligibilite_evaluer(demande=demande)}
    except (ValueError, reference.RegleManquante) as err:
        return {"eligibilite": None, "eligibilite_erreur": str(err)}


@login_required
def etape(request: HttpRequest, pk: int, etape: int) -> HttpResponse:
    demande = get_object_or_404(demandes_modifiables(request.user).select_related("guichet"), pk=pk)
    if demande.lecture_seule:
        messages.error(request, "Cette demande est radiée : elle ne peut plus être modifiée.")
        return redirect("demandes:detail", pk=demande.pk)
    if etape not in dict(ETAPES):
        raise Http404("Cette étape n'existe pas : le formulaire en compte six.")
    traitement = {1: _etape_1, 2: _etape_2, 6: _etape_6}.get(etape) or ETAPES_SIMPLES[etape]
    if etape == 4 and request.method != "POST":
        contexte = {
            "form": SouhaitsForm(
                initial={
                    **{
                        c: _montants_a_la_francaise({c: getattr(demande, c)})[c]
                        for c in (
                            "toute_commune",
                            "typologies",
                            "loyer_max",
                            "etage_max",
                            "ascenseur_requis",
                            "accessibilite_pmr",
                        )
                    },
                    **_initial_souhaits(demande),
                }
            )
        }
    else:
        contexte = traitement(request, demande)
    if contexte is None:  # saved
        if etape == 6:
            return redirect("demandes:detail", pk=demande.pk)
        if "quitter" in request.POST:
            messages.success(request, "Brouillon enregistré.")
            return redirect("demandes:detail", pk=demande.pk)
        if demande.etape < etape + 1:
            services.Demande.objects.filter(pk=demande.pk).update(etape=etape + 1)
        return redirect("demandes:etape", pk=demande.pk, etape=etape + 1)
    return render(request, "demandes/etape.html", {**contexte, "etape": etape, "etapes": ETAPES, "demande": demande})


# --------------------------------------------------------------------------- the demand's page and its actions


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    demande = get_object_or_404(
        demandes_visibles(request.user).select_related("guichet", "agent", "bailleur_actuel"), pk=pk
    )
    modifiable = demandes_modifiables(request.user).filter(pk=pk).exists() and not demande.lecture_seule
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
            "personnes": demande.personnes.prefetch_related("ressources"),
            "souhaits": demande.souhaits_communes.select_related("commune"),
            "transitions": demande.transitions.select_related("par"),
            **_eligibilite(demande),
            "critere_form": CritereForm(),
            "radiation_form": RadiationForm(),
            "peut_qualifier": modifiable and contexte_de(request.user).a_role("INSTRUCTEUR"),
            "effacement": retention.effacement_de(demande),
            "attestation_a_remettre": request.session.pop(SESSION_ATTESTATION, None) == demande.pk,
            **_cycle(request, demande, modifiable),
        },
    )


def _cycle(request, demande: Demande, modifiable: bool) -> dict:
    """What the « Validité et courriers » card shows and offers: the dates of docs/demandes.md for this demand."""
    from . import cycle

    if demande.etat == EtatDemande.BROUILLON:
        return {}
    jour = timezone.localdate()
    peut_agir = demandes_modifiables(request.user).filter(pk=demande.pk).exists()
    renouvelable, raison = services.renouvellement_possible(demande, jour)
    courriers = list(demande.courriers.select_related("par", "reponse_notee_par"))
    avertissement_ouvert = next((c for c in courriers if c.type == "AVERTISSEMENT" and not c.repondu_le), None)
    reactivation_jusqu_au = None
    if demande.motif_radiation == "RADCON" and demande.date_radiation:
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
        "peut_corriger_date_depot": modifiable and services.peut_corriger_date_depot(request.user),
    }


def _verifier_modifiable(request, pk) -> None:
    """Before reading a form: a demand outside the user's scope is a 404, one it may read but not change a 403 (the
    form's errors never tell a stranger anything)."""
    get_object_or_404(demandes_visibles(request.user), pk=pk)
    if not demandes_modifiables(request.user).filter(pk=pk).exists():
        raise PermissionDenied("Vous pouvez lire cette demande, pas la modifier.")


def _action(request, pk, fonction, succes: str | None):
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


@login_required
@require_POST
def qualifier(request, pk):
    if not contexte_de(request.user).a_role("INSTRUCTEUR"):
        raise PermissionDenied
    return _action(
        request,
        pk,
        lambda d: services.demande_qualifier(par=request.user, demande=d),
        "Demande qualifiée : ses pièces sont complètes.",
    )


@login_required
@require_POST
def renouveler(request, pk):
    """Records a renewal received on a date: within the window it extends the validity, after a radiation for
    non-renewal (until t + 18 months) it reactivates the demand (services.demande_renouveler)."""
    get_object_or_404(demandes_visibles(request.user), pk=pk)
    if not demandes_modifiables(request.user).filter(pk=pk).exists():
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
        reponse = confirmer(
            request,
            Action(
                titre=f"{'Réactiver' if reactivation else 'Renouveler'} la demande n° {demande} ?",
                effets=effets,
                bouton="Confirmer la réactivation" if reactivation else "Confirmer le renouvellement",
                retour=reverse("demandes:detail", args=[pk]),
                definitif="Un renouvellement enregistré ne s'annule pas : vérifiez la date de réception.",
                danger=False,
            ),
        )
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

    return _action(request, pk, renouveler, None)


@login_required
@require_POST
def avertissement(request, pk):
    """Records the registered letter sent to the applicant (R441-2-8): two months without answer strike it off."""
    demande = get_object_or_404(demandes_visibles(request.user), pk=pk)
    if not demandes_modifiables(request.user).filter(pk=demande.pk).exists():
        raise PermissionDenied
    form = AvertissementForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Avertissement incomplet : " + " ".join(e for err in form.errors.values() for e in err))
        return redirect("demandes:detail", pk=pk)
    from . import cycle

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

    return _action(request, pk, envoyer, None)


@login_required
@require_POST
def avertissement_reponse(request, pk, courrier_pk):
    demande = get_object_or_404(demandes_visibles(request.user), pk=pk)
    courrier = get_object_or_404(demande.courriers, pk=courrier_pk)
    if not demandes_modifiables(request.user).filter(pk=pk).exists():
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

    return _action(request, pk, noter, None)


@login_required
def corriger_date_depot(request, pk):
    """CASA instructors only: the filing date moved to the date of reception a proof shows, with a reason."""
    if not services.peut_corriger_date_depot(request.user):
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
            _reporter(form, err.erreurs)
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


def _radiation(demande: Demande, motif: str, commentaire: str) -> Action:
    """What the radiation's confirmation says: the reason, read-only from now on, and how long the demand stays
    readable before its personal data is erased (the retention in force, demandes/retention.py)."""
    from . import cycle

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
    _verifier_modifiable(request, pk)
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
    return _action(
        request,
        pk,
        lambda d: services.demande_radier(par=request.user, demande=d, **form.cleaned_data),
        "Demande radiée : elle est désormais en lecture seule.",
    )


@login_required
@require_POST
def critere_ajouter(request, pk):
    _verifier_modifiable(request, pk)
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

    return _action(request, pk, ajouter, "Critère de priorité ajouté.")
