"""Every list of the application on one pattern (django-tables2): columns sorted by a click on their header
(« ?ordre=colonne », « -colonne » for descending; an unknown key is ignored), pages of 50, filters kept in the URL,
the same rows exported as CSV or XLSX (all pages, same order, the columns the page shows to this person), and the
person's saved filters (kept by territoire.models_listes.FiltreEnregistre, which plugs its reader into
``filtres_enregistres_de`` when the app is ready: this module stays a leaf).

A list view builds its filtered queryset through its usual selector, wraps it in its ``Tableau`` (columns chosen for
the role: a column the page does not show is excluded, never hidden, so it is not exported either) and calls
``repondre``: the page, or the file when the URL is the list's export URL (``format`` = "csv" or "xlsx").
Cells go through commun.tableurs (no live formula in a spreadsheet)."""

from __future__ import annotations

import inspect
import io
from collections.abc import Callable
from dataclasses import dataclass

import django_filters
import django_tables2 as tables
from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, QuerySet, Window
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_str

from commun import tableurs
from commun.replique import lectures_sur_la_replique

FORMATS = ("csv", "xlsx")
CHAMP_ORDRE = "ordre"
PAR_PAGE = 50
# Rows a list counts and pages through at most: beyond, the page says « plus de 10 000 » and its pages stop at the
# 10,000th row in the chosen order (a filter narrows, the export gives every row). Counting the 230,000 demands a
# commune counter sees took 170-240 ms per count at scale 30 and 2 s at the national scale (bench/pages.py); counting
# up to the bound stops early at any scale. A bound of 25,000 (above CASA's whole demand) cost the counter's home
# 1.25 s at the national scale instead of 0.6 s. docs/architecture.md « Ce que le code a appris (l'échelle) ».
PLAFOND_COMPTE = 10_000
# Sort keys computed for every row a list keeps (demandes.selectors._par_pertinence): the sort reads them all.
ORDRE_SUR_TOUT = frozenset({"-pertinence", "pertinence"})
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Liste:
    """A list that can be exported and whose filters can be saved: its key (stored with a saved filter), its title,
    its page's URL name and its export's URL name (which takes ``format``)."""

    cle: str
    titre: str
    url: str
    url_export: str
    requete_fixe: str = ""  # a query string the list's page always needs (the deposits are a tab of the CAL page)


LISTES = {
    liste.cle: liste
    for liste in (
        Liste("demandes", "Demandes", "demandes:liste", "demandes:liste_export"),
        Liste("positionnements", "Positionnements", "positionnements:travail", "positionnements:travail_export"),
        Liste("a_pourvoir", "Logements à pourvoir", "programmation:a_pourvoir", "programmation:a_pourvoir_export"),
        Liste("seances", "Séances de la CCPC", "commissions:seances", "commissions:seances_export"),
        Liste(
            "depots",
            "Dépôts des décisions de CAL",
            "positionnements:cal",
            "positionnements:depots_export",
            "vue=depots",
        ),
        Liste("utilisateurs", "Utilisateurs", "utilisateurs", "utilisateurs_export"),
    )
}


class Tableau(tables.Table):
    """Base of every list's table: our template (table in a focusable scrolling region, aria-sort on the sorted
    header, our pagination), « ordre » as the sort parameter."""

    class Meta:
        template_name = "_tableau.html"
        attrs = {"class": "table table-sm table-hover align-middle"}
        order_by_field = CHAMP_ORDRE
        empty_text = "Aucune ligne ne correspond."

    #: the accessible name of the scrolling region and the table's caption
    titre = "Liste"


class Filtre(django_filters.FilterSet):
    """Base of the lists' filters (django-filter): a value that does not fit is said next to its field and ignored,
    the other filters still apply; the fields wear Bootstrap's small classes."""

    @property
    def form(self):
        form = super().form
        for champ in form.fields.values():
            classe = (
                "form-select form-select-sm"
                if isinstance(champ.widget, forms.Select)
                else "form-control form-control-sm"
            )
            champ.widget.attrs.setdefault("class", classe)
        return form


def compter(qs: QuerySet, plafond: int | None = None) -> tuple[int, bool]:
    """(rows, more): the number of rows of ``qs`` up to ``plafond`` (PLAFOND_COMPTE when None), and whether there are
    more. One query, ``SELECT
    count(*) FROM (SELECT … LIMIT plafond + 1)``, without the list's order (not needed to count: the planner takes its
    cheapest path and stops at the bound)."""
    plafond = PLAFOND_COMPTE if plafond is None else plafond
    nombre = qs.order_by()[: plafond + 1].count()
    return min(nombre, plafond), nombre > plafond


class PaginateurBorne(Paginator):
    """Django's paginator over a table's rows, counting at most PLAFOND_COMPTE of them (``compter``): ``count`` is
    then the bound, the pages stop at the bound's row, ``au_moins`` says the list has more."""

    au_moins = False

    @property
    def plafond(self) -> int:
        return PLAFOND_COMPTE

    def _requete(self) -> QuerySet | None:
        donnees = getattr(self.object_list, "data", None)  # the table's BoundRows -> its TableQuerysetData
        qs = getattr(donnees, "data", None)
        return qs if isinstance(qs, QuerySet) else None

    @property
    def count(self) -> int:
        if "_compte" not in self.__dict__:
            qs = self._requete()
            if qs is not None:
                self._compte, self.au_moins = compter(qs, self.plafond)
            else:
                self._compte = len(self.object_list)
        return self._compte

    def page(self, number):
        """The asked page. When the list is sorted on a value computed for every row it keeps (a name search's
        ``pertinence``: ORDRE_SUR_TOUT), PostgreSQL already reads all those rows to sort them: the page's query
        counts them too (``count(*) OVER ()``), one query instead of two (at the national scale, a common name
        read 45,000 rows twice: bench/pages.py). A page past the bound, or past the end, goes Django's way."""
        qs = self._requete()
        if qs is not None and "_compte" not in self.__dict__ and ORDRE_SUR_TOUT & set(qs.query.order_by):
            try:
                numero = int(number)
            except (TypeError, ValueError):
                numero = 0
            bas = (numero - 1) * self.per_page
            if numero >= 1 and bas + self.per_page <= self.plafond:
                lignes = list(qs.annotate(total_des_lignes=Window(Count("*")))[bas : bas + self.per_page])
                if lignes:
                    total = lignes[0].total_des_lignes
                    self._compte, self.au_moins = min(total, self.plafond), total > self.plafond
                    lignes_du_tableau = type(self.object_list)(
                        lignes, table=self.object_list.table, pinned_data=self.object_list.pinned_data
                    )
                    return self._get_page(lignes_du_tableau, self.validate_number(numero), self)
        return super().page(number)


def requete_de(request: HttpRequest, *, sans=("page",)) -> str:
    """The current query string without the page number (what a saved filter or an export link keeps)."""
    parametres = request.GET.copy()
    for cle in sans:
        parametres.pop(cle, None)
    return parametres.urlencode()


def preparer(request: HttpRequest, tableau: Tableau, *, par_page: int = PAR_PAGE, paginer: bool = True) -> Tableau:
    """Sorts ``tableau`` by the « ordre » parameter (django-tables2 drops a key that is not an orderable column: no
    error, the list's own order stays) and shows the asked page (a page past the end shows the last one, a page that
    is not a number or below 1 the first one)."""
    ordre = request.GET.get(CHAMP_ORDRE, "")[:200]
    if ordre:
        tableau.order_by = ordre
    if paginer:
        try:
            tableau.paginate(PaginateurBorne, page=request.GET.get("page") or 1, per_page=par_page)
        except PageNotAnInteger:
            tableau.paginate(PaginateurBorne, page=1, per_page=par_page)
        except EmptyPage:  # past the end: the last page; below 1 (0, -1): the first
            avant = str(request.GET.get("page", "")).strip().lstrip("+").startswith(("0", "-"))
            numero = 1 if avant else max(tableau.paginator.num_pages, 1)
            tableau.paginate(PaginateurBorne, page=numero, per_page=par_page)
    return tableau


def valeurs(tableau: Tableau) -> list[list[object]]:
    """The rows an export writes: the header, then every row of the table (all pages, the table's order), with the
    columns the page shows only (a column excluded for the role is absent; one marked ``exclude_from_export``, such
    as a button, too). Each cell is what django-tables2's ``Table.as_values()`` gives (the table's ``value_<col>``,
    else its ``render_<col>``, else the value; None for an empty value), computed without its per-cell signature
    inspection (5.6 s for the demonstration's 10,366 demands, 0.6 s here; tests/commun/test_listes.py compares both)."""
    colonnes = [c for c in tableau.columns.iterall() if c.visible and not c.column.exclude_from_export]
    cellules = []
    for colonne in colonnes:
        fonction = getattr(tableau, f"value_{colonne.name}", None) or getattr(tableau, f"render_{colonne.name}", None)
        noms = tuple(inspect.signature(fonction).parameters) if fonction else ()
        cellules.append((colonne, fonction, noms))
    lignes = [[force_str(c.header, strings_only=True) for c in colonnes]]
    donnees = tableau.data.data
    enregistrements = donnees.iterator(chunk_size=2000) if isinstance(donnees, QuerySet) else donnees
    for enregistrement in enregistrements:
        ligne = []
        for colonne, fonction, noms in cellules:
            try:
                valeur = colonne.accessor.resolve(enregistrement)
            except Exception:  # a column computed by its method only (no attribute of that name)
                valeur = None
            if valeur in colonne.column.empty_values:
                ligne.append(None)
                continue
            if fonction is not None:
                arguments = {"value": valeur, "record": enregistrement, "column": colonne.column}
                arguments |= {"bound_column": colonne, "table": tableau}
                valeur = fonction(**{nom: arguments[nom] for nom in noms})
            ligne.append(force_str(valeur, strings_only=True))
        lignes.append(ligne)
    return lignes


def _texte(valeur: object) -> object:
    import datetime as dt

    if isinstance(valeur, dt.datetime):
        return f"{timezone.localtime(valeur) if timezone.is_aware(valeur) else valeur:%d/%m/%Y %H:%M}"
    if isinstance(valeur, dt.date):
        return f"{valeur:%d/%m/%Y}"
    return valeur


def fichier(lignes: list[list[object]], *, format: str, nom: str, titre: str) -> HttpResponse:
    """A CSV (« ; », UTF-8 with BOM) or an XLSX of ``lignes`` (the header first), every cell through
    commun.tableurs. Raises Http404 for another format."""
    if format not in FORMATS:
        raise Http404
    lignes = [[_texte(v) for v in ligne] for ligne in lignes]
    if format == "csv":
        reponse = HttpResponse(
            tableurs.csv_ecrire(lignes[1:], entete=lignes[0]), content_type="text/csv; charset=utf-8"
        )
    else:
        import openpyxl

        # write-only: rows streamed to the file (a normal sheet recounts its rows at each append: a minute for 10,000)
        classeur = openpyxl.Workbook(write_only=True)
        feuille = classeur.create_sheet(titre[:31])
        feuille.freeze_panes = "A2"
        for ligne in lignes:
            tableurs.ajouter(feuille, ligne)
        sortie = io.BytesIO()
        classeur.save(sortie)
        reponse = HttpResponse(sortie.getvalue(), content_type=XLSX)
    reponse["Content-Disposition"] = f'attachment; filename="{nom}_{timezone.localdate():%Y-%m-%d}.{format}"'
    reponse["Cache-Control"] = "private, no-store"
    return reponse


def repondre(
    request: HttpRequest,
    *,
    liste: str,
    tableau: Tableau,
    gabarit: str,
    contexte: dict | None = None,
    format: str | None = None,
    noter: Callable[[int], None] | None = None,
    par_page: int = PAR_PAGE,
) -> HttpResponse:
    """The list's page, or its export when ``format`` is given. ``noter(nombre)`` is called with the number of rows
    sent (the page's rows, or the file's) when there are any: the lists of demands note it among the sensitive reads.
    The page's context gets ``contexte_liste``."""
    definition = LISTES[liste]
    if format is not None:
        if format not in FORMATS:
            raise Http404
        with lectures_sur_la_replique():  # a whole list exported: a report, read from the replica when there is one
            preparer(request, tableau, paginer=False)
            lignes = valeurs(tableau)
        if noter and len(lignes) > 1:
            noter(len(lignes) - 1)
        return fichier(lignes, format=format, nom=definition.cle, titre=definition.titre)
    preparer(request, tableau, par_page=par_page)
    if noter and len(tableau.page.object_list):
        noter(len(tableau.page.object_list))
    return render(request, gabarit, {**(contexte or {}), **contexte_liste(request, liste=liste, tableau=tableau)})


def contexte_liste(request: HttpRequest, *, liste: str, tableau: Tableau) -> dict:
    """What the list's templates need (templates/_liste_outils.html, _tableau.html): the table, the Liste, the query
    string without the page, the person's saved filters for this list."""
    return {
        "tableau": tableau,
        "liste": LISTES[liste],
        "requete": requete_de(request),
        "filtres_enregistres": filtres_enregistres_de(request.user, liste),
    }


def _aucun_filtre_enregistre(utilisateur, liste: str) -> list:
    return []


# (person, list key) -> the person's saved filters of that list, by label. Set by territoire's AppConfig.ready() to
# its FiltreEnregistre reader; without it, a list shows no saved filter.
filtres_enregistres_de: Callable = _aucun_filtre_enregistre


def exporter(request: HttpRequest, *, liste: str, tableau: Tableau, format: str) -> HttpResponse:
    """The list's rows as a file (all pages, the page's order and columns)."""
    definition = LISTES[liste]
    preparer(request, tableau, paginer=False)
    return fichier(valeurs(tableau), format=format, nom=definition.cle, titre=definition.titre)


def url_de(liste: Liste, requete: str) -> str:
    """The list's page with a saved query string (and the list's fixed parameters when the query lacks them)."""
    parametres = QueryDict(requete, mutable=True)
    for cle, valeur in QueryDict(liste.requete_fixe).items():
        parametres.setdefault(cle, valeur)
    texte = parametres.urlencode()
    return reverse(liste.url) + (f"?{texte}" if texte else "")
