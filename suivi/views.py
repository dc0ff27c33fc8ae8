"""Pages of the tracking table: the dashboard (a month, its year to date, the trend over 12 months, the targets), the
list behind each figure, the XLSX export and the PDF report for the Conférence Intercommunale du Logement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from commun import listes, saisie
from commun.lecture_seule import lecture_seule
from commun.replique import sur_la_replique
from territoire.models_acces import LectureSensible, NatureLecture
from territoire.services_acces import lecture_noter

from . import exports, indicateurs, presentation, selectors, services, sources, tasks, tendance
from .models import TableauMensuel
from .perimetre import Perimetre, perimetre
from .rules import liste_ouverte, listes_ouvertes, peut_produire
from .sources import Periode


def _perimetre(request):
    p = perimetre(request.user)
    if p is None:
        raise PermissionDenied("Le tableau de suivi est réservé à la CASA et à ses partenaires réservataires.")
    return p


def _choix(request, p) -> tuple[str, str]:
    vue = request.GET.get("vue") or p.defaut()[0]
    cle = request.GET.get("cle")
    if cle is None:
        cle = "" if vue == "territoire" else (p.cles.get(vue, ("",))[0] if not p.tout else "")
    if vue not in indicateurs.VUES:
        raise Http404
    if not p.permet(vue, cle):
        raise PermissionDenied("Ces chiffres ne sont pas dans le périmètre de votre organisation.")
    return vue, cle


def _cles(tableau: TableauMensuel, p, vue: str) -> list[tuple[str, str]]:
    noms = tableau.donnees["noms"]
    presentes = tableau.donnees["vues"][vue]
    if vue == "territoire":
        return [("", "Territoire de la CASA")]
    source = noms["communes"] if vue == "commune" else noms["organisations"]
    cles = [c for c in presentes if p.permet(vue, c)]
    if not p.tout:
        cles = sorted(set(cles) | set(p.cles.get(vue, ())))
    return sorted(((c, source.get(c, c)) for c in cles), key=lambda x: x[1])


def _periode_demandee(request) -> Periode | None:
    """The month asked by ?annee=&mois= (none asked: the latest table); a month that cannot exist is a 404."""
    if not request.GET.get("annee") and not request.GET.get("mois"):
        return None
    lu = saisie.mois(request.GET.get("annee"), request.GET.get("mois"))
    if lu is None:
        raise Http404("Ce mois n'existe pas.")
    return Periode(*lu)


@login_required
@lecture_seule
def tableau(request: HttpRequest) -> HttpResponse:
    """The dashboard of a month (GET ?annee=&mois=, the latest table by default; ?vue=&cle= which figures), or the
    production of a month's table asked by CASA's agents (POST)."""
    p = _perimetre(request)
    if request.method == "POST":
        return _produire(request)
    periode = _periode_demandee(request)
    t = selectors.tableau_du_mois(periode)
    vue, cle = _choix(request, p)
    contexte = _contexte_de_la_page(request, p, vue, cle)
    if t is None:
        return render(request, "suivi/tableau.html", {**contexte, "tableau": None, "periode": periode})
    return render(request, "suivi/tableau.html", {**contexte, **_contexte_du_tableau(t, p, vue, cle)})


def _produire(request: HttpRequest) -> HttpResponse:
    """Queues the production of the month asked (POST annee, mois) and comes back to it; a month not over yet is
    refused with a message."""
    if not peut_produire(request.user):
        raise PermissionDenied("Seuls les agents de la CASA produisent le tableau de suivi.")
    lu = saisie.mois(request.POST.get("annee"), request.POST.get("mois"))
    demande = Periode(*lu) if lu else None
    if demande is None or demande.arrete > timezone.now():
        messages.error(request, f"Le mois {demande} n'est pas terminé." if demande else "Mois invalide.")
        return redirect("suivi:tableau")
    tasks.produire_tableau.delay(demande.annee, demande.mois, request.user.pk)
    messages.info(
        request,
        f"Production du tableau de {presentation.nom_du_mois(demande)} lancée : rechargez la page dans un instant.",
    )
    return redirect(f"{reverse('suivi:tableau')}?annee={demande.annee}&mois={demande.mois}")


def _contexte_de_la_page(request: HttpRequest, p: Perimetre, vue: str, cle: str) -> dict:
    """What the page shows with or without a table: the choices (month, view, key) and the production form."""
    return {
        "perimetre": p,
        "vue": vue,
        "cle": cle,
        "peut_produire": peut_produire(request.user),
        # the figures that open their lists (demand numbers): a number, not a link, where the list would be refused
        "listes": listes_ouvertes(request.user, indicateurs.INDICATEURS, vue, p.tout),
        "mois_ecoule": services.mois_ecoule(),
        "tableaux": selectors.mois_produits(),
        "vues": [(v, presentation.VUES_LIBELLES[v]) for v in p.vues()],
    }


def _blocs(t: TableauMensuel, vue: str, cle: str) -> dict:
    """The figures of one key of a view, by period (month, year to date, regularisations): zeros when the table
    has none for it."""
    blocs = t.donnees["vues"][vue].get(cle)
    vide = indicateurs.compter(indicateurs.Faits())
    return blocs or dict.fromkeys(presentation.PERIODES, vide)


def _lignes(blocs: dict, vue: str) -> list[tuple[str, list]]:
    """The table's rows by group: (group title, [(indicator code, label, [(period, figure)…])…])."""
    return [
        (
            titre,
            [
                (code, presentation.libelle(code), [(n, blocs[n].get(code)) for n in presentation.PERIODES])
                for code in codes
            ],
        )
        for titre, codes in presentation.groupes(vue)
    ]


def _contexte_du_tableau(t: TableauMensuel, p: Perimetre, vue: str, cle: str) -> dict:
    """What the page shows of a table produced: its figures, the rates against the targets, the 12 months' charts
    and, for CASA, the month's corrections."""
    periode = Periode(t.annee, t.mois)
    blocs = _blocs(t, vue, cle)
    return {
        "tableau": t,
        "periode": periode,
        "nom_du_mois": presentation.nom_du_mois(periode),
        "cles": _cles(t, p, vue),
        "blocs": blocs,
        "lignes": _lignes(blocs, vue),
        "periodes": presentation.PERIODES,
        "objectifs": list(
            zip(presentation.taux(vue, blocs["mois"]), presentation.taux(vue, blocs["cumul"]), strict=True)
        ),
        "delais": [blocs[n].get("delai_moyen") for n in presentation.PERIODES],
        "graphiques": tendance.dessins(tendance.serie(periode, vue, cle), vue),
        "corrections": t.donnees["corrections"] if p.tout else [],
    }


@login_required
@sur_la_replique  # a report: read from the replica when there is one (docs/deploiement.md)
@lecture_seule(ajouts=(LectureSensible,))  # the note of a sensitive read
def liste(request: HttpRequest, annee: int, mois: int) -> HttpResponse:
    """The records behind one figure (the same predicate as the count)."""
    p = _perimetre(request)
    vue, cle = _choix(request, p)
    code = request.GET.get("indicateur", "")
    nom_periode = request.GET.get("periode", "mois")
    if code not in indicateurs.INDICATEURS or nom_periode not in presentation.PERIODES:
        raise Http404
    if not liste_ouverte(request.user, code, vue, p.tout):
        raise PermissionDenied(
            "Les listes derrière les chiffres nomment des demandes : elles sont réservées aux agents qui traitent les "
            "demandes (celle d'un critère de priorité sensible, aux agents de la CASA ; celles des totaux du "
            "territoire, à la CASA : un bailleur ouvre les listes de ses propres chiffres)."
        )
    periode = Periode(annee, mois)
    famille = indicateurs.INDICATEURS[code].famille
    if famille == "demande":
        page = _page_des_demandes(periode, nom_periode, vue, cle, code, request.GET.get("page"))
    else:
        lignes = indicateurs.filtrer(_faits(periode, nom_periode, famille), vue, cle, code)
        page = Paginator(lignes, 100).get_page(request.GET.get("page"))
    rangs = _rangs(page)
    if rangs:  # demand numbers shown: noted among the sensitive reads (how many, not which)
        lecture_noter(par=request.user, nature=NatureLecture.LISTE_SUIVI, nombre=len(rangs))
    return render(
        request,
        "suivi/liste.html",
        {
            "page": page,
            "famille": famille,
            "libelle": presentation.titre_de_liste(code),
            "periode": periode,
            "nom_du_mois": presentation.nom_du_mois(periode),
            "nom_periode": presentation.PERIODES[nom_periode],
            "rangs": rangs,
            "vue": vue,
            "cle": cle,
        },
    )


def _faits(periode: Periode, nom_periode: str, famille: str) -> indicateurs.Faits:
    """The facts of one family a figure counts: those of the month, of the year to date, or the month's
    regularisations."""
    if nom_periode == "regularisations":
        return sources.regularisations(periode)
    depuis = periode.debut if nom_periode == "mois" else periode.debut_annee
    return sources.faits(arrete=periode.arrete, depuis=depuis, jusqu_au=periode.fin, familles=(famille,))


class _PaginateurCompte(Paginator):
    """A paginator told its total (None: it counts up to commun.listes.PLAFOND_COMPTE rows, ``au_moins`` beyond, as
    every list of the application: a year's radiations for a frequent reason are 200,000 rows at scale 218)."""

    au_moins = False

    def __init__(self, object_list, per_page, total: int | None):
        super().__init__(object_list, per_page)
        self.total = total

    @cached_property
    def count(self) -> int:
        if self.total is not None:
            return self.total
        nombre, self.au_moins = listes.compter(self.object_list)
        return nombre


def _page_des_demandes(periode: Periode, nom_periode: str, vue: str, cle: str, code: str, numero_page):
    """One page of the demand events behind a figure, filtered and paginated by the database (sources.
    evenements_demandes_de): the same events as `indicateurs.filtrer` over the period's facts (a demand event belongs
    to the territory's view and to its counter's commune's), read a hundred at a time."""
    if nom_periode == "regularisations" or (vue, bool(cle)) not in (("territoire", False), ("commune", True)):
        return Paginator([], 100).get_page(numero_page)  # no demand event there
    depuis = periode.debut if nom_periode == "mois" else periode.debut_annee
    predicat = indicateurs.INDICATEURS[code].predicat
    tableau = None if sources.lit_le_motif(predicat) else selectors.tableau_du_mois(periode)
    # the list's total: the table's own figure when the month's table is produced (the same events, as known at the
    # month's end: a log line is dated when it is written, never before), which spares counting a year's events
    # (a million registrations at scale 218); counted otherwise, and always for a radiation's reason (lit_le_motif)
    total = tableau.donnees["vues"].get(vue, {}).get(cle, {}).get(nom_periode, {}).get(code) if tableau else None
    lignes = sources.evenements_demandes_de(
        predicat,
        enregistres_avant=periode.arrete,
        depuis=depuis,
        jusqu_au=periode.fin,
        commune=cle if vue == "commune" else None,
    )
    page = _PaginateurCompte(lignes, 100, total).get_page(numero_page)
    page.object_list = [indicateurs.EvenementDemande(n, t, j, c or "", m or "") for n, t, j, c, m in page.object_list]
    return page


def _rangs(page) -> list[dict]:
    """The page's facts with their commune, landlord and réservataire named."""
    organisations, communes = selectors.noms_des_lieux()
    return [
        {
            "fait": f,
            "commune": communes.get(f.commune, f.commune),
            "bailleur": organisations.get(getattr(f, "bailleur", None), ""),
            "reservataire": organisations.get(getattr(f, "reservataire", None), ""),
            "motif": presentation.motif_de_radiation(getattr(f, "motif", "")),
        }
        for f in page
    ]


def _tableau_ou_404(annee: int, mois: int) -> TableauMensuel:
    t = selectors.tableau_du_mois(Periode(annee, mois))
    if t is None:
        raise Http404("Ce tableau n'a pas encore été produit.")
    return t


@login_required
@sur_la_replique
@lecture_seule
def export_xlsx(request: HttpRequest, annee: int, mois: int) -> HttpResponse:
    p = _perimetre(request)
    t = _tableau_ou_404(annee, mois)
    reponse = HttpResponse(
        exports.xlsx(t, p), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    reponse["Content-Disposition"] = f'attachment; filename="suivi_attributions_{annee}_{mois:02d}.xlsx"'
    return reponse


@login_required
@sur_la_replique
@lecture_seule
def rapport_pdf(request: HttpRequest, annee: int, mois: int) -> HttpResponse:
    p = _perimetre(request)
    t = _tableau_ou_404(annee, mois)
    reponse = HttpResponse(exports.pdf(t, p), content_type="application/pdf")
    reponse["Content-Disposition"] = f'attachment; filename="suivi_attributions_{annee}_{mois:02d}.pdf"'
    return reponse
