"""Pages of the CAL returns: a landlord uploads its CAL's decisions, follows the check, reads the report and applies
the file; CASA (and every partner, within its scope) sees the decisions awaited, received, and the attributions."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from commun import format_fr, saisie
from commun.confirmation import Action, confirmee, confirmer
from commun.erreurs import ErreurMetier
from commun.fichiers.erreurs import page_erreurs
from commun.forms import FichierTableauField
from commun.listes import contexte_liste, exporter, preparer
from demandes.codes import EtatDemande
from territoire.contexte import contexte_de
from territoire.models import Organisation
from territoire.roles import TypeOrganisation

from . import cal, services, tasks
from .etats import DELAI_REPONSE_JOURS, DecisionCal, EtatPositionnement
from .models import DecisionCAL, DepotDecisionsCAL, EtatDepot
from .selectors import (
    ROLES_POSITIONNEMENTS,
    decisions_attendues,
    positionnements_pour_la_cal,
    positionnements_visibles,
)
from .tableaux import DepotsFiltre, DepotsTableau

E = EtatPositionnement
VUES = {
    "attendues": "Décisions attendues",
    "reponses": "Réponses attendues",
    "recues": "Décisions reçues",
    "attributions": "Attributions",
    "irrecevables": "Irrecevabilités",
    "depots": "Dépôts",
}


class DepotForm(forms.Form):
    fichier = FichierTableauField(
        label="Fichier des décisions",
        help_text="Partez du fichier pré-rempli : une ligne par candidat. Pour un candidat que la CAL n'a pas encore "
        "examiné, laissez vides date_cal, decision et les colonnes suivantes : la ligne est reconnue et laissée de "
        "côté. Ne modifiez pas numero_demande, residence ni logement.",
    )


def depots_visibles(user) -> QuerySet[DepotDecisionsCAL]:
    """CASA's agents who follow positionnements read every deposit (each line names a demand); a landlord its own;
    a reader or a member none."""
    ctx = contexte_de(user)
    qs = DepotDecisionsCAL.objects.select_related("bailleur", "par").defer("contenu")
    if ctx.superutilisateur or (ctx.est_epci and ctx.a_role(*ROLES_POSITIONNEMENTS)):
        return qs
    bailleur = services.bailleur_des_retours_cal(user)
    return qs.filter(bailleur=bailleur) if bailleur else qs.none()


def _vue(request: HttpRequest, vue: str, jour: dt.date):
    positionnements = positionnements_visibles(request.user)
    decisions = DecisionCAL.objects.filter(positionnement__in=positionnements.values("pk")).select_related(
        "positionnement__demande", "positionnement__disponibilite__logement__residence__bailleur"
    )
    bailleur = saisie.identifiant(request.GET.get("bailleur"))
    if bailleur:
        positionnements = positionnements.filter(disponibilite__logement__residence__bailleur_id=bailleur)
        decisions = decisions.filter(positionnement__disponibilite__logement__residence__bailleur_id=bailleur)
    if vue == "attendues":
        qs = decisions_attendues(request.user, jour, cal.delai_decision())
        return qs.filter(disponibilite__logement__residence__bailleur_id=bailleur) if bailleur else qs
    if vue == "reponses":
        return decisions.filter(
            positionnement__etat__in=[E.ATTRIBUE, E.ATTRIBUE_RANG, E.ATTRIBUE_CS],
            date_cal__lte=jour - dt.timedelta(days=DELAI_REPONSE_JOURS),
        ).order_by("date_cal", "pk")
    if vue == "attributions":
        return decisions.filter(date_bail__isnull=False).order_by("-date_bail", "-pk")
    if vue == "irrecevables":
        return decisions.filter(
            decision=DecisionCal.REJET_IRRECEVABILITE,
            positionnement__etat=E.IRRECEVABLE,
        ).exclude(positionnement__demande__etat=EtatDemande.RADIEE)
    if vue == "depots":
        qs = depots_visibles(request.user)
        return qs.filter(bailleur_id=bailleur) if bailleur else qs
    decision = request.GET.get("decision", "")
    if decision in DecisionCal.values:
        decisions = decisions.filter(decision=decision)
    return decisions.order_by("-date_cal", "-pk")


@login_required
def retours(request: HttpRequest) -> HttpResponse:
    ctx = contexte_de(request.user)
    bailleur = services.bailleur_des_retours_cal(request.user)
    form = DepotForm(request.POST or None, request.FILES or None) if bailleur else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Seuls les gestionnaires d'un bailleur déposent les décisions de sa CAL.")
        if form.is_valid():
            fichier = form.cleaned_data["fichier"]
            try:
                depot = services.depot_recevoir(par=request.user, nom=fichier.name, contenu=fichier.read())
            except ErreurMetier as err:
                form.add_error("fichier", err.message)
            else:
                return redirect("positionnements:depot_cal", pk=depot.pk)
    defaut = "attendues" if ctx.est_epci else "depots"
    vue = request.GET.get("vue", defaut)
    vue = vue if vue in VUES else defaut
    jour = timezone.localdate()
    page = Paginator(_vue(request, vue, jour), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "positionnements/cal.html",
        {
            "form": form,
            "bailleur": bailleur,
            "vue": vue,
            "vues": VUES,
            "page": page,
            "jour": jour,
            "delai": cal.delai_decision(),
            "delai_reponse": DELAI_REPONSE_JOURS,
            "bailleurs": Organisation.objects.filter(type="BAILLEUR").order_by("nom") if ctx.est_epci else [],
            "bailleur_choisi": str(saisie.identifiant(request.GET.get("bailleur")) or ""),
            "decisions": DecisionCal.choices,
            "decision_choisie": request.GET.get("decision", ""),
            "casa": ctx.est_epci,
            "peut_corriger": services.peut_positionner(request.user),
            **_liste_depots(request, vue),
            **_prerempli(request, bailleur),
        },
    )


def _prerempli(request: HttpRequest, bailleur: Organisation | None) -> dict:
    """What the page says of the pre-filled template: how many candidates it would hold, for whom."""
    ctx = contexte_de(request.user)
    if bailleur is None and not (ctx.superutilisateur or (ctx.est_epci and ctx.a_role(*ROLES_POSITIONNEMENTS))):
        return {"prerempli": False}
    choisi = bailleur.pk if bailleur is not None else saisie.identifiant(request.GET.get("bailleur"))
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
    progression = tasks.progression(depot.pk)
    verification_interrompue = depot.etat in (EtatDepot.RECU, EtatDepot.VERIFICATION) and tasks.interrompue(
        depot.pk, "VERIFICATION"
    )
    en_verification = depot.etat in (EtatDepot.RECU, EtatDepot.VERIFICATION) and not verification_interrompue
    interrompue = depot.etat == EtatDepot.VERIFIE and tasks.interrompue(depot.pk, "APPLICATION")
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
        "peut_appliquer": services.peut_appliquer(request.user, depot),
        "peut_relancer": services.peut_relancer(request.user, depot),
        "notes": depot.notes,
        **page_erreurs(request, depot.erreurs, depot.nombre_erreurs),
    }


@login_required
def depot(request: HttpRequest, pk: int) -> HttpResponse:
    d = get_object_or_404(depots_visibles(request.user), pk=pk)
    if request.method == "POST":
        # a file not (or no longer) to apply: the service says why, without a confirmation first
        confirmable = (d.etat == EtatDepot.VERIFIE or confirmee(request)) and services.peut_appliquer(request.user, d)
        if confirmable and (reponse := confirmer(request, _application(d))) is not None:
            return reponse
        try:
            services.depot_demander_application(par=request.user, depot=d)
        except ErreurMetier as err:
            messages.error(request, err.message)
        else:
            messages.info(request, "Application demandée : la page se met à jour toute seule.")
        return redirect("positionnements:depot_cal", pk=pk)
    changements = d.transitions.select_related(
        "positionnement__demande", "positionnement__disponibilite__logement__residence"
    ).order_by("positionnement__disponibilite_id", "positionnement__rang", "pk")
    return render(
        request,
        "positionnements/depot_cal.html",
        {**_contexte_depot(request, d), "changements": changements[:300], "nombre_changements": changements.count()},
    )


def _application(d: DepotDecisionsCAL) -> Action:
    """What applying a checked file says before it acts, from the check's summary (cal.Rapport.resume)."""
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
        if not (baux and etat == "Bail signé")  # the leases are said one by one below
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
    if format not in ("csv", "xlsx"):
        raise Http404
    if format == "xlsx":
        reponse = HttpResponse(
            cal.modele_xlsx(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        reponse = HttpResponse(cal.modele_csv(), content_type="text/csv; charset=windows-1252")
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
    lignes = cal.lignes_preremplies(positionnements_pour_la_cal(request.user, bailleur_id))
    avec_bailleur = bailleur is None
    if format == "xlsx":
        reponse = HttpResponse(
            cal.modele_prerempli_xlsx(lignes, avec_bailleur=avec_bailleur),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        reponse = HttpResponse(
            cal.modele_prerempli_csv(lignes, avec_bailleur=avec_bailleur), content_type="text/csv; charset=windows-1252"
        )
    qui = bailleur.slug if bailleur else "tous_bailleurs"
    nom = f"decisions_cal_{qui}_{timezone.localdate():%Y-%m-%d}.{format}"
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    return reponse


def _bailleur_du_modele(request: HttpRequest) -> tuple[Organisation | None, int | None]:
    """(the landlord, its id) whose pre-filled template `request.user` downloads; (None, None) for every landlord."""
    bailleur = services.bailleur_des_retours_cal(request.user)
    if bailleur is not None:
        return bailleur, bailleur.pk
    ctx = contexte_de(request.user)
    if not (ctx.superutilisateur or (ctx.est_epci and ctx.a_role(*ROLES_POSITIONNEMENTS))):
        raise PermissionDenied(
            "Le fichier pré-rempli est celui des candidats d'un bailleur : ses gestionnaires et la CASA le "
            "téléchargent."
        )
    choisi = saisie.identifiant(request.GET.get("bailleur"))
    if not choisi:
        return None, None
    bailleur = get_object_or_404(Organisation, pk=choisi, type=TypeOrganisation.BAILLEUR)
    return bailleur, bailleur.pk


def _oui_non(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("", "inchangé"), ("1", "oui"), ("0", "non")],
        coerce=lambda v: v == "1",
        empty_value=None,
        required=False,
    )


class CorrectionForm(forms.Form):
    date_bail = forms.DateField(label="Date du bail", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    quartile = forms.TypedChoiceField(
        label="Quartile de ressources du ménage au bail",
        choices=[("", "inchangé"), (1, "1er quartile"), (2, "2e"), (3, "3e"), (4, "4e")],
        coerce=int,
        empty_value=None,
        required=False,
    )
    dalo = _oui_non("Ménage DALO")
    renouvellement_urbain = _oui_non("Relogé d'une opération de renouvellement urbain")
    motif = forms.CharField(label="Motif de la correction", max_length=300)


@login_required
def corriger(request: HttpRequest, pk: int) -> HttpResponse:
    """CASA corrects a recorded attribution: past months do not move, this month shows the correction."""
    if not services.peut_positionner(request.user):
        raise PermissionDenied("Seuls les agents de la CASA corrigent une attribution.")
    decision = get_object_or_404(
        DecisionCAL.objects.filter(date_bail__isnull=False).select_related(
            "positionnement__demande", "positionnement__disponibilite__logement__residence"
        ),
        pk=pk,
    )
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
