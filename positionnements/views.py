"""Pages of the positionnements: the work list (dwellings awaiting candidates), a dwelling's candidate page (ranked
candidates with their reasons, why a demand is absent, proposing up to three), a demand's positionnement history."""

from __future__ import annotations

import dataclasses

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from commun.confirmation import Action, confirmee, confirmer
from commun.erreurs import ErreurMetier
from commun.fichiers.erreurs import page_erreurs
from commun.format_fr import compte
from commun.listes import repondre
from demandes.codes import CodePriorite
from demandes.selectors import demandes_visibles, par_numero
from programmation.models import Disponibilite, EtatDisponibilite
from programmation.selectors import disponibilites_visibles
from programmation.tableaux import pour_la_liste
from territoire.models_acces import NatureLecture
from territoire.services_acces import lecture_noter

from . import croisements as croisements_service
from . import impact, recherche, services
from .etats import EN_COURS, EtatPositionnement, ExceptionTroisCandidats
from .forms import ListeForm, RechercheForm
from .models import Positionnement
from .rules import peut_positionner, voit_les_candidats
from .selectors import (
    demandes_positionnees_ailleurs,
    demandes_signalees_visibles,
    listes_visibles,
    positionnements_de_la_demande,
    positionnements_visibles,
    reservataires_deposables,
)
from .tableaux import PositionnementsFiltre, PositionnementsTableau, TravailFiltre, TravailTableau

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _en_cours():
    return Count("positionnements", filter=Q(positionnements__etat__in=EN_COURS))


@login_required
def travail(request: HttpRequest, format: str | None = None) -> HttpResponse:
    """CASA: the dwellings awaiting candidates by deadline, and the agent's positionnements under way; the others:
    the positionnements of their scope. Filtered, sorted, paginated; the list exported when ``format`` is given."""
    if voit_les_candidats(request.user):
        dispos = disponibilites_visibles(request.user).filter(etat=EtatDisponibilite.A_POURVOIR)
        filtre = TravailFiltre(request.GET or None, queryset=dispos)  # as travail_de_la_liste (home counters)
        mes = positionnements_visibles(request.user).filter(propose_par=request.user, etat__in=EN_COURS)
        return repondre(
            request,
            liste="positionnements",
            tableau=TravailTableau(pour_la_liste(filtre.qs.annotate(positionnes=_en_cours()))),
            gabarit="positionnements/travail.html",
            contexte={"filtre": filtre, "mes": mes[:50] if format is None else None},
            format=format,
            par_page=25,
        )
    filtre = PositionnementsFiltre(request.GET or None, queryset=positionnements_visibles(request.user))
    return repondre(
        request,
        liste="positionnements",
        tableau=PositionnementsTableau(
            filtre.qs.select_related("demande", "disponibilite__logement__residence__commune").order_by(
                "-propose_le", "-pk"
            )
        ),
        gabarit="positionnements/liste.html",
        contexte={"filtre": filtre},
        format=format,
    )


@login_required
def nombre(request: HttpRequest, pk: int) -> HttpResponse:
    """The number of candidates found for a dwelling (loaded into the work list row by row)."""
    if not voit_les_candidats(request.user):
        raise PermissionDenied
    dispo = get_object_or_404(disponibilites_visibles(request.user), pk=pk)
    resultat = recherche.chercher(dispo, limite=0)
    texte = "—" if resultat.avertissement else f"{resultat.total}"
    return HttpResponse(texte)


@login_required
def logement(request: HttpRequest, pk: int) -> HttpResponse:
    """A dwelling's candidate page: its positionnements and their impact on the year's indicators; for CASA's agents
    who see the candidates, the ranked candidates with their reasons, why a demand is absent, and (POST) proposing
    up to three."""
    dispo = get_object_or_404(
        disponibilites_visibles(request.user).select_related("logement__residence__bailleur"), pk=pk
    )
    if request.method == "POST" and not peut_positionner(request.user):
        raise PermissionDenied
    positionnements = positionnements_visibles(request.user).filter(disponibilite=dispo).order_by("etat", "rang")
    contexte = {
        "dispo": dispo,
        "positionnements": positionnements,
        "peut": peut_positionner(request.user),
        "regles": (regles := recherche.regles_du_logement(dispo, timezone.localdate())).du_logement(
            dispo.logement.typologie
        ),
        "impacts": _impacts(dispo, [p for p in positionnements if p.etat in EN_COURS], regles),
        "etats_en_cours": EN_COURS,  # a positionnement under way links to the demand's shared notes
    }
    if not voit_les_candidats(request.user):
        return render(request, "positionnements/logement.html", contexte)
    recherche_form = RechercheForm(request.GET)
    options = recherche_form.options()
    erreur, saisie = None, {}
    if request.method == "POST":
        saisie = {"numeros": request.POST.getlist("numeros"), "exception": request.POST.get("exception", "")}
        try:
            crees = _positionner(request, dispo, saisie, options)
        except ErreurMetier as err:
            erreur = err.message
        else:
            pluriel = "s" if len(crees) > 1 else ""
            messages.success(request, f"{len(crees)} candidat{pluriel} positionné{pluriel}.")
            return redirect(request.get_full_path())
    en_cours = {p.demande_id for p in positionnements if p.etat in EN_COURS}
    contexte |= {
        **_candidats(request, dispo, options, recherche_form.numero),
        "secteurs": dispo.logement.residence.commune.secteurs.all(),
        "priorites": CodePriorite.choices,
        "exceptions": ExceptionTroisCandidats.choices,
        "en_cours": en_cours,
        "places": max(0, services.CANDIDATS_PAR_LOGEMENT - len(en_cours)),
        "erreur": erreur,
        "saisie": saisie,
    }
    return render(request, "positionnements/logement.html", contexte)


def _positionner(
    request: HttpRequest, dispo: Disponibilite, saisie: dict, options: recherche.Options
) -> list[Positionnement]:
    """The agent's proposal of the candidates ticked (services.positionner), with their reasons for a second
    positionnement."""
    return services.positionner(
        par=request.user,
        disponibilite=dispo,
        numeros=saisie["numeros"],
        exception=saisie["exception"],
        derogations={n: request.POST.get(f"derogation_{n}", "") for n in saisie["numeros"]},
        options=options,
    )


def _candidats(request: HttpRequest, dispo: Disponibilite, options: recherche.Options, numero: str) -> dict:
    """The ranked candidates (their reading noted among the sensitive reads), each with the flags of the croisement
    des fichiers and whether it is positioned elsewhere; and, for `numero`, why that demand is or is not among them."""
    resultat = recherche.chercher(dispo, options=options, jour=timezone.localdate())
    if resultat.lignes:  # applicants' data shown: noted among the sensitive reads (how many, which dwelling)
        lecture_noter(par=request.user, nature=NatureLecture.CANDIDATS, objet_id=dispo.pk, nombre=len(resultat.lignes))
    verdict = None
    if numero:
        demande = demandes_visibles(request.user).filter(par_numero(numero, exact=True)).first()
        verdict = (
            recherche.pourquoi(dispo, demande, options=options, jour=timezone.localdate())
            if demande
            else recherche.Pourquoi(False, "INCONNUE", f"Aucune demande n'a le numéro {numero}.")
        )
    ailleurs = demandes_positionnees_ailleurs(dispo, [li.demande for li in resultat.lignes])
    alertes = croisements_service.alertes([li.demande.pk for li in resultat.lignes])
    resultat.lignes = [dataclasses.replace(li, alertes=tuple(alertes.get(li.demande.pk, ()))) for li in resultat.lignes]
    return {"resultat": resultat, "options": options, "numero": numero, "verdict": verdict, "ailleurs": ailleurs}


def _impacts(dispo, positionnes: list[Positionnement], regles) -> list[tuple[object, list]]:
    """Each indicator, its value now, and its value if each positioned candidate gets the dwelling (the effort rate
    against the dwelling's landlord's rules of the day, `regles`)."""
    if not positionnes:
        return []
    jour = timezone.localdate()
    colonnes = impact.impacts(dispo, [p.demande for p in positionnes], jour=jour, regles=regles)
    return [(colonnes[0][i], [c[i] for c in colonnes]) for i in range(len(colonnes[0]))]


@login_required
def retirer(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraws a candidate before the commission (POST with its reason; confirmed first)."""
    if request.method != "POST":
        raise Http404
    p = get_object_or_404(positionnements_visibles(request.user), pk=pk)
    motif = request.POST.get("motif", "").strip()
    # otherwise the service says why not, without a confirmation first; one sent again is answered as such
    ouvert = p.etat in (EtatPositionnement.PROPOSE, EtatPositionnement.AJOURNE) or confirmee(request)
    if motif and ouvert and peut_positionner(request.user):
        logement = p.disponibilite.logement
        reponse = confirmer(
            request,
            Action(
                titre=f"Retirer le candidat {p.demande.reference} du logement {logement} ?",
                effets=[
                    f"Le positionnement de la demande n° {p.demande.reference} (rang {p.rang}) sera retiré pour "
                    f"« {motif} ».",
                    "La demande ne sera plus présentée à la commission pour ce logement.",
                ],
                bouton="Confirmer le retrait",
                retour=reverse("positionnements:logement", args=[p.disponibilite_id]),
                definitif="Un retrait ne s'annule pas.",
            ),
        )
        if reponse is not None:
            return reponse
    try:
        services.retirer(par=request.user, positionnement=p, motif=motif)
    except ErreurMetier as err:
        messages.error(request, err.message)
    else:
        messages.success(request, f"Candidat {p.demande.reference} retiré.")
    return redirect("positionnements:logement", pk=p.disponibilite_id)


@login_required
def historique(request: HttpRequest, pk: int) -> HttpResponse:
    """A demand's positionnements, with their state logs (for whoever may see the demand)."""
    demande = get_object_or_404(demandes_visibles(request.user), pk=pk)
    return render(
        request,
        "positionnements/historique.html",
        {"demande": demande, "positionnements": positionnements_de_la_demande(demande)},
    )


RAPPORT_LISTE = "positionnements:rapport_liste"


@login_required
def croisements(request: HttpRequest) -> HttpResponse:
    """The réservataires' lists: each one sends its own; CASA sees the flags of every demand."""
    deposables = reservataires_deposables(request.user)
    form = ListeForm(request.POST or None, request.FILES or None, reservataires=deposables)
    rapport = None
    if request.method == "POST":
        if not deposables.exists():
            raise PermissionDenied
        if form.is_valid() and (reponse := _deposer_la_liste(request, form)) is not None:
            return reponse
    refus = request.session.get(RAPPORT_LISTE) if request.GET.get("rapport") else None
    if refus:
        rapport = {**refus, **page_erreurs(request, refus["erreurs"], refus["nombre_erreurs"])}
    alertes = croisements_service.alertes()
    demandes = demandes_signalees_visibles(request.user, list(alertes))
    listes = listes_visibles(request.user).filter(active=True).select_related("deposee_par")
    return render(
        request,
        "positionnements/croisements.html",
        {
            "form": form if deposables.exists() else None,
            "rapport": rapport,
            "lignes": [(d, alertes[d.pk]) for d in demandes.order_by(Coalesce("nur", "numero"), "pk")],
            "listes": listes.annotate(n=Count("designations")),
        },
    )


def _deposer_la_liste(request: HttpRequest, form: ListeForm) -> HttpResponse | None:
    """The list sent (croisements.fichier_deposer): back to the page with a message when it is saved, or to its
    report of errors (kept in the session for its pages); None with the form's error for an unreadable file."""
    fichier = form.cleaned_data["fichier"]
    try:
        rapport = croisements_service.fichier_deposer(
            par=request.user,
            reservataire=form.cleaned_data["reservataire"],
            nom=fichier.name,
            contenu=fichier.read(),
        )
    except ErreurMetier as err:
        form.add_error("fichier", err.message)
        return None
    if rapport.valide:
        messages.success(
            request,
            f"Liste enregistrée : {compte(rapport.lignes, 'ligne', 'lignes')} ; elle remplace la précédente.",
        )
        return redirect("positionnements:croisements")
    # the report of a refused list, kept for its pages (a POST answer cannot be paginated)
    request.session[RAPPORT_LISTE] = {
        "nom": fichier.name[:200],
        "lignes": rapport.lignes,
        "erreurs": rapport.erreurs,
        "nombre_erreurs": rapport.nombre_erreurs,
        "notes": [[0, n] for n in rapport.notes],
    }
    return redirect(f"{reverse('positionnements:croisements')}?rapport=1#rapport-liste")


@login_required
def modele_liste(request: HttpRequest, format: str = "csv") -> HttpResponse:
    """The template of a réservataire's list, CSV or XLSX."""
    if format == "xlsx":
        reponse = HttpResponse(
            croisements_service.modele_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        reponse = HttpResponse(croisements_service.modele_csv(), content_type="text/csv; charset=windows-1252")
    reponse["Content-Disposition"] = f'attachment; filename="modele_liste_reservataire.{format}"'
    return reponse
