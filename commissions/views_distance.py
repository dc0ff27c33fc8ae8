"""Pages of a CCPC session held at a distance: the member's page (the pseudonymised dossier, the member's avis on
each candidate, the thread of each dwelling; read only outside the window), and what the secretariat's page of the
session shows and confirms while the window is open (commissions.views)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from commun import format_fr, saisie
from commun.confirmation import Action, confirmer
from commun.erreurs import ErreurMetier
from programmation.models import Disponibilite

from . import services
from .codes import codes_candidats
from .dossier import feuilles_du_dossier
from .forms import DistanceForm
from .models import AvisMembre, DecisionAvis, EtatSeance, MessageFil, Seance
from .selectors import candidats_a_examiner, seances_a_distance_du_membre


def distance_secretariat(s: Seance, points) -> dict:
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


def cloture_distance(s: Seance) -> Action:
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


def apres_cloture_distance(s: Seance) -> str:
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
    # the avis refused at the last sending, to show again under their candidate with the reason (_distance_agir)
    refus = {int(k): v for k, v in request.session.pop(CLE_REFUS, {}).items()}
    feuilles = []
    fils = _fils(s)
    for point, lettre, fiches, _regles in feuilles_du_dossier(s, membres=True):
        candidats = [(f, mes_avis.get(f.positionnement_id), refus.get(f.positionnement_id)) for f in fiches]
        feuilles.append((point, lettre, candidats, fils.get(point.disponibilite_id)))
    brouillon = request.session.pop(CLE_BROUILLON, None) or {}  # a message refused at the last sending, kept
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
            "brouillon_point": brouillon.get("point"),
            "brouillon": brouillon.get("texte", ""),
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
            # the page says why in its banner (_lecture_seule): the message says only that nothing was written
            raise ErreurMetier("Rien n'a été enregistré : la séance ne reçoit pas d'avis ni de message en ce moment.")
        if point is None:
            raise ErreurMetier("Ce logement n'est plus à l'ordre du jour de la séance.")
        if action == "avis":
            enregistres, inchanges, erreurs = _avis_membre(request, s, point.disponibilite_id)
            if enregistres:
                messages.success(request, f"{format_fr.compte(enregistres, 'avis enregistré', 'avis enregistrés')}.")
            elif inchanges and not erreurs:
                messages.info(request, "Aucun changement : vos avis étaient déjà enregistrés tels quels.")
            elif not erreurs:
                messages.info(request, "Aucun avis choisi : rien n'a changé.")
            if erreurs:  # each said under its candidate, its choice kept; the page opens on the first one
                request.session[CLE_REFUS] = erreurs
                messages.error(
                    request,
                    f"{format_fr.compte(len(erreurs), 'avis non enregistré', 'avis non enregistrés')} : voyez "
                    "pourquoi sous le candidat, corrigez et enregistrez à nouveau.",
                )
                ancre = f"#candidat-{next(iter(erreurs))}"
        elif action == "message":
            avant, texte = timezone.now(), request.POST.get("texte", "")
            try:
                message = services.message_poster(
                    par=request.user, seance=s, disponibilite=point.disponibilite, texte=texte
                )
            except ErreurMetier:  # the text comes back in its box, to rewrite rather than retype (found by a newcomer)
                request.session[CLE_BROUILLON] = {"point": point.disponibilite_id, "texte": texte[:2000]}
                raise
            if message.le < avant:  # the same text sent again a moment ago: kept once
                messages.info(request, "Ce message est déjà au fil du logement : il n'est gardé qu'une fois.")
            else:
                messages.success(request, "Message ajouté au fil du logement.")
        else:
            raise ErreurMetier("Action inconnue : rien n'a changé.")
    except ErreurMetier as err:
        messages.error(request, err.message)
    return redirect(reverse("commissions:distance", args=[s.pk]) + ancre)


CLE_REFUS = "commissions.distance.refus"  # the session's key of the avis refused at the last sending
CLE_BROUILLON = "commissions.distance.brouillon"  # the session's key of the message refused at the last sending


def _avis_membre(request: HttpRequest, s: Seance, dispo_id: int) -> tuple[int, int, dict[str, dict]]:
    """Each avis of the dwelling's form on its own: (avis saved or changed, avis sent again as they were, the
    refused ones). Each refused one comes with what was chosen and why ({positionnement id: {"decision", "motif",
    "erreur"}}, the reason naming the candidate's code, never a name)."""
    codes = codes_candidats(s)
    enregistres, inchanges, erreurs = 0, 0, {}
    for p in candidats_a_examiner(s).filter(disponibilite_id=dispo_id).order_by("rang"):
        decision = request.POST.get(f"decision_{p.pk}", "")
        if not decision:
            continue
        try:
            _, change = services.avis_membre_donner(
                par=request.user,
                seance=s,
                positionnement=p,
                decision=decision,
                motif=request.POST.get(f"motif_{p.pk}", ""),
            )
            enregistres += change
            inchanges += not change
        except ErreurMetier as err:
            erreurs[str(p.pk)] = {
                "decision": decision,
                "motif": request.POST.get(f"motif_{p.pk}", "")[:500],
                "erreur": f"Candidat {codes.get(p.pk, '')} : {err.message}",
            }
            if "fenêtre" in err.message or "close" in err.message:
                break
    return enregistres, inchanges, erreurs


ACTIONS_A_DISTANCE = ("distance_ouvrir", "renvoyer", "cloturer_distance")


def agir_a_distance(request: HttpRequest, s: Seance, action: str) -> HttpResponse | None:
    """The secretariat's actions on a session at a distance, from its page (commissions.views): open it for a window,
    send a dwelling back to a room, close it (after its confirmation page, which this returns). ErreurMetier goes up
    to the page's message; None: done, back to the page."""
    if action == "distance_ouvrir":
        form = DistanceForm(request.POST)
        if not form.is_valid():
            raise ErreurMetier("Donnez le début et la fin de la fenêtre (date et heure).")
        services.distance_ouvrir(par=request.user, seance=s, **form.cleaned_data)
        messages.success(
            request,
            "Séance ouverte à distance : les membres convoqués sont prévenus par courriel.",
        )
    elif action == "renvoyer":
        dispo = get_object_or_404(Disponibilite, pk=saisie.identifiant(request.POST.get("point")) or 0)
        ecrit = (request.POST.get("vers") or "").strip()
        vers_pk = saisie.identifiant(ecrit)
        if ecrit and vers_pk is None:
            raise ErreurMetier(
                "Séance en salle inconnue : choisissez-la dans la liste, ou « un prochain ordre du jour »."
            )
        vers = get_object_or_404(Seance, pk=vers_pk) if vers_pk else None
        services.renvoyer_en_salle(par=request.user, seance=s, disponibilite=dispo, vers=vers)
        messages.success(
            request,
            f"Logement {dispo.logement.numero} retiré de la séance à distance"
            + (f" et inscrit à la séance {vers.numero}." if vers else " : il attend un prochain ordre du jour."),
        )
    elif action == "cloturer_distance":
        retour = reverse("commissions:seance", args=[s.pk])
        if (reponse := confirmer(request, lambda: cloture_distance(s), retour=retour)) is not None:
            return reponse
        s = services.cloturer_a_distance(par=request.user, seance=s)
        messages.success(request, apres_cloture_distance(s))
    return None
