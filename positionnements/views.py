"""Pages of the positionnements: the work list (dwellings awaiting candidates), a dwelling's candidate page (ranked
candidates with their reasons, why a demand is absent, proposing up to three), a demand's positionnement history."""

from __future__ import annotations

import dataclasses

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from commun.confirmation import Action, confirmee, confirmer
from commun.erreurs import ErreurMetier
from commun.fichiers.erreurs import page_erreurs
from commun.format_fr import compte
from commun.forms import FichierTableauField
from commun.listes import repondre
from demandes.codes import CodePriorite
from demandes.models import Demande
from demandes.selectors import demandes_visibles
from programmation.models import EtatDisponibilite
from programmation.selectors import disponibilites_visibles
from programmation.tableaux import pour_la_liste
from territoire.contexte import contexte_de
from territoire.models import Organisation
from territoire.models_acces import NatureLecture
from territoire.services_acces import lecture_noter

from . import croisements as croisements_service
from . import impact, recherche, services
from .etats import EN_COURS, EtatPositionnement, ExceptionTroisCandidats
from .models import ListeReservataire, Positionnement
from .selectors import ROLES_POSITIONNEMENTS, positionnements_visibles, voit_les_candidats
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


def _options(request: HttpRequest) -> recherche.Options:
    try:
        return recherche.Options(
            ecart_typologie=1 if request.GET.get("ecart_typologie") == "1" else 0,
            mutations_seulement=request.GET.get("mutations") == "1",
            priorite=request.GET.get("priorite", "") if request.GET.get("priorite") in CodePriorite.values else "",
            secteur=request.GET.get("secteur") == "1",
        )
    except ValueError as err:
        raise Http404 from err


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
    dispo = get_object_or_404(
        disponibilites_visibles(request.user).select_related("logement__residence__bailleur"), pk=pk
    )
    if request.method == "POST" and not services.peut_positionner(request.user):
        raise PermissionDenied
    positionnements = positionnements_visibles(request.user).filter(disponibilite=dispo).order_by("etat", "rang")
    contexte = {
        "dispo": dispo,
        "positionnements": positionnements,
        "peut": services.peut_positionner(request.user),
        "impacts": _impacts(dispo, [p for p in positionnements if p.etat in EN_COURS]),
    }
    if not voit_les_candidats(request.user):
        return render(request, "positionnements/logement.html", contexte)
    options = _options(request)
    erreur, saisie = None, {}
    if request.method == "POST":
        numeros = request.POST.getlist("numeros")
        saisie = {"numeros": numeros, "exception": request.POST.get("exception", "")}
        try:
            crees = services.positionner(
                par=request.user,
                disponibilite=dispo,
                numeros=numeros,
                exception=saisie["exception"],
                derogations={n: request.POST.get(f"derogation_{n}", "") for n in numeros},
                options=options,
            )
        except ErreurMetier as err:
            erreur = err.message
        else:
            pluriel = "s" if len(crees) > 1 else ""
            messages.success(request, f"{len(crees)} candidat{pluriel} positionné{pluriel}.")
            return redirect(request.get_full_path())
    resultat = recherche.chercher(dispo, options=options)
    if resultat.lignes:  # applicants' data shown: noted among the sensitive reads (how many, which dwelling)
        lecture_noter(par=request.user, nature=NatureLecture.CANDIDATS, objet_id=dispo.pk, nombre=len(resultat.lignes))
    numero = request.GET.get("pourquoi", "").strip()
    verdict = None
    if numero:
        demande = Demande.objects.filter(numero=numero).first()
        verdict = (
            recherche.pourquoi(dispo, demande, options=options)
            if demande
            else recherche.Pourquoi(False, "INCONNUE", f"Aucune demande n'a le numéro {numero}.")
        )
    en_cours = {p.demande_id for p in positionnements if p.etat in EN_COURS}
    ailleurs = set(
        Positionnement.objects.filter(demande__in=[li.demande for li in resultat.lignes], etat__in=EN_COURS)
        .exclude(disponibilite=dispo)
        .values_list("demande_id", flat=True)
    )
    alertes = croisements_service.alertes([li.demande.pk for li in resultat.lignes])
    resultat.lignes = [dataclasses.replace(li, alertes=tuple(alertes.get(li.demande.pk, ()))) for li in resultat.lignes]
    contexte |= {
        "resultat": resultat,
        "options": options,
        "secteurs": dispo.logement.residence.commune.secteurs.all(),
        "priorites": CodePriorite.choices,
        "exceptions": ExceptionTroisCandidats.choices,
        "numero": numero,
        "verdict": verdict,
        "en_cours": en_cours,
        "ailleurs": ailleurs,
        "places": max(0, services.CANDIDATS_PAR_LOGEMENT - len(en_cours)),
        "erreur": erreur,
        "saisie": saisie,
    }
    return render(request, "positionnements/logement.html", contexte)


def _impacts(dispo, positionnes: list[Positionnement]) -> list[tuple[object, list]]:
    """Each indicator, its value now, and its value if each positioned candidate gets the dwelling."""
    if not positionnes:
        return []
    jour = timezone.localdate()
    colonnes = [impact.impact(dispo, p.demande, jour=jour) for p in positionnes]
    return [(colonnes[0][i], [c[i] for c in colonnes]) for i in range(len(colonnes[0]))]


@login_required
def retirer(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        raise Http404
    p = get_object_or_404(positionnements_visibles(request.user), pk=pk)
    motif = request.POST.get("motif", "").strip()
    # otherwise the service says why not, without a confirmation first; one sent again is answered as such
    ouvert = p.etat in (EtatPositionnement.PROPOSE, EtatPositionnement.AJOURNE) or confirmee(request)
    if motif and ouvert and services.peut_positionner(request.user):
        logement = p.disponibilite.logement
        reponse = confirmer(
            request,
            Action(
                titre=f"Retirer le candidat {p.demande.numero} du logement {logement} ?",
                effets=[
                    f"Le positionnement de la demande n° {p.demande.numero} (rang {p.rang}) sera retiré pour "
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
        messages.success(request, f"Candidat {p.demande.numero} retiré.")
    return redirect("positionnements:logement", pk=p.disponibilite_id)


@login_required
def historique(request: HttpRequest, pk: int) -> HttpResponse:
    """A demand's positionnements, with their state logs (for whoever may see the demand)."""
    demande = get_object_or_404(demandes_visibles(request.user), pk=pk)
    positionnements = (
        Positionnement.objects.filter(demande=demande)
        .select_related("disponibilite__logement__residence__commune", "propose_par")
        .prefetch_related("transitions__par")
        .order_by("-propose_le")
    )
    return render(request, "positionnements/historique.html", {"demande": demande, "positionnements": positionnements})


RAPPORT_LISTE = "positionnements:rapport_liste"


class ListeForm(forms.Form):
    reservataire = forms.ModelChoiceField(label="Réservataire", queryset=Organisation.objects.none())
    fichier = FichierTableauField(label="Liste des candidats : numero, type, date, logement")

    def __init__(self, *args, reservataires, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reservataire"].queryset = reservataires
        if reservataires.count() == 1:
            self.fields["reservataire"].initial = reservataires.first()
            self.fields["reservataire"].widget = forms.HiddenInput()


@login_required
def croisements(request: HttpRequest) -> HttpResponse:
    """The réservataires' lists: each one sends its own; CASA sees the flags of every demand."""
    reservataires = Organisation.objects.filter(est_reservataire=True).order_by("nom")
    deposables = reservataires.filter(
        pk__in=[o.pk for o in reservataires if croisements_service.peut_deposer(request.user, o)]
    )
    form = ListeForm(request.POST or None, request.FILES or None, reservataires=deposables)
    rapport = None
    if request.method == "POST":
        if not deposables.exists():
            raise PermissionDenied
        if form.is_valid():
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
            else:
                if rapport.valide:
                    messages.success(
                        request,
                        f"Liste enregistrée : {compte(rapport.lignes, 'ligne', 'lignes')} ; elle remplace la "
                        "précédente.",
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
    refus = request.session.get(RAPPORT_LISTE) if request.GET.get("rapport") else None
    if refus:
        rapport = {**refus, **page_erreurs(request, refus["erreurs"], refus["nombre_erreurs"])}
    ctx = contexte_de(request.user)
    alertes = croisements_service.alertes()
    demandes = demandes_visibles(request.user).filter(pk__in=alertes)
    if not ctx.superutilisateur and not ctx.a_role(*ROLES_POSITIONNEMENTS):
        demandes = Demande.objects.none()  # a member or a reader: no demand number (issue 15)
    elif not ctx.est_epci and not ctx.superutilisateur:  # a réservataire: the flags of the demands of its own list
        demandes = Demande.objects.filter(
            pk__in=alertes,
            designations_externes__liste__reservataire_id=ctx.organisation_id,
            designations_externes__liste__active=True,
        ).distinct()
    lignes = [(d, alertes[d.pk]) for d in demandes.order_by("numero")]
    listes = ListeReservataire.objects.filter(active=True).select_related("reservataire", "deposee_par")
    if not ctx.est_epci and not ctx.superutilisateur:
        listes = listes.filter(reservataire_id=ctx.organisation_id)
    return render(
        request,
        "positionnements/croisements.html",
        {
            "form": form if deposables.exists() else None,
            "rapport": rapport,
            "lignes": lignes,
            "listes": listes.annotate(n=Count("designations")),
        },
    )


@login_required
def modele_liste(request: HttpRequest, format: str = "csv") -> HttpResponse:
    if format == "xlsx":
        reponse = HttpResponse(
            croisements_service.modele_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        reponse = HttpResponse(croisements_service.modele_csv(), content_type="text/csv; charset=windows-1252")
    reponse["Content-Disposition"] = f'attachment; filename="modele_liste_reservataire.{format}"'
    return reponse
