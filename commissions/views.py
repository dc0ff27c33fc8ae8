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
from .dossier import feuilles_du_dossier
from .forms import DistanceForm, PretsFiltreForm, SeanceForm
from .models import AvisMembre, DecisionAvis, EtatSeance, Membre, MessageFil, Seance
from .rules import consulte_les_seances, gere_les_seances, voit_les_demandeurs
from .selectors import (
    candidats_a_examiner,
    candidats_du_point,
    membres_convoques,
    positionnements_prets,
    seances_a_distance_du_membre,
    seances_visibles,
)
from .tableaux import SeancesFiltre, SeancesTableau, par_proximite

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
    if s.etat == EtatSeance.A_DISTANCE:
        contexte.update(_distance_secretariat(s, contexte["points"]))
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
            messages.success(request, f"Ordre du jour enregistré : {len(choisis)} logement(s).")
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
        elif action == "distance_ouvrir":
            form = DistanceForm(request.POST)
            if not form.is_valid():
                raise ErreurMetier("Donnez le début et la fin de la fenêtre (date et heure).")
            services.distance_ouvrir(par=request.user, seance=s, **form.cleaned_data)
            messages.success(request, "Séance ouverte à distance : les membres convoqués sont prévenus par courriel.")
        elif action == "renvoyer":
            dispo = get_object_or_404(Disponibilite, pk=saisie.identifiant(request.POST.get("point")) or 0)
            vers_pk = saisie.identifiant(request.POST.get("vers"))
            vers = get_object_or_404(Seance, pk=vers_pk) if vers_pk else None
            services.renvoyer_en_salle(par=request.user, seance=s, disponibilite=dispo, vers=vers)
            messages.success(
                request,
                f"Logement {dispo.logement.numero} retiré de la séance à distance"
                + (f" et inscrit à la séance {vers.numero}." if vers else " : il attend un prochain ordre du jour."),
            )
        elif action == "cloturer_distance":
            retour = reverse("commissions:seance", args=[s.pk])
            if (reponse := confirmer(request, lambda: _cloture_distance(s), retour=retour)) is not None:
                return reponse
            s = services.cloturer_a_distance(par=request.user, seance=s)
            messages.success(request, _apres_cloture_distance(s))
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


def _distance_secretariat(s: Seance, points) -> dict:
    """What the secretariat reads of a session open at a distance: the members who took part, the quorum so far,
    each candidate's count of avis and the commission's avis it would give, each dwelling's thread, the room
    sessions a dwelling may be sent to."""
    presents = services.participants(s)
    avis = services.avis_par_candidat(s)
    fils = _fils(s)
    try:
        q = services.quorum_a_distance(s)
    except ErreurMetier as err:
        q = None
        quorum_erreur = err.message
    else:
        quorum_erreur = ""
    return {
        "fenetre_ouverte": services.fenetre_ouverte(s),
        "participants": [c.membre for c in s.convocations.select_related("membre") if c.membre_id in presents],
        "quorum_distance": q,
        "quorum_erreur": quorum_erreur,
        "points_distance": [
            (
                point,
                [(p, code, avis[p.pk]) for p, _a, code in candidats if p.pk in avis],
                fils.get(point.disponibilite_id),
            )
            for point, candidats in points
        ],
        "seances_en_salle": Seance.objects.filter(
            distance_debut__isnull=True, etat__in=(EtatSeance.PREPAREE, EtatSeance.CONVOQUEE)
        ).order_by("date"),
    }


def _fils(s: Seance) -> dict[int, list[MessageFil]]:
    """{dwelling id: its thread's messages, oldest first}."""
    fils: dict[int, list[MessageFil]] = {}
    for m in s.messages_fil.select_related("membre").order_by("le", "pk"):
        fils.setdefault(m.disponibilite_id, []).append(m)
    return fils


def _cloture_distance(s: Seance) -> Action:
    """What closing a session at a distance says before it acts (services.cloture_distance_apercu)."""
    q, compte = services.cloture_distance_apercu(s)
    participants = len(services.participants(s))
    if q.atteint:
        effets = [
            f"{format_fr.compte(participants, 'membre a pris part', 'membres ont pris part')} : quorum atteint "
            f"({q.message}).",
            "Les positionnements suivront l'avis donné par le plus grand nombre de membres : "
            f"{format_fr.compte(compte['VALIDE'], 'candidat validé', 'candidats validés')}, "
            f"{format_fr.compte(compte['AJOURNE'], 'ajourné', 'ajournés')} (dont les avis partagés à égalité et "
            f"les candidats sans avis), {format_fr.compte(compte['REFUSE'], 'refusé', 'refusés')}.",
        ]
    else:
        effets = [
            f"{format_fr.compte(participants, 'membre a pris part', 'membres ont pris part')} : quorum non atteint "
            f"({q.message}).",
            "La commission ne rend aucun avis : les candidats restent à examiner et les logements pourront être "
            "inscrits à une autre séance.",
        ]
    return Action(
        titre=f"Clore la séance à distance {s.numero} ?",
        effets=[
            *effets,
            "Les avis des membres ne pourront plus changer ; le procès-verbal sera produit en deux versions.",
        ],
        bouton="Confirmer la clôture",
        retour=reverse("commissions:seance", args=[s.pk]),
        definitif="Une séance close ne se rouvre pas.",
        en_cours="Clôture en cours…",
    )


def _apres_cloture_distance(s: Seance) -> str:
    if s.avis.exists():
        return "Séance close : les positionnements ont suivi les avis, le procès-verbal est prêt."
    return "Séance close sans quorum : aucun avis n'est rendu ; ses logements peuvent être inscrits à une autre séance."


@login_required
def distance(request: HttpRequest, pk: int) -> HttpResponse:
    """The page of a session at a distance for a member convened to it (seances_a_distance_du_membre; anyone else:
    404): each dwelling with its candidates as in the members' dossier (a code, no name, birth date or demand
    number), the member's own avis on each (given and changed during the window) and the dwelling's thread. Outside
    the window, the same page in reading only, saying why."""
    s = get_object_or_404(seances_a_distance_du_membre(request.user), pk=pk)
    membre = services.membre_convoque(request.user, s)
    if request.method == "POST":
        return _distance_agir(request, s)
    mes_avis = {a.positionnement_id: a for a in AvisMembre.objects.filter(seance=s, membre=membre)}
    feuilles = []
    fils = _fils(s)
    for point, lettre, fiches in feuilles_du_dossier(s, membres=True):
        feuilles.append(
            (point, lettre, [(f, mes_avis.get(f.positionnement_id)) for f in fiches], fils.get(point.disponibilite_id))
        )
    return render(
        request,
        "commissions/distance.html",
        {
            "seance": s,
            "membre": membre,
            "feuilles": feuilles,
            "ouverte": services.fenetre_ouverte(s),
            "lecture_seule": _lecture_seule(s),
            "decisions": DecisionAvis.choices,
            "donnes": sum(1 for a in mes_avis.values() if a),
        },
    )


def _lecture_seule(s: Seance) -> str:
    """Why the page of a session at a distance is read only now ("" while its window is open)."""
    if s.etat == EtatSeance.CLOSE:
        return (
            f"La séance est close depuis le {timezone.localtime(s.close_le):%d/%m/%Y à %H h %M} : les avis ne "
            "changent plus. Le procès-verbal est sur la page de la séance."
        )
    if services.fenetre_ouverte(s):
        return ""
    if timezone.now() < s.distance_debut:
        return (
            f"La fenêtre des avis ouvre le {timezone.localtime(s.distance_debut):%d/%m/%Y à %H h %M} : vous pouvez "
            "lire le dossier dès maintenant, et donner vos avis à partir de ce moment."
        )
    return (
        f"La fenêtre des avis est fermée depuis le {timezone.localtime(s.distance_fin):%d/%m/%Y à %H h %M} : la "
        "séance va être close ; vos avis ne changent plus."
    )


def _distance_agir(request: HttpRequest, s: Seance) -> HttpResponse:
    """A member's avis on the candidates of one dwelling, or a message in its thread; back to the dwelling."""
    action = request.POST.get("action")
    point = s.points.filter(disponibilite_id=saisie.identifiant(request.POST.get("point")) or 0).first()
    ancre = f"#logement-{point.disponibilite_id}" if point else ""
    try:
        if not services.fenetre_ouverte(s):
            raise ErreurMetier(_lecture_seule(s))
        if point is None:
            raise ErreurMetier("Ce logement n'est plus à l'ordre du jour de la séance.")
        if action == "avis":
            enregistres, erreurs = _avis_membre(request, s, point.disponibilite_id)
            if enregistres:
                messages.success(request, f"{format_fr.compte(enregistres, 'avis enregistré', 'avis enregistrés')}.")
            elif not erreurs:
                messages.info(request, "Aucun avis choisi : rien n'a changé.")
            for erreur in erreurs:
                messages.error(request, erreur)
        elif action == "message":
            services.message_poster(
                par=request.user, seance=s, disponibilite=point.disponibilite, texte=request.POST.get("texte", "")
            )
            messages.success(request, "Message ajouté au fil du logement.")
        else:
            raise ErreurMetier("Action inconnue : rien n'a changé.")
    except ErreurMetier as err:
        messages.error(request, err.message)
    return redirect(reverse("commissions:distance", args=[s.pk]) + ancre)


def _avis_membre(request: HttpRequest, s: Seance, dispo_id: int) -> tuple[int, list[str]]:
    """Each avis of the dwelling's form on its own: the valid ones are saved, each refused one says why (with the
    candidate's code, never a name)."""
    codes = codes_candidats(s)
    enregistres, erreurs = 0, []
    for p in candidats_a_examiner(s).filter(disponibilite_id=dispo_id).order_by("rang"):
        decision = request.POST.get(f"decision_{p.pk}", "")
        if not decision:
            continue
        try:
            services.avis_membre_donner(
                par=request.user,
                seance=s,
                positionnement=p,
                decision=decision,
                motif=request.POST.get(f"motif_{p.pk}", ""),
            )
            enregistres += 1
        except ErreurMetier as err:
            erreurs.append(f"Candidat {codes.get(p.pk, '')} : {err.message}")
            if "fenêtre" in err.message or "close" in err.message:
                break
    return enregistres, erreurs


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
