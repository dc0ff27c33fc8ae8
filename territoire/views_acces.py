"""Pages of access governance: the review of an organisation's habilitations and CASA's view of every review,
« qui voit quoi » (page, CSV, XLSX), the sensitive reads, the reactivation of an account. Reads go through
territoire.selectors_acces, writes through territoire.services_acces (one per POST)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from commun import saisie
from commun.confirmation import confirmee, confirmer
from commun.erreurs import ErreurMetier

from . import exports, selectors, selectors_acces, services_acces
from .acces import ce_que_fait, ce_que_voit, reglage
from .forms import EtatRevueFiltreForm, LecturesFiltreForm
from .models import DecisionRevue, NatureLecture, Organisation
from .rules import est_administrateur_epci
from .views import action_fin_habilitation, fin_habilitation_possible


def _exiger(request: HttpRequest, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _organisation_choisie(request: HttpRequest) -> Organisation:
    """The current organisation, or for CASA's administrators the one named by ?organisation=<slug> (404 if it is
    not one the caller may see)."""
    slug = request.GET.get("organisation", "")
    if slug and est_administrateur_epci(request.user):
        return get_object_or_404(selectors.organisations_visibles(request.user), slug=slug[:80])
    return get_object_or_404(Organisation, pk=request.user.contexte.organisation_id)


def _url_revue(request: HttpRequest, organisation: Organisation) -> str:
    url = reverse("revue_habilitations")
    if organisation.pk != request.user.contexte.organisation_id:
        url += f"?organisation={organisation.slug}"
    return url


# --------------------------------------------------------------------------- the review of habilitations


@login_required
def revue(request: HttpRequest) -> HttpResponse:
    """The campaign of an organisation (the latest one): each habilitation with its holder's last login and dates,
    « Confirmer » / « Mettre fin » on the rows still to decide, and the progress."""
    _exiger(request, "territoire.gerer_utilisateurs")
    organisation = _organisation_choisie(request)
    _exiger(request, "territoire.revoir_habilitations", organisation)
    revue = (
        selectors_acces.avec_progression(
            selectors_acces.revues_visibles(request.user).filter(organisation=organisation)
        )
        .order_by("-ouverte_le", "-pk")
        .first()
    )
    return render(
        request,
        "territoire/acces/revue.html",
        {
            "organisation": organisation,
            "revue": revue,
            "lignes": selectors_acces.lignes_de_revue(revue) if revue else [],
            "faites": (revue.total - revue.restantes) if revue else 0,
            "mois": reglage("CASA_REVUE_HABILITATIONS_MOIS"),
            "retard_jours": reglage("CASA_REVUE_HABILITATIONS_RETARD_JOURS"),
            "en_retard": bool(revue and revue.ouverte and revue.echeance < timezone.localdate()),
            "decisions": DecisionRevue,
        },
    )


@login_required
@require_POST
def revue_decider(request: HttpRequest, pk: int) -> HttpResponse:
    """One decision (`decision` = CONFIRMEE or TERMINEE) on one habilitation of the open campaign."""
    _exiger(request, "territoire.gerer_utilisateurs")
    habilitation = get_object_or_404(selectors.habilitations_visibles(request.user), pk=pk)
    decision = request.POST.get("decision", "")
    if decision not in (DecisionRevue.CONFIRMEE, DecisionRevue.TERMINEE):
        messages.error(request, "Choisissez « Confirmer » ou « Mettre fin » sur la ligne de l'habilitation.")
        return redirect(_url_revue(request, habilitation.organisation))
    # ending a right is confirmed, keeping it is not; a refusal (no review open, row decided, one's own administrator
    # role) is said at once by the service
    a_decider = services_acces.ligne_a_decider(habilitation) and fin_habilitation_possible(request, habilitation)
    if decision == DecisionRevue.TERMINEE and (a_decider or confirmee(request)):
        action = action_fin_habilitation(habilitation, _url_revue(request, habilitation.organisation))
        if (reponse := confirmer(request, action)) is not None:
            return reponse
    try:
        services_acces.revue_decider(par=request.user, habilitation=habilitation, decision=decision)
    except ErreurMetier as err:
        messages.error(request, err.message)
    else:
        qui = habilitation.utilisateur.get_full_name() or habilitation.utilisateur.username
        if decision == DecisionRevue.CONFIRMEE:
            messages.success(request, f"Habilitation confirmée : {habilitation.get_role_display()} de {qui}.")
        else:
            messages.success(request, f"Fin de l'habilitation : {habilitation.get_role_display()} de {qui}.")
    return redirect(_url_revue(request, habilitation.organisation))


@login_required
def revues(request: HttpRequest) -> HttpResponse:
    """CASA's administrators: where every organisation's review stands (late first when filtered)."""
    _exiger(request, "territoire.suivre_revues")
    etats = selectors_acces.etat_des_revues(request.user)
    comptes = {cle: sum(1 for e in etats if e.etat == cle) for cle in selectors_acces.ETATS}
    etat = EtatRevueFiltreForm(request.GET, etats=selectors_acces.ETATS).etat_choisi()
    if etat:
        etats = [e for e in etats if e.etat == etat]
    page = Paginator(etats, 50).get_page(saisie.entier(request.GET.get("page"), minimum=1, defaut=1))
    return render(
        request,
        "territoire/acces/revues.html",
        {
            "page": page,
            "etat": etat,
            "etats": [(cle, libelle, comptes[cle]) for cle, libelle in selectors_acces.ETATS.items()],
            "mois": reglage("CASA_REVUE_HABILITATIONS_MOIS"),
            "retard_jours": reglage("CASA_REVUE_HABILITATIONS_RETARD_JOURS"),
        },
    )


# --------------------------------------------------------------------------- who sees what


def _qui_voit_quoi(request: HttpRequest):
    _exiger(request, "territoire.voir_qui_voit_quoi")
    organisation = None
    if est_administrateur_epci(request.user) and request.GET.get("organisation"):
        organisation = _organisation_choisie(request)
    return organisation, selectors_acces.qui_voit_quoi(request.user, organisation)


@login_required
def qui_voit_quoi(request: HttpRequest) -> HttpResponse:
    organisation, habilitations = _qui_voit_quoi(request)
    page = Paginator(habilitations.select_related("utilisateur", "organisation"), 100).get_page(
        saisie.entier(request.GET.get("page"), minimum=1, defaut=1)
    )
    for h in page:
        h.fait = ce_que_fait(h.role)
        h.voit = ce_que_voit(h.role, h.organisation.type, compte_api=h.utilisateur.est_compte_api)
    return render(
        request,
        "territoire/acces/qui_voit_quoi.html",
        {
            "page": page,
            "organisation": organisation,
            "organisations": selectors.organisations_visibles(request.user).filter(active=True).order_by("nom")
            if est_administrateur_epci(request.user)
            else None,
            "parametres": f"organisation={organisation.slug}" if organisation else "",
        },
    )


@login_required
def qui_voit_quoi_export(request: HttpRequest, format: str) -> HttpResponse:
    """The same list as the page, whole, as CSV or XLSX; the export is noted among the sensitive reads."""
    organisation, habilitations = _qui_voit_quoi(request)
    perimetre = organisation or (
        None if est_administrateur_epci(request.user) else request.user.contexte.organisation_nom
    )
    titre = f"Qui voit quoi — {perimetre or 'toutes les organisations'}"
    rangs = list(exports.lignes(habilitations))
    services_acces.lecture_noter(par=request.user, nature=NatureLecture.EXPORT_ACCES, nombre=len(rangs))
    if format == "csv":
        reponse = HttpResponse(exports.en_csv(rangs), content_type="text/csv; charset=utf-8")
    else:
        reponse = HttpResponse(
            exports.en_xlsx(rangs, titre=titre),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    reponse["Content-Disposition"] = f'attachment; filename="qui_voit_quoi_{timezone.localdate():%Y-%m-%d}.{format}"'
    reponse["Cache-Control"] = "private, no-store"
    return reponse


# --------------------------------------------------------------------------- sensitive reads


@login_required
def lectures(request: HttpRequest) -> HttpResponse:
    """CASA's administrators: who read which piece, list of demands or named export, and when; filtered by period,
    person and kind, 50 a page. A filter that cannot be read is said on the page, the others still apply."""
    _exiger(request, "territoire.voir_lectures_sensibles")
    lecteurs = selectors_acces.lecteurs(request.user)
    filtre = LecturesFiltreForm(request.GET, lecteurs=lecteurs)
    qs = filtre.filtrer(selectors_acces.lectures_visibles(request.user))
    page = Paginator(qs, 50).get_page(saisie.entier(request.GET.get("page"), minimum=1, defaut=1))
    parametres = request.GET.copy()
    parametres.pop("page", None)
    return render(
        request,
        "territoire/acces/lectures.html",
        {
            "page": page,
            "erreurs": filtre.erreurs,
            **filtre.choix,
            "lecteurs": lecteurs,
            "natures": NatureLecture.choices,
            "parametres": parametres.urlencode(),
            "N": NatureLecture,
        },
    )


# --------------------------------------------------------------------------- accounts


@login_required
@require_POST
def utilisateur_reactiver(request: HttpRequest, pk: int) -> HttpResponse:
    cible = get_object_or_404(selectors.utilisateurs_visibles(request.user), pk=pk)
    _exiger(request, "territoire.gerer_compte", cible)
    try:
        services_acces.compte_reactiver(par=request.user, utilisateur=cible)
    except ErreurMetier as err:
        messages.error(request, err.message)
    else:
        messages.success(
            request,
            f"Compte réactivé : la personne a {reglage('CASA_COMPTE_INACTIF_JOURS')} jours pour se connecter "
            "avant qu'il soit de nouveau désactivé.",
        )
    return redirect("utilisateur_detail", pk=cible.pk)
