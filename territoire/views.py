"""Pages of the territory: directory of organisations, communes and QPV, users and habilitations, API keys,
the organisation switcher. Reads go through territoire.selectors, writes through territoire.services."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from commun import format_fr
from commun.confirmation import Action, confirmee, confirmer
from commun.erreurs import ErreurMetier
from commun.listes import repondre

from . import deuxieme_facteur, selectors, services
from .forms import AnnuaireFiltreForm, CleApiForm, HabilitationForm, UtilisateurCreationForm
from .middleware import SESSION_KEY
from .models import Organisation
from .roles import ROLE_DESCRIPTIONS, Role, TypeOrganisation
from .tableaux import UtilisateursFiltre, UtilisateursTableau


def _exiger(request: HttpRequest, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


@login_required
@require_POST
def organisation_choisir(request: HttpRequest) -> HttpResponse:
    try:
        organisation_id = int(request.POST.get("organisation", ""))
        ctx = services.organisation_courante_choisir(utilisateur=request.user, organisation_id=organisation_id)
    except (ValueError, ErreurMetier):
        messages.error(request, "Vous n'avez pas d'habilitation active pour cette organisation.")
    else:
        request.session[SESSION_KEY] = ctx.organisation_id
        messages.success(request, f"Vous agissez maintenant pour : {ctx.organisation_nom}.")
    suivant = request.POST.get("suivant", "")
    if not url_has_allowed_host_and_scheme(suivant, allowed_hosts={request.get_host()}):
        suivant = "accueil"
    return redirect(suivant)


@login_required
def annuaire(request: HttpRequest) -> HttpResponse:
    _exiger(request, "territoire.consulter_annuaire")
    filtre = AnnuaireFiltreForm(request.GET)
    qs = filtre.filtrer(selectors.organisations_visibles(request.user))
    page = Paginator(qs.order_by("type", "nom"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "territoire/annuaire.html",
        {
            "page": page,
            "types": TypeOrganisation.choices,
            "type_choisi": filtre.cleaned_data["type"],
            "recherche": filtre.cleaned_data["q"],
        },
    )


@login_required
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(selectors.organisations_visibles(request.user), slug=slug)
    administre = request.user.has_perm("territoire.gerer_habilitations", organisation)
    habilitations = (
        selectors.habilitations_visibles(request.user).filter(organisation=organisation).actives()
        if administre
        else None
    )
    return render(
        request,
        "territoire/organisation_detail.html",
        {"organisation": organisation, "administre": administre, "habilitations": habilitations},
    )


@login_required
def communes(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "territoire/communes.html",
        {
            "communes": selectors.communes_visibles(request.user).order_by("-population"),
            "qpvs": selectors.qpv_visibles(request.user),
        },
    )


@login_required
def utilisateurs(request: HttpRequest, format: str | None = None) -> HttpResponse:
    """The accounts an administrator manages (utilisateurs_visibles, people only), searched, sorted, paginated; the
    same rows exported when ``format`` is given."""
    _exiger(request, "territoire.gerer_utilisateurs")
    qs = selectors.utilisateurs_visibles(request.user).filter(est_compte_api=False)
    filtre = UtilisateursFiltre(request.GET or None, queryset=qs, request=request)  # as utilisateurs_de_la_liste
    return repondre(
        request,
        liste="utilisateurs",
        tableau=UtilisateursTableau(filtre.qs.order_by("last_name", "first_name", "pk")),
        gabarit="territoire/utilisateurs.html",
        contexte={"filtre": filtre},
        format=format,
    )


@login_required
def utilisateur_creer(request: HttpRequest) -> HttpResponse:
    _exiger(request, "territoire.gerer_utilisateurs")
    organisations = selectors.organisations_administrees(request.user)
    form = UtilisateurCreationForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            utilisateur = services.utilisateur_creer(par=request.user, **form.cleaned_data)
        except ErreurMetier as err:
            form.add_error(err.champ if err.champ in form.fields else None, err.message)
        else:
            messages.success(
                request, f"Compte créé pour {utilisateur}. Un lien pour choisir son mot de passe lui a été envoyé."
            )
            return redirect("utilisateur_detail", pk=utilisateur.pk)
    return render(request, "territoire/utilisateur_creer.html", {"form": form})


@login_required
def utilisateur_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cible = get_object_or_404(selectors.utilisateurs_visibles(request.user), pk=pk)
    _exiger(request, "territoire.voir_utilisateur", cible)
    peut_modifier = request.user.has_perm("territoire.modifier_utilisateur", cible)
    organisations = selectors.organisations_administrees(request.user)
    form = HabilitationForm(request.POST or None, organisations=organisations) if peut_modifier else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.habilitation_ajouter(par=request.user, utilisateur=cible, **form.cleaned_data)
            except ErreurMetier as err:
                form.add_error(err.champ if err.champ in form.fields else None, err.message)
            else:
                messages.success(request, "Habilitation ajoutée.")
                return redirect("utilisateur_detail", pk=cible.pk)
    habilitations = selectors.habilitations_visibles(request.user).filter(utilisateur=cible)
    return render(
        request,
        "territoire/utilisateur_detail.html",
        {
            "cible": cible,
            "habilitations": habilitations,
            "form": form,
            "peut_modifier": peut_modifier,
            "descriptions": {k.value: v for k, v in ROLE_DESCRIPTIONS.items()},
            "securite": deuxieme_facteur.etat_du_compte(cible) if peut_modifier else None,
            "gere_le_compte": request.user.has_perm("territoire.gerer_compte", cible),
        },
    )


@login_required
@require_POST
def habilitation_retirer(request: HttpRequest, pk: int) -> HttpResponse:
    habilitation = get_object_or_404(selectors.habilitations_visibles(request.user), pk=pk)
    if fin_habilitation_possible(request, habilitation) or confirmee(request):
        reponse = confirmer(
            request,
            action_fin_habilitation(habilitation, reverse("utilisateur_detail", args=[habilitation.utilisateur_id])),
        )
        if reponse is not None:
            return reponse
    try:
        services.habilitation_retirer(par=request.user, habilitation=habilitation)
    except ErreurMetier as err:
        messages.error(request, err.message)
    else:
        messages.success(request, f"Habilitation retirée : {habilitation.get_role_display()}.")
    return redirect("utilisateur_detail", pk=habilitation.utilisateur_id)


def fin_habilitation_possible(request: HttpRequest, habilitation) -> bool:
    """Whether ending this habilitation is worth a confirmation: still active and not the person's own administrator
    role (services.habilitation_retirer refuses that one: the refusal is said at once)."""
    propre = habilitation.utilisateur_id == request.user.pk and habilitation.role == Role.ADMINISTRATEUR
    return habilitation.active and not propre


def action_fin_habilitation(habilitation, retour: str) -> Action:
    """The confirmation of ending a habilitation (« Retirer » on an account's page, « Mettre fin » in the access
    review): whose right to do what ends, and what that person can no longer do."""
    qui = habilitation.utilisateur.get_full_name() or habilitation.utilisateur.username
    return Action(
        titre=f"Mettre fin à l'habilitation de {qui} ?",
        effets=[
            f"{qui} ne sera plus « {habilitation.get_role_display()} » pour {habilitation.organisation.nom} : "
            "les pages et les données de ce rôle lui seront fermées dès sa prochaine page.",
            "Ses autres habilitations, s'il en a, ne changent pas.",
        ],
        bouton="Confirmer la fin de l'habilitation",
        retour=retour,
        definitif="Une habilitation terminée ne se rétablit pas : il faudra en donner une nouvelle.",
    )


# The key forms already sent in this session (jeton → key): the same form sent again (a reload of the page that showed
# the secret, a double click) does not make a second key, and the secret is never shown again.
SESSION_CLES_CREEES = "cles_api_creees"


@never_cache  # the answer that shows a key's secret is kept by no cache, nor by the browser's history
@login_required
def cles_api(request: HttpRequest) -> HttpResponse:
    _exiger(request, "territoire.gerer_utilisateurs")
    organisation = get_object_or_404(Organisation, pk=request.user.contexte.organisation_id)
    _exiger(request, "territoire.gerer_cles_api", organisation)
    cles = selectors.cles_api_visibles(request.user).filter(organisation=organisation)
    form = CleApiForm(request.POST or None, organisation=organisation)
    secret = None
    jeton = (request.POST.get("jeton") or "")[:32] if request.method == "POST" else uuid.uuid4().hex
    if request.method == "POST":
        deja = request.session.get(SESSION_CLES_CREEES, {}).get(jeton) if jeton else None
        cle_deja = cles.filter(pk=deja).first() if deja else None
        if cle_deja is not None:
            messages.warning(
                request,
                f"Ce formulaire a déjà créé la clé « {cle_deja.nom} » : son secret ne s'affiche qu'une fois. Si vous "
                "ne l'avez pas copié, révoquez cette clé et créez-en une autre.",
            )
            return redirect("cles_api")
        if form.is_valid():
            try:
                cle, secret = services.cle_api_creer(par=request.user, organisation=organisation, **form.cleaned_data)
            except ErreurMetier as err:
                form.add_error(err.champ if err.champ in form.fields else None, err.message)
            else:
                crees = request.session.get(SESSION_CLES_CREEES, {})
                request.session[SESSION_CLES_CREEES] = dict(list(crees.items())[-19:]) | {jeton: cle.pk}
                messages.success(
                    request, f"Clé « {cle.nom} » créée. Copiez-la maintenant : elle ne sera plus affichée."
                )
                form = CleApiForm(organisation=organisation)
                jeton = uuid.uuid4().hex
    return render(
        request,
        "territoire/cles_api.html",
        {
            "organisation": organisation,
            "cles": cles,
            "a_renouveler": selectors.cles_api_a_renouveler(cles),
            "alerte_jours": settings.CASA_CLE_API_ALERTE_JOURS,
            "aujourd_hui": timezone.localdate(),
            "form": form,
            "jeton": jeton,
            "secret": secret,
        },
    )


@login_required
@require_POST
def cle_api_revoquer(request: HttpRequest, pk: int) -> HttpResponse:
    cle = get_object_or_404(selectors.cles_api_visibles(request.user), pk=pk)
    if cle.revoquee_le is None or confirmee(request):
        derniere = (
            f"utilisée pour la dernière fois le {format_fr.date(timezone.localtime(cle.derniere_utilisation))}"
            if cle.derniere_utilisation
            else "jamais utilisée"
        )
        reponse = confirmer(
            request,
            Action(
                titre=f"Révoquer la clé d'API « {cle.nom} » ?",
                effets=[
                    f"La clé « {cle.nom} » ({derniere}) sera révoquée tout de suite : chaque appel qui l'utilise "
                    "sera refusé.",
                    "Le système partenaire qui s'en sert ne pourra plus appeler l'API avant d'avoir reçu une "
                    "nouvelle clé.",
                ],
                bouton="Confirmer la révocation",
                retour=reverse("cles_api"),
                definitif="Une clé révoquée ne se réactive pas : il faut en créer une nouvelle.",
            ),
        )
        if reponse is not None:
            return reponse
    services.cle_api_revoquer(par=request.user, cle=cle)
    messages.success(request, f"Clé « {cle.nom} » révoquée : les appels qui l'utilisent sont refusés.")
    return redirect("cles_api")


def statistiques_organisations() -> dict[str, int]:
    """Counts of organisations by type, for the administrators' home page."""
    return dict(
        Organisation.objects.filter(active=True).values_list("type").annotate(n=Count("id")).values_list("type", "n")
    )
