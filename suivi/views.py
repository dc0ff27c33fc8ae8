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

from commun import saisie

from . import exports, indicateurs, presentation, services, sources, tasks, tendance
from .models import TableauMensuel
from .perimetre import liste_permise, perimetre
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


def _tableau(periode: Periode | None) -> TableauMensuel | None:
    if periode is None:
        return TableauMensuel.objects.order_by("-annee", "-mois").first()
    return TableauMensuel.objects.filter(annee=periode.annee, mois=periode.mois).first()


@login_required
def tableau(request: HttpRequest) -> HttpResponse:
    p = _perimetre(request)
    if request.method == "POST":
        if not services.peut_produire(request.user):
            raise PermissionDenied("Seuls les agents de la CASA produisent le tableau de suivi.")
        lu = saisie.mois(request.POST.get("annee"), request.POST.get("mois"))
        demande = Periode(*lu) if lu else None
        if demande is None or demande.arrete > services.timezone.now():
            messages.error(request, f"Le mois {demande} n'est pas terminé." if demande else "Mois invalide.")
            return redirect("suivi:tableau")
        tasks.produire_tableau.delay(demande.annee, demande.mois, request.user.pk)
        messages.info(
            request,
            f"Production du tableau de {presentation.nom_du_mois(demande)} lancée : rechargez la page dans un instant.",
        )
        return redirect(f"{reverse('suivi:tableau')}?annee={demande.annee}&mois={demande.mois}")
    periode = _periode_demandee(request)
    t = _tableau(periode)
    vue, cle = _choix(request, p)
    contexte = {
        "perimetre": p,
        "vue": vue,
        "cle": cle,
        "peut_produire": services.peut_produire(request.user),
        "listes": liste_permise(request.user, "attributions"),  # the figures open their lists (demand numbers)
        "mois_ecoule": services.mois_ecoule(),
        "tableaux": TableauMensuel.objects.order_by("-annee", "-mois").values_list("annee", "mois")[:36],
        "vues": [(v, presentation.VUES_LIBELLES[v]) for v in p.vues()],
    }
    if t is None:
        return render(request, "suivi/tableau.html", {**contexte, "tableau": None, "periode": periode})
    periode = Periode(t.annee, t.mois)
    blocs = t.donnees["vues"][vue].get(cle)
    vide = indicateurs.compter(indicateurs.Faits())
    blocs = blocs or dict.fromkeys(presentation.PERIODES, vide)
    lignes = [
        (
            titre,
            [
                (code, presentation.libelle(code), [(n, blocs[n].get(code)) for n in presentation.PERIODES])
                for code in codes
            ],
        )
        for titre, codes in presentation.groupes(vue)
    ]
    return render(
        request,
        "suivi/tableau.html",
        {
            **contexte,
            "tableau": t,
            "periode": periode,
            "nom_du_mois": presentation.nom_du_mois(periode),
            "cles": _cles(t, p, vue),
            "blocs": blocs,
            "lignes": lignes,
            "periodes": presentation.PERIODES,
            "objectifs": list(
                zip(presentation.taux(vue, blocs["mois"]), presentation.taux(vue, blocs["cumul"]), strict=True)
            ),
            "delais": [blocs[n].get("delai_moyen") for n in presentation.PERIODES],
            "graphiques": tendance.dessins(tendance.serie(periode, vue, cle), vue),
            "corrections": t.donnees["corrections"] if p.tout else [],
        },
    )


@login_required
def liste(request: HttpRequest, annee: int, mois: int) -> HttpResponse:
    """The records behind one figure (the same predicate as the count)."""
    p = _perimetre(request)
    vue, cle = _choix(request, p)
    code = request.GET.get("indicateur", "")
    nom_periode = request.GET.get("periode", "mois")
    if code not in indicateurs.INDICATEURS or nom_periode not in presentation.PERIODES:
        raise Http404
    if not liste_permise(request.user, code):
        raise PermissionDenied(
            "Les listes derrière les chiffres nomment des demandes : elles sont réservées aux agents qui traitent les "
            "demandes (celle d'un critère de priorité sensible, aux agents de la CASA)."
        )
    periode = Periode(annee, mois)
    famille = indicateurs.INDICATEURS[code].famille
    if nom_periode == "regularisations":
        faits = sources.regularisations(periode)
    else:
        depuis = periode.debut if nom_periode == "mois" else periode.debut_annee
        faits = sources.faits(arrete=periode.arrete, depuis=depuis, jusqu_au=periode.fin, familles=(famille,))
    lignes = indicateurs.filtrer(faits, vue, cle, code)
    page = Paginator(lignes, 100).get_page(request.GET.get("page"))
    from territoire.models import Commune, Organisation

    orgs = dict(Organisation.objects.values_list("pk", "nom"))
    communes = dict(Commune.objects.values_list("code_insee", "nom"))
    rangs = [
        {
            "fait": f,
            "commune": communes.get(f.commune, f.commune),
            "bailleur": orgs.get(getattr(f, "bailleur", None), ""),
            "reservataire": orgs.get(getattr(f, "reservataire", None), ""),
        }
        for f in page
    ]
    if rangs:  # demand numbers shown: noted among the sensitive reads (how many, not which)
        from territoire.models_acces import NatureLecture
        from territoire.services_acces import lecture_noter

        lecture_noter(par=request.user, nature=NatureLecture.LISTE_SUIVI, nombre=len(rangs))
    return render(
        request,
        "suivi/liste.html",
        {
            "page": page,
            "famille": famille,
            "libelle": presentation.libelle(code),
            "periode": periode,
            "nom_du_mois": presentation.nom_du_mois(periode),
            "nom_periode": presentation.PERIODES[nom_periode],
            "rangs": rangs,
            "vue": vue,
            "cle": cle,
        },
    )


def _tableau_ou_404(annee: int, mois: int) -> TableauMensuel:
    t = TableauMensuel.objects.filter(annee=annee, mois=mois).first()
    if t is None:
        raise Http404("Ce tableau n'a pas encore été produit.")
    return t


@login_required
def export_xlsx(request: HttpRequest, annee: int, mois: int) -> HttpResponse:
    p = _perimetre(request)
    t = _tableau_ou_404(annee, mois)
    reponse = HttpResponse(
        exports.xlsx(t, p), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    reponse["Content-Disposition"] = f'attachment; filename="suivi_attributions_{annee}_{mois:02d}.xlsx"'
    return reponse


@login_required
def rapport_pdf(request: HttpRequest, annee: int, mois: int) -> HttpResponse:
    p = _perimetre(request)
    t = _tableau_ou_404(annee, mois)
    reponse = HttpResponse(exports.pdf(t, p), content_type="application/pdf")
    reponse["Content-Disposition"] = f'attachment; filename="suivi_attributions_{annee}_{mois:02d}.pdf"'
    return reponse
