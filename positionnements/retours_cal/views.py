"""Pages of the CAL returns (docs/cal.md): a landlord uploads its CAL's decisions, follows the check, reads the report
and applies the file; CASA (and every partner, within its scope) sees the decisions awaited, received, and the
attributions; the templates, blank and pre-filled; CASA's correction of a recorded attribution."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from commun import format_fr
from commun.confirmation import Action, confirmee, confirmer
from commun.erreurs import ErreurMetier
from commun.fichiers.erreurs import page_erreurs
from commun.listes import contexte_liste, exporter, preparer
from commun.travaux import Etape
from demandes.rules import lit_les_demandes
from territoire.contexte import contexte_de
from territoire.models import Organisation
from territoire.roles import TypeOrganisation

from ..etats import DELAI_REPONSE_JOURS, EtatPositionnement, TypeDecisionCAL
from ..models import DepotDecisionsCAL, EtatDepot
from ..rules import peut_appliquer, peut_positionner, peut_relancer, suit_tous_les_positionnements
from . import services, travaux
from .forms import CorrectionForm, DepotForm, FiltreRetoursForm
from .modele import lignes_preremplies, modele_csv, modele_prerempli_csv, modele_prerempli_xlsx, modele_xlsx
from .selectors import (
    VUES,
    attributions_corrigeables,
    bailleur_des_retours_cal,
    changements_du_depot,
    delai_decision,
    depots_visibles,
    lignes_de_l_onglet,
    positionnements_pour_la_cal,
)
from .tableaux import DepotsFiltre, DepotsTableau


@login_required
def retours(request: HttpRequest) -> HttpResponse:
    """The CAL page: a landlord's upload form, then the tab chosen (VUES) of what the person may read."""
    ctx = contexte_de(request.user)
    bailleur = bailleur_des_retours_cal(request.user)
    form = DepotForm(request.POST or None, request.FILES or None) if bailleur else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Seuls les gestionnaires d'un bailleur déposent les décisions de sa CAL.")
        if (depot := _recevoir(request, form)) is not None:
            return redirect("positionnements:depot_cal", pk=depot.pk)
    filtre = FiltreRetoursForm(request.GET, defaut="attendues" if ctx.est_epci else "depots")
    vue, jour = filtre.vue_choisie, timezone.localdate()
    lignes = lignes_de_l_onglet(request.user, vue, jour, bailleur_id=filtre.bailleur_id, decision=filtre.type_decision)
    return render(
        request,
        "positionnements/cal.html",
        {
            "form": form,
            "bailleur": bailleur,
            "vue": vue,
            "vues": VUES,
            "page": Paginator(lignes, 50).get_page(request.GET.get("page")),
            "jour": jour,
            "delai": delai_decision(),
            "delai_reponse": DELAI_REPONSE_JOURS,
            "bailleurs": Organisation.objects.filter(type=TypeOrganisation.BAILLEUR).order_by("nom")
            if ctx.est_epci
            else [],
            "bailleur_choisi": str(filtre.bailleur_id or ""),
            "decisions": TypeDecisionCAL.choices,
            "decision_choisie": filtre.data.get("decision", ""),
            "casa": ctx.est_epci,
            "peut_corriger": peut_positionner(request.user),
            "lit_les_demandes": lit_les_demandes(request.user),  # the number links to the demand's page, else text
            **_liste_depots(request, vue),
            **_prerempli(request, bailleur, filtre.bailleur_id),
        },
    )


def _recevoir(request: HttpRequest, form: DepotForm) -> DepotDecisionsCAL | None:
    """The uploaded file kept and its check queued (services.depot_recevoir); None with the form's errors."""
    if not form.is_valid():
        return None
    fichier = form.cleaned_data["fichier"]
    try:
        return services.depot_recevoir(par=request.user, nom=fichier.name, contenu=fichier.read())
    except ErreurMetier as err:
        form.add_error("fichier", err.message)
        return None


def _prerempli(request: HttpRequest, bailleur: Organisation | None, bailleur_id: int | None) -> dict:
    """What the page says of the pre-filled template: how many candidates it would hold, for whom."""
    if bailleur is None and not suit_tous_les_positionnements(request.user):
        return {"prerempli": False}
    choisi = bailleur.pk if bailleur is not None else bailleur_id
    return {"prerempli": True, "a_transmettre": positionnements_pour_la_cal(request.user, choisi).count()}


def _tableau_depots(request: HttpRequest) -> DepotsTableau:
    """The deposits the person may read (depots_visibles), filtered by landlord, the most recent first."""
    filtre = DepotsFiltre(request.GET or None, queryset=depots_visibles(request.user))
    return DepotsTableau(filtre.qs.order_by("-cree_le", "-pk"))


def _liste_depots(request: HttpRequest, vue: str) -> dict:
    """The deposits' tab of the CAL page as a sortable list with its exports and saved filters."""
    if vue != "depots":
        return {}
    tableau = preparer(request, _tableau_depots(request))
    return contexte_liste(request, liste="depots", tableau=tableau)


@login_required
def depots_export(request: HttpRequest, format: str) -> HttpResponse:
    """The deposits' list as CSV or XLSX: the same rows as the tab (all pages, same order)."""
    return exporter(request, liste="depots", tableau=_tableau_depots(request), format=format)


def _contexte_depot(request: HttpRequest, depot: DepotDecisionsCAL) -> dict:
    """What the deposit's page (and its polled fragment) says: where its check or application stands, what the
    person may do with it, its report's page of errors."""
    progression = travaux.progression(depot.pk)
    verification_interrompue = depot.etat in (EtatDepot.RECU, EtatDepot.VERIFICATION) and travaux.interrompue(
        depot.pk, Etape.VERIFICATION
    )
    en_verification = depot.etat in (EtatDepot.RECU, EtatDepot.VERIFICATION) and not verification_interrompue
    interrompue = depot.etat == EtatDepot.VERIFIE and travaux.interrompue(depot.pk, Etape.APPLICATION)
    en_application = depot.etat == EtatDepot.VERIFIE and depot.application_demandee_le is not None and not interrompue
    pourcentage = 0
    if progression and progression.get("total"):
        pourcentage = round(100 * progression["fait"] / progression["total"])
    return {
        "depot": depot,
        "pourcentage": pourcentage,
        "en_cours": en_verification or en_application,
        "en_application": en_application,
        "interrompue": interrompue,
        "verification_interrompue": verification_interrompue,
        "peut_appliquer": peut_appliquer(request.user, depot),
        "peut_relancer": peut_relancer(request.user, depot),
        "notes": depot.notes,
        **page_erreurs(request, depot.erreurs, depot.nombre_erreurs),
    }


@login_required
def depot(request: HttpRequest, pk: int) -> HttpResponse:
    """A deposit's page: its check's report and what it changed; POST: « Appliquer » (confirmed first)."""
    d = get_object_or_404(depots_visibles(request.user), pk=pk)
    if request.method == "POST":
        # a file not (or no longer) to apply: the service says why, without a confirmation first
        confirmable = (d.etat == EtatDepot.VERIFIE or confirmee(request)) and peut_appliquer(request.user, d)
        if confirmable and (reponse := confirmer(request, _application(d))) is not None:
            return reponse
        try:
            services.depot_demander_application(par=request.user, depot=d)
        except ErreurMetier as err:
            messages.error(request, err.message)
        else:
            messages.info(request, "Application demandée : la page se met à jour toute seule.")
        return redirect("positionnements:depot_cal", pk=pk)
    changements = changements_du_depot(d)
    return render(
        request,
        "positionnements/depot_cal.html",
        {**_contexte_depot(request, d), "changements": changements[:300], "nombre_changements": changements.count()},
    )


def _application(d: DepotDecisionsCAL) -> Action:
    """What applying a checked file says before it acts, from the check's summary (verification.Rapport.resume)."""
    resume = d.resume or {}
    baux = resume.get("baux", 0)
    effets = [
        format_fr.compte(resume.get("a_appliquer", 0), "décision sera enregistrée", "décisions seront enregistrées")
        + f" depuis le fichier « {d.nom_fichier} »"
        + (
            f" ({format_fr.compte(resume.get('deja_connues', 0), 'ligne déjà connue', 'lignes déjà connues')} ne "
            "change rien)."
            if resume.get("deja_connues")
            else "."
        ),
    ]
    effets += [
        f"{etat} : {format_fr.nombre(n)}"
        for etat, n in (resume.get("par_etat") or {}).items()
        if not (baux and etat == EtatPositionnement.BAIL_SIGNE.label)  # the leases are said one by one below
    ]
    if baux:
        effets.append(
            f"Pour {format_fr.compte(baux, 'bail signé', 'baux signés')} : la demande sera radiée pour attribution, "
            "le logement pourvu et les autres candidats du logement libérés."
        )
        detail = resume.get("baux_detail") or []
        effets += [f"Bail signé : {ligne}." for ligne in detail]
        if baux > len(detail) and detail:
            effets.append(
                f"… et {format_fr.compte(baux - len(detail), 'autre bail', 'autres baux')} (voir le rapport)."
            )
    effets.append("Tout est enregistré en une seule fois par le service de traitement ; la page suit son avancement.")
    return Action(
        titre="Appliquer les décisions de la CAL ?",
        effets=effets,
        bouton="Confirmer l'application",
        retour=reverse("positionnements:depot_cal", args=[d.pk]),
        definitif="Des décisions appliquées ne se retirent pas.",
    )


@login_required
def depot_relancer(request: HttpRequest, pk: int) -> HttpResponse:
    """« Relancer la vérification » of a deposit whose check failed or was interrupted (POST only)."""
    d = get_object_or_404(depots_visibles(request.user), pk=pk)
    if request.method != "POST":
        return redirect("positionnements:depot_cal", pk=pk)
    try:
        services.depot_relancer(par=request.user, depot=d)
    except ErreurMetier as err:
        messages.error(request, err.message)
    else:
        messages.info(request, "Vérification relancée : la page se met à jour toute seule.")
    return redirect("positionnements:depot_cal", pk=pk)


@login_required
def depot_etat(request: HttpRequest, pk: int) -> HttpResponse:
    """The deposit's state, polled by its page while a worker checks or applies it."""
    d = get_object_or_404(depots_visibles(request.user), pk=pk)
    return render(request, "positionnements/_depot_cal.html", _contexte_depot(request, d))


@login_required
def modele(request: HttpRequest, format: str) -> HttpResponse:
    """The blank template, CSV or XLSX."""
    if format not in ("csv", "xlsx"):
        raise Http404
    if format == "xlsx":
        reponse = HttpResponse(
            modele_xlsx(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        reponse = HttpResponse(modele_csv(), content_type="text/csv; charset=windows-1252")
    reponse["Content-Disposition"] = f'attachment; filename="modele_decisions_cal.{format}"'
    return reponse


@login_required
def modele_prerempli(request: HttpRequest, format: str) -> HttpResponse:
    """The CAL template pre-filled with the candidates awaiting the CAL, its answer or the lease
    (selectors.positionnements_pour_la_cal): a landlord's managers and administrator get their own landlord's (a
    `bailleur` in the query is ignored); CASA's agents who follow positionnements get every landlord's, or the one
    chosen by `?bailleur=<id>` (404 if it is no landlord). Others: 403."""
    if format not in ("csv", "xlsx"):
        raise Http404
    bailleur, bailleur_id = _bailleur_du_modele(request)
    lignes = lignes_preremplies(positionnements_pour_la_cal(request.user, bailleur_id))
    avec_bailleur = bailleur is None
    if format == "xlsx":
        reponse = HttpResponse(
            modele_prerempli_xlsx(lignes, avec_bailleur=avec_bailleur),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        reponse = HttpResponse(
            modele_prerempli_csv(lignes, avec_bailleur=avec_bailleur), content_type="text/csv; charset=windows-1252"
        )
    qui = bailleur.slug if bailleur else "tous_bailleurs"
    nom = f"decisions_cal_{qui}_{timezone.localdate():%Y-%m-%d}.{format}"
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    return reponse


def _bailleur_du_modele(request: HttpRequest) -> tuple[Organisation | None, int | None]:
    """(the landlord, its id) whose pre-filled template `request.user` downloads; (None, None) for every landlord."""
    bailleur = bailleur_des_retours_cal(request.user)
    if bailleur is not None:
        return bailleur, bailleur.pk
    if not suit_tous_les_positionnements(request.user):
        raise PermissionDenied(
            "Le fichier pré-rempli est celui des candidats d'un bailleur : ses gestionnaires et la CASA le "
            "téléchargent."
        )
    choisi = FiltreRetoursForm(request.GET).bailleur_id
    if not choisi:
        return None, None
    bailleur = get_object_or_404(Organisation, pk=choisi, type=TypeOrganisation.BAILLEUR)
    return bailleur, bailleur.pk


@login_required
def corriger(request: HttpRequest, pk: int) -> HttpResponse:
    """CASA corrects a recorded attribution: past months do not move, this month shows the correction."""
    if not peut_positionner(request.user):
        raise PermissionDenied("Seuls les agents de la CASA corrigent une attribution.")
    decision = get_object_or_404(attributions_corrigeables(), pk=pk)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        donnees = form.cleaned_data
        menage = {k: donnees[k] for k in ("quartile", "dalo", "renouvellement_urbain") if donnees[k] is not None}
        try:
            services.attribution_corriger(
                par=request.user,
                decision=decision,
                motif=donnees["motif"],
                date_bail=donnees["date_bail"],
                menage=menage,
            )
        except ErreurMetier as err:
            form.add_error(err.champ if err.champ in form.fields else None, err.message)
        else:
            messages.success(request, "Correction enregistrée : elle apparaîtra dans le tableau de suivi de ce mois.")
            return redirect(f"{reverse('positionnements:cal')}?vue=attributions")
    return render(
        request,
        "positionnements/corriger.html",
        {"decision": decision, "form": form, "corrections": decision.corrections.select_related("par")},
    )
