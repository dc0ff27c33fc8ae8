"""Pages of the CCPC: the sessions, and a session's page where the secretariat builds the agenda, convenes, records
attendance and the avis (or opens the session at a distance), and closes; members read the sessions they are convened
to, and give their avis online on the page of a session at a distance."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from commun import format_fr, saisie
from commun.confirmation import Action, confirmer
from commun.erreurs import ErreurMetier
from commun.listes import repondre
from programmation.models import Disponibilite
from territoire.models_acces import NatureLecture
from territoire.services_acces import lecture_noter

from . import services, tasks
from .codes import codes_candidats
from .forms import DistanceForm, PretsFiltreForm, SeanceForm
from .models import DecisionAvis, EtatSeance, Membre, Seance
from .rules import consulte_les_seances, gere_les_seances, voit_les_demandeurs
from .selectors import (
    candidats_a_examiner,
    candidats_du_point,
    membres_convoques,
    positionnements_prets,
    seances_visibles,
)
from .tableaux import SeancesFiltre, SeancesTableau, par_proximite
from .views_distance import ACTIONS_A_DISTANCE, agir_a_distance, distance_secretariat

# The minutes are written when the session is closed in the application (services.cloturer: attendance, quorum,
# avis). A session recorded closed without them (the demo's two years of history, a session taken over from before
# the application) has none to show: its page says so instead of offering a link to a 404.
SANS_PROCES_VERBAL = (
    "Pas de procès-verbal dans l'application pour cette séance : elle a été enregistrée déjà close (reprise de "
    "l'historique), sans les présences ni le quorum dont il est fait."
)


@login_required
def seances(request: HttpRequest, format: str | None = None) -> HttpResponse:
    """The sessions the person may read (seances_visibles), upcoming first, filtered, sorted and paginated, or
    exported when ``format`` is given; the secretariat creates one from the form at the top of the page."""
    if not consulte_les_seances(request.user):
        raise PermissionDenied
    form = SeanceForm(request.POST or None)
    if request.method == "POST" and format is None:
        if not gere_les_seances(request.user):
            raise PermissionDenied
        if form.is_valid():
            try:
                s = services.seance_creer(par=request.user, **form.cleaned_data)
            except ErreurMetier as err:
                form.add_error(err.champ if err.champ in form.fields else None, err.message)
            else:
                messages.success(request, f"Séance {s.numero} créée : composez son ordre du jour.")
                return redirect("commissions:seance", pk=s.pk)
    filtre = SeancesFiltre(request.GET or None, queryset=seances_visibles(request.user))  # as the home counters
    return repondre(
        request,
        liste="seances",
        tableau=SeancesTableau(par_proximite(filtre.qs)),
        gabarit="commissions/seances.html",
        contexte={"filtre": filtre, "form": form if gere_les_seances(request.user) else None},
        format=format,
    )


def _points(seance: Seance):
    """The agenda: each dwelling with its candidates to examine, their avis and their code in the session (A1…)."""
    codes = codes_candidats(seance)
    avis = {a.positionnement_id: a for a in seance.avis.select_related("rapporteur")}
    lignes = []
    for point in seance.points.select_related(
        "disponibilite__logement__residence__commune", "disponibilite__reservataire"
    ):
        candidats = candidats_du_point(seance, point.disponibilite, avec_avis=avis)
        lignes.append((point, [(p, avis.get(p.pk), codes.get(p.pk, "")) for p in candidats]))
    return lignes


@login_required
def seance(request: HttpRequest, pk: int) -> HttpResponse:
    s = get_object_or_404(seances_visibles(request.user), pk=pk)
    gere = gere_les_seances(request.user)
    if request.method == "POST":
        if not gere:
            raise PermissionDenied
        return _agir(request, s)
    contexte = {
        "seance": s,
        "sans_proces_verbal": SANS_PROCES_VERBAL,
        "gere": gere,
        "points": _points(s),
        "convocations": s.convocations.select_related("membre__commune", "membre__organisation"),
        "decisions": DecisionAvis.choices,
        "progression": tasks.progression(s.pk),
        "casa": voit_les_demandeurs(request.user),
    }
    if gere and s.etat in (EtatSeance.PREPAREE, EtatSeance.CONVOQUEE):
        filtres = PretsFiltreForm(request.GET).filtres()
        contexte["prets"] = positionnements_prets(**filtres)
        contexte["filtres"] = filtres
        contexte["communes"] = PretsFiltreForm.communes()
        contexte["bailleurs"] = PretsFiltreForm.bailleurs()
    if gere and s.etat == EtatSeance.CONVOQUEE:
        contexte["distance_form"] = DistanceForm(
            initial={"debut": timezone.localtime().replace(second=0, microsecond=0)}
        )
    if s.etat == EtatSeance.A_DISTANCE and contexte["casa"]:  # members see their own avis only, until the close
        contexte.update(distance_secretariat(s, contexte["points"]))
    if s.a_distance and services.membre_convoque(request.user, s):
        contexte["mes_avis_url"] = reverse("commissions:distance", args=[s.pk])
    if s.etat in (EtatSeance.TENUE, EtatSeance.CLOSE) and s.convocations.exists():
        try:
            contexte["quorum"] = services.quorum(s)
        except ErreurMetier as err:
            contexte["quorum_erreur"] = err.message
        contexte["presents"] = [c.membre for c in s.convocations.filter(present=True).select_related("membre")]
    return render(request, "commissions/seance.html", contexte)


def _agir(request: HttpRequest, s: Seance) -> HttpResponse:
    action = request.POST.get("action")
    try:
        if action == "ordre_du_jour":
            choisis = saisie.identifiants(request.POST.getlist("points"))
            ordre = {i: saisie.entier(request.POST.get(f"ordre_{i}"), maximum=999, defaut=999) for i in choisis}
            position = {i: n for n, i in enumerate(choisis)}
            choisis.sort(key=lambda i: (ordre[i], position[i]))
            dispos = Disponibilite.objects.in_bulk(choisis)
            services.ordre_du_jour_definir(
                par=request.user, seance=s, disponibilites=[dispos[i] for i in choisis if i in dispos]
            )
            nombre = format_fr.compte(len(choisis), "logement", "logements")
            messages.success(request, f"Ordre du jour enregistré : {nombre}.")
        elif action == "convoquer":
            if (reponse := confirmer(request, _convocation(s))) is not None:
                return reponse
            services.convoquer(par=request.user, seance=s)
            messages.success(request, "Membres convoqués : les convocations partent par courriel.")
        elif action == "presences":
            ids = saisie.identifiants(request.POST.getlist("presents"))
            services.presences_enregistrer(par=request.user, seance=s, presents=list(Membre.objects.filter(pk__in=ids)))
            messages.success(request, "Présences enregistrées.")
        elif action == "avis":
            enregistres, erreurs = _avis(request, s)
            if enregistres:
                messages.success(request, f"{enregistres} avis enregistré(s).")
            for erreur in erreurs:
                messages.error(request, erreur)
        elif action == "dossier":
            cache.set(tasks.cle_progression(s.pk), {"etat": "EN_ATTENTE"}, tasks.DUREE_PROGRESSION)
            transaction.on_commit(lambda: tasks.generer_dossier.delay(s.pk))
            messages.success(request, "Production du dossier lancée : il sera prêt dans quelques secondes.")
        elif action in ACTIONS_A_DISTANCE:
            if (reponse := agir_a_distance(request, s, action)) is not None:
                return reponse
        elif action == "cloturer":
            retour = reverse("commissions:seance", args=[s.pk])
            if (reponse := confirmer(request, lambda: _cloture(s), retour=retour)) is not None:
                return reponse
            services.cloturer(par=request.user, seance=s)
            messages.success(
                request, "Séance close : les positionnements ont suivi les avis, le procès-verbal est prêt."
            )
        else:
            raise Http404
    except ErreurMetier as err:
        messages.error(request, err.message)
    return redirect("commissions:seance", pk=s.pk)


def _convocation(s: Seance) -> Action:
    """What convening says before it sends: who receives an e-mail (every member in office, again if done before)."""
    membres = list(services.membres_en_fonction(timezone.localdate(s.date)))
    avec_courriel = sum(1 for m in membres if m.courriel)
    deja = s.etat == EtatSeance.CONVOQUEE
    return Action(
        titre=f"{'Convoquer à nouveau' if deja else 'Convoquer'} les membres à la séance {s.numero} ?",
        effets=[
            format_fr.compte(len(membres), "membre en fonction sera convoqué", "membres en fonction seront convoqués")
            + f" à la séance du {timezone.localtime(s.date):%d/%m/%Y à %H h %M} ({s.lieu}) ; "
            f"{format_fr.compte(avec_courriel, 'courriel partira', 'courriels partiront')}, un par membre.",
            f"L'ordre du jour compte {format_fr.compte(s.points.count(), 'logement', 'logements')}."
            + (" Les membres déjà convoqués recevront la convocation une seconde fois." if deja else ""),
        ],
        bouton="Confirmer la convocation",
        retour=reverse("commissions:seance", args=[s.pk]),
        definitif="Un courriel parti ne se reprend pas.",
        danger=False,
    )


def _cloture(s: Seance) -> Action:
    """What closing says before it acts (services.cloture_apercu: raises when the closing would be refused)."""
    compte = services.cloture_apercu(s)
    return Action(
        titre=f"Clore la séance {s.numero} ?",
        effets=[
            "Les positionnements suivront les avis de la commission : "
            f"{format_fr.compte(compte['VALIDE'], 'candidat validé', 'candidats validés')} (dans l'ordre retenu), "
            f"{format_fr.compte(compte['AJOURNE'], 'ajourné', 'ajournés')}, "
            f"{format_fr.compte(compte['REFUSE'], 'refusé', 'refusés')}.",
            "Le procès-verbal sera produit en deux versions (celle de la CASA, celle des membres).",
            "La séance sera verrouillée : ni l'ordre du jour, ni les présences, ni les avis ne pourront plus changer.",
        ],
        bouton="Confirmer la clôture",
        retour=reverse("commissions:seance", args=[s.pk]),
        definitif="Une séance close ne se rouvre pas.",
        en_cours="Clôture en cours…",
    )


def _avis(request: HttpRequest, s: Seance) -> tuple[int, list[str]]:
    """Each avis of the form on its own: the valid ones are saved, each refused one says why (its inputs stay to be
    corrected, the others are kept)."""
    presents = {m.pk: m for m in membres_convoques(s)}
    enregistres, erreurs = 0, []
    for p in candidats_a_examiner(s):
        decision = request.POST.get(f"decision_{p.pk}", "")
        if not decision:
            continue
        rapporteur = presents.get(saisie.identifiant(request.POST.get(f"rapporteur_{p.pk}")))
        rang = request.POST.get(f"rang_{p.pk}", "").strip()
        try:
            if rapporteur is None:
                raise ErreurMetier("choisissez le membre qui rapporte l'avis.")
            services.avis_enregistrer(
                par=request.user,
                seance=s,
                positionnement=p,
                decision=decision,
                rapporteur=rapporteur,
                motif=request.POST.get(f"motif_{p.pk}", ""),
                rang=saisie.entier(rang, defaut=0) if rang else None,
            )
            enregistres += 1
        except ErreurMetier as err:
            erreurs.append(f"Demande {p.demande.reference} : {err.message}")
    return enregistres, erreurs


@login_required
def dossier_etat(request: HttpRequest, pk: int) -> HttpResponse:
    """The dossier's progress, polled by the page while it is produced."""
    s = get_object_or_404(seances_visibles(request.user), pk=pk)
    return render(
        request,
        "commissions/_dossier.html",
        {
            "seance": s,
            "progression": tasks.progression(s.pk),
            "casa": voit_les_demandeurs(request.user),
            "gere": gere_les_seances(request.user),
        },
    )


@login_required
def dossier(request: HttpRequest, pk: int, version: str) -> HttpResponse:
    s = get_object_or_404(seances_visibles(request.user), pk=pk)
    if version == "casa" and not voit_les_demandeurs(request.user):
        raise PermissionDenied("La version nominative du dossier est réservée aux agents de la CASA qui la préparent.")
    contenu = s.dossier if version == "casa" else s.dossier_membres
    if not contenu:
        raise Http404
    if version == "casa":  # named: noted among the sensitive reads
        lecture_noter(par=request.user, nature=NatureLecture.DOSSIER_SEANCE, objet_id=s.pk)
    reponse = HttpResponse(bytes(contenu), content_type="application/pdf")
    suffixe = "" if version == "casa" else "_membres"
    reponse["Content-Disposition"] = f'attachment; filename="dossier_{s.numero}{suffixe}.pdf"'
    return reponse


@login_required
def proces_verbal(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes: CASA's agents get the version with demand numbers and reasons; members the version with the
    candidates' codes (written at closing; rendered from the avis for a session closed before it existed)."""
    s = get_object_or_404(seances_visibles(request.user), pk=pk, etat=EtatSeance.CLOSE)
    if not s.proces_verbal:
        return render(request, "erreurs/404.html", {"message": SANS_PROCES_VERBAL}, status=404)
    if voit_les_demandeurs(request.user):
        contenu, suffixe = s.proces_verbal, ""
        lecture_noter(par=request.user, nature=NatureLecture.PROCES_VERBAL, objet_id=s.pk)
    else:
        contenu, suffixe = s.proces_verbal_membres, "_membres"
        if not contenu:
            try:
                contenu = services.proces_verbal_pdf(s, services.quorum(s), membres=True)
            except ErreurMetier:
                return render(request, "erreurs/404.html", {"message": SANS_PROCES_VERBAL}, status=404)
    reponse = HttpResponse(bytes(contenu), content_type="application/pdf")
    reponse["Content-Disposition"] = f'attachment; filename="proces_verbal_{s.numero}{suffixe}.pdf"'
    return reponse
