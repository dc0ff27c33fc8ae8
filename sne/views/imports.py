"""Pages of the SNE imports (docs/sne.md « Pages »): the list of the files received and, for CASA's administrators,
the upload of a file (one XML or a ZIP); an import's page, which follows the job (polled with htmx) then shows the
report, filtered by result and paginated in SQL; the report as CSV; « Relancer » an interrupted or failed import.

CASA's administrators and instructors read (sne.rules.suit_le_sne), others get 403; only administrators upload and
relaunch (sne.rules.administre_le_sne)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from commun import tableurs
from commun.erreurs import ErreurMetier
from commun.listes import preparer
from demandes.selectors import demandes_visibles

from .. import services, travaux
from ..forms import DUREE_JETON, DepotSNEForm, FiltreRapportForm
from ..models import EtatImportSNE, ImportSNE, OrigineImportSNE
from ..rules import administre_le_sne, suit_le_sne
from ..selectors import compteurs_du_rapport, imports_visibles, lignes_du_rapport, nombre_de_lignes
from ..tableaux import ImportsTableau

E = EtatImportSNE
LIGNES_PAR_PAGE = 50
ENVOI_EN_COURS = "EN_COURS"
LOT_CSV = 2000
# The badge of each result in the report.
CLASSES = {
    "CREEE": "text-bg-success",
    "MISE_A_JOUR": "text-bg-primary",
    "INCHANGEE": "text-bg-light border",
    "CONFLIT": "text-bg-warning",
    "DOUBLON": "text-bg-warning",
    "IGNOREE": "text-bg-secondary",
    "REFUSEE": "text-bg-danger",
}


def exiger_le_suivi(user) -> None:
    """403 for a person who does not follow the SNE import."""
    if not suit_le_sne(user):
        raise PermissionDenied("Les imports du SNE sont suivis par l'administration et l'instruction de la CASA.")


@login_required
def imports(request: HttpRequest) -> HttpResponse:
    """The imports received, the most recent first; for an administrator, the upload form (POST)."""
    exiger_le_suivi(request.user)
    form = None
    if administre_le_sne(request.user):
        form = DepotSNEForm(*([request.POST, request.FILES] if request.method == "POST" else []), user=request.user)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Seule l'administration de la CASA importe les fichiers du SNE.")
        if (reponse := _recevoir(request, form)) is not None:
            return reponse
    tableau = preparer(request, ImportsTableau(imports_visibles(request.user).order_by("-cree_le", "-pk")))
    return render(request, "sne/imports.html", {"form": form, "tableau": tableau})


def _recevoir(request: HttpRequest, form: DepotSNEForm) -> HttpResponse | None:
    """The file received (services.imports_creer) once per upload page: its token is spent in the cache (`cache.add`,
    atomic), so a second sending of the same page (a double click, a reload) goes to the import the first created.
    None: the form has errors (a fresh token with it)."""
    nonce = form.nonce if form.is_valid() else None
    if form.is_valid() and nonce is None:
        form.add_error(None, "Cette page d'envoi a expiré : choisissez de nouveau le fichier, puis envoyez-le.")
    if not form.is_valid():
        form.nouveau_jeton()
        return None
    cle = f"sne:depot:{nonce}"
    if not cache.add(cle, ENVOI_EN_COURS, DUREE_JETON):
        return _deja_envoye(request, cache.get(cle))
    fichier = form.cleaned_data["fichier"]
    try:
        recus = services.imports_creer(
            contenu=fichier.read(), nom=fichier.name, origine=OrigineImportSNE.DEPOT, par=request.user
        )
    except ErreurMetier as err:
        cache.delete(cle)
        form.add_error("fichier", err.message)
        form.nouveau_jeton()
        return None
    ids = [i.pk for i in recus]
    transaction.on_commit(lambda: cache.set(cle, ids, DUREE_JETON))
    if len(ids) == 1:
        messages.success(request, f"Fichier reçu : import n° {ids[0]} en cours. La page suit son avancement.")
        return redirect("sne:import", pk=ids[0])
    messages.success(
        request,
        f"Archive reçue : {len(ids)} fichiers XML, un import chacun (n° {ids[0]} à {ids[-1]}), traités l'un après "
        "l'autre.",
    )
    return redirect("sne:imports")


def _deja_envoye(request: HttpRequest, ids) -> HttpResponse:
    if isinstance(ids, list) and ids:
        messages.info(request, "Ce fichier a déjà été envoyé depuis cette page : un seul import a été créé.")
        return redirect("sne:import", pk=ids[0]) if len(ids) == 1 else redirect("sne:imports")
    messages.info(request, "Ce fichier est déjà en cours d'envoi depuis cette page : il apparaîtra dans la liste.")
    return redirect("sne:imports")


def _contexte_import(request: HttpRequest, imp: ImportSNE) -> dict:
    """Where the import's job stands (running, interrupted, done) and what the person may do with it."""
    interrompu = imp.etat in (E.RECU, E.EN_COURS) and travaux.interrompu(imp.pk)
    progression = (travaux.progression(imp.pk) or {}) if imp.etat in (E.RECU, E.EN_COURS) else {}
    total = progression.get("total") or 0
    return {
        "import_sne": imp,
        "en_cours": imp.etat in (E.RECU, E.EN_COURS) and not interrompu,
        "interrompu": interrompu,
        "fait": progression.get("fait") or 0,
        "total": total,
        "pourcentage": round(100 * progression["fait"] / total) if total else 0,
        "peut_relancer": administre_le_sne(request.user) and (interrompu or imp.etat == E.ECHEC),
    }


class PagesComptees(Paginator):
    """A paginator told its number of rows (the import's totals, selectors.nombre_de_lignes) instead of counting
    them; counts them when it is not told (None)."""

    def __init__(self, objets, par_page: int, nombre: int | None):
        super().__init__(objets, par_page)
        self._nombre = nombre

    @cached_property
    def count(self) -> int:
        return self._nombre if self._nombre is not None else super().count


def _rapport(request: HttpRequest, imp: ImportSNE, resultat: str) -> dict:
    """One page of the report (LIGNES_PAR_PAGE lines read with LIMIT/OFFSET), the counts by result, and which
    demands of the page the person may open (one query)."""
    lignes = lignes_du_rapport(imp, resultat)
    page = PagesComptees(lignes, LIGNES_PAR_PAGE, nombre_de_lignes(imp, resultat)).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    ids = {li.demande_id for li in page.object_list if li.demande_id}
    lisibles = set(demandes_visibles(request.user).filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    for ligne in page.object_list:
        ligne.lisible = ligne.demande_id in lisibles
        ligne.classe = CLASSES.get(ligne.resultat, "text-bg-light border")
    return {
        "compteurs": compteurs_du_rapport(imp),
        "total_lignes": nombre_de_lignes(imp) or 0,
        "resultat": resultat,
        "page": page,
    }


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An import's page: its job's progress, then its report (`?resultat=` one result, `?page=`)."""
    exiger_le_suivi(request.user)
    imp = get_object_or_404(imports_visibles(request.user), pk=pk)
    contexte = _contexte_import(request, imp)
    if imp.etat == E.APPLIQUE:
        contexte |= _rapport(request, imp, FiltreRapportForm(request.GET).resultat_choisi)
    return render(request, "sne/import.html", contexte)


@login_required
def import_etat(request: HttpRequest, pk: int) -> HttpResponse:
    """The import's state, polled by its page while the job runs; once it ends, the page is reloaded (htmx) to show
    the report or the reason."""
    exiger_le_suivi(request.user)
    imp = get_object_or_404(imports_visibles(request.user), pk=pk)
    contexte = _contexte_import(request, imp)
    if request.htmx and not contexte["en_cours"]:
        return HttpResponseClientRefresh()
    return render(request, "sne/_import_etat.html", contexte)


@login_required
@require_POST
def import_relancer(request: HttpRequest, pk: int) -> HttpResponse:
    """« Relancer » an interrupted or failed import (services.import_relancer says when there is nothing to run)."""
    if not administre_le_sne(request.user):
        raise PermissionDenied("Seule l'administration de la CASA relance un import du SNE.")
    imp = get_object_or_404(imports_visibles(request.user), pk=pk)
    try:
        services.import_relancer(par=request.user, import_sne=imp)
    except ErreurMetier as err:
        messages.error(request, err.message)
    else:
        messages.info(request, "Import relancé : la page se met à jour toute seule.")
    return redirect("sne:import", pk=pk)


ENTETE_CSV = ("Rang", "Numéro unique", "Demande (n° local)", "Résultat", "Champs modifiés", "Événements", "Motifs")


def _lignes_csv(lignes):
    """The report's CSV, streamed by batches (UTF-8 with its signature first, « ; »), every cell through
    commun.tableurs."""
    yield tableurs.csv_ecrire([], entete=ENTETE_CSV)
    lot = []
    for ligne in lignes.iterator(chunk_size=LOT_CSV):
        demande = ligne.demande.numero if ligne.demande_id else ""
        lot.append(
            [
                ligne.position,
                ligne.nur,
                demande,
                ligne.get_resultat_display(),
                " ; ".join(ligne.champs),
                " ; ".join(ligne.evenements),
                " ; ".join(ligne.motifs),
            ]
        )
        if len(lot) == LOT_CSV:
            yield tableurs.csv_ecrire(lot, encodage="utf-8")
            lot = []
    if lot:
        yield tableurs.csv_ecrire(lot, encodage="utf-8")


@login_required
def import_rapport_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """The report as CSV: every line (of the result filtered on the page), in the file's order."""
    exiger_le_suivi(request.user)
    imp = get_object_or_404(imports_visibles(request.user), pk=pk)
    resultat = FiltreRapportForm(request.GET).resultat_choisi
    reponse = StreamingHttpResponse(
        _lignes_csv(lignes_du_rapport(imp, resultat)), content_type="text/csv; charset=utf-8"
    )
    suffixe = f"_{resultat.lower()}" if resultat else ""
    reponse["Content-Disposition"] = f'attachment; filename="rapport_import_sne_{imp.pk}{suffixe}.csv"'
    reponse["Cache-Control"] = "private, no-store"
    return reponse
