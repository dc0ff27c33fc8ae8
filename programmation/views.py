"""Pages of the parc: the landlord's résidences and dwellings, the stock import (check, then apply), the declaration
of a dwelling to fill, and the list of dwellings awaiting positioning. Reads through selectors, writes through
services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from commun import format_fr
from commun.confirmation import Action, confirmee, confirmer
from commun.erreurs import ErreurMetier
from commun.fichiers.erreurs import page_erreurs
from commun.listes import repondre
from commun.travaux import Etape

from . import observatoire, services
from .forms import DeclarationForm, ImportForm
from .import_parc import modele as modele_parc
from .import_parc import occupation_verification as occupation
from .import_parc import services as imports
from .models import EtatImport, ImportParc, NatureImport
from .rules import declare_le_logement, gere_un_parc
from .selectors import (
    disponibilites_a_pourvoir,
    imports_visibles,
    logements_visibles,
    parc_gere,
    residences_visibles,
)
from .tableaux import DisponibilitesFiltre, DisponibilitesTableau, pour_la_liste
from .tasks import SUIVI

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def parc(request: HttpRequest) -> HttpResponse:
    residences = residences_visibles(request.user).annotate(n=Count("logements")).order_by("commune__nom", "nom")
    page = Paginator(residences, 50).get_page(request.GET.get("page"))
    return render(request, "programmation/parc.html", {"page": page, "bailleur": parc_gere(request.user)})


@login_required
def residence(request: HttpRequest, pk: int) -> HttpResponse:
    res = get_object_or_404(residences_visibles(request.user), pk=pk)
    logements = logements_visibles(request.user).filter(residence=res)
    indicateurs = observatoire.indicateurs(
        residences_visibles(request.user).filter(pk=res.pk), groupe="territoire", jour=timezone.localdate()
    )
    return render(
        request,
        "programmation/residence.html",
        {
            "residence": res,
            "logements": logements,
            "bailleur": parc_gere(request.user),
            "indicateurs": indicateurs[None],
        },
    )


@login_required
def importer(request: HttpRequest) -> HttpResponse:
    bailleur = parc_gere(request.user)
    if bailleur is None:
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fichier = form.cleaned_data["fichier"]
        try:
            imp = imports.import_recevoir(
                par=request.user,
                bailleur=bailleur,
                nom=fichier.name,
                contenu=fichier.read(),
                nature=form.cleaned_data["nature"],
            )
        except ErreurMetier as err:
            form.add_error("fichier", err.message)
        else:
            return redirect("programmation:import", pk=imp.pk)
    historique = imports_visibles(request.user).select_related("par")[:20]
    return render(
        request, "programmation/importer.html", {"form": form, "historique": historique, "bailleur": bailleur}
    )


def _import_du_bailleur(request: HttpRequest, pk: int) -> ImportParc:
    if not gere_un_parc(request.user):
        raise PermissionDenied
    return get_object_or_404(imports_visibles(request.user), pk=pk)


def _contexte_import(request: HttpRequest, imp: ImportParc) -> dict:
    en_verification = imp.etat in (EtatImport.RECU, EtatImport.VERIFICATION)
    verification_interrompue = en_verification and SUIVI.interrompu(
        imp.pk, Etape.VERIFICATION, depuis=imp.cree_le.timestamp()
    )
    demandee = imp.etat == EtatImport.VERIFIE and imp.application_demandee_le is not None
    interrompue = demandee and SUIVI.interrompu(imp.pk, Etape.APPLICATION)
    en_application = demandee and not interrompue
    return {
        "import": imp,
        # a checked file a newer applied one supersedes: said, without the button (found by a newcomer)
        "depasse_par": imports.applique_apres(imp) if imp.etat == EtatImport.VERIFIE and not demandee else None,
        "notes": imp.notes,
        "en_cours": (en_verification and not verification_interrompue) or en_application,
        "en_application": en_application,
        "interrompue": interrompue,
        "verification_interrompue": verification_interrompue,
        "pourcentage": SUIVI.pourcentage(imp.pk),
        **page_erreurs(request, imp.erreurs, imp.nombre_erreurs),
    }


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    imp = _import_du_bailleur(request, pk)
    if request.method == "POST":
        # a file not (or no longer) to apply: the service says why, without a confirmation first
        if imp.etat == EtatImport.VERIFIE and imp.application_demandee_le is None or confirmee(request):
            lignes = format_fr.compte(imp.lignes, "ligne", "lignes")
            depose = f"« {imp.nom_fichier} » (déposé le {format_fr.date(timezone.localtime(imp.cree_le))})"
            action = Action(
                titre="Enregistrer cette occupation ?"
                if imp.nature == NatureImport.OCCUPATION
                else "Appliquer ce fichier au parc ?",
                effets=[
                    (
                        f"Les {lignes} du fichier {depose} enregistreront les ménages en place dans les logements "
                        f"{format_fr.de(imp.bailleur.nom)} ; dans les résidences du fichier, un logement qu'il ne cite "
                        "pas est considéré libre (les ménages logés par l'application y restent)."
                    )
                    if imp.nature == NatureImport.OCCUPATION
                    else f"Les {lignes} du fichier {depose} créeront ou mettront à jour les résidences et les "
                    f"logements {format_fr.de(imp.bailleur.nom)}.",
                    "Tout est enregistré en une seule fois par le service de traitement ; la page suit son avancement.",
                ],
                bouton="Confirmer l'enregistrement de l'occupation"
                if imp.nature == NatureImport.OCCUPATION
                else "Confirmer l'application au parc",
                retour=reverse("programmation:import", args=[pk]),
                definitif="Un import appliqué ne se retire pas : une erreur se corrige par un nouveau fichier.",
            )
            if (reponse := confirmer(request, action)) is not None:
                return reponse
        try:
            imports.import_demander_application(par=request.user, import_parc=imp)
        except ErreurMetier as err:
            messages.error(request, err.message)
        else:
            messages.info(request, "Application demandée : la page se met à jour toute seule.")
        return redirect("programmation:import", pk=pk)
    return render(request, "programmation/import_detail.html", _contexte_import(request, imp))


@login_required
def import_etat(request: HttpRequest, pk: int) -> HttpResponse:
    """The import's state, polled by its page while a worker checks or applies it."""
    imp = _import_du_bailleur(request, pk)
    return render(request, "programmation/_import_etat.html", _contexte_import(request, imp))


@login_required
def import_relancer(request: HttpRequest, pk: int) -> HttpResponse:
    """« Relancer » an import whose check failed or was interrupted, or whose application was interrupted (POST)."""
    imp = _import_du_bailleur(request, pk)
    if request.method == "POST":
        try:
            imports.import_relancer(par=request.user, import_parc=imp)
        except ErreurMetier as err:
            messages.error(request, err.message)
        else:
            messages.info(request, "Relancé : la page se met à jour toute seule.")
    return redirect("programmation:import", pk=pk)


@login_required
def modele(request: HttpRequest, format: str = "csv") -> HttpResponse:
    """The template of a parc file, or with ?nature=occupation of an occupancy file, as CSV or XLSX."""
    module, nom = (occupation, "occupation") if request.GET.get("nature") == "occupation" else (modele_parc, "parc")
    if format == "xlsx":
        reponse = HttpResponse(module.modele_xlsx(), content_type=XLSX)
    else:
        reponse = HttpResponse(module.modele_csv(), content_type="text/csv; charset=windows-1252")
    reponse["Content-Disposition"] = f'attachment; filename="modele_{nom}_casa_logement.{format}"'
    return reponse


@login_required
def declarer(request: HttpRequest, pk: int) -> HttpResponse:
    logement = get_object_or_404(logements_visibles(request.user), pk=pk)
    if not declare_le_logement(request.user, logement):
        raise PermissionDenied("Seul le bailleur du logement déclare sa disponibilité.")
    form = DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.disponibilite_declarer(par=request.user, logement=logement, **form.cleaned_data)
        except ErreurMetier as err:
            form.add_error(err.champ if err.champ in form.fields else None, err.message)
        else:
            messages.success(request, f"Logement {logement.numero} déclaré à pourvoir : la CASA le voit dans sa liste.")
            return redirect("programmation:residence", pk=logement.residence_id)
    return render(request, "programmation/declarer.html", {"logement": logement, "form": form})


@login_required
def a_pourvoir(request: HttpRequest, format: str | None = None) -> HttpResponse:
    """The dwellings to fill within the user's scope (disponibilites_visibles), by deadline, filtered, sorted and
    paginated; the same rows exported when ``format`` is given."""
    qs = disponibilites_a_pourvoir(request.user)  # as its home counter
    filtre = DisponibilitesFiltre(request.GET or None, queryset=qs)
    return repondre(
        request,
        liste="a_pourvoir",
        tableau=DisponibilitesTableau(pour_la_liste(filtre.qs)),
        gabarit="programmation/a_pourvoir.html",
        contexte={"filtre": filtre},
        format=format,
    )
