"""The reconciliation page (docs/sne.md « Réconciliation »): the conflicts with the SNE still open, each settled by
one button (the SNE's value or the agent's: sne.reconciliation.conflit_trancher), and the probable duplicates not
settled, the SNE's demand beside the local one (the same person: attach the NUR; another: create the demand —
irreversible, so confirmed first: commun.confirmation). A second click on a settled item says so and changes
nothing. CASA's administrators and instructors (sne.rules.suit_le_sne); others get 403."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from commun import saisie
from commun.confirmation import Action, confirmer
from commun.erreurs import ErreurMetier

from .. import mise_a_jour
from .. import reconciliation as services
from ..models import EtatConflit, LigneImportSNE, ResultatLigne
from ..selectors import conflits_ouverts, doublons_ouverts
from .affichage import conflits_lisibles, doublons_lisibles
from .imports import exiger_le_suivi

PAR_PAGE = 25
GARDER = {"SNE": "valeur du SNE retenue", "LOCALE": "valeur de l'agent gardée"}
DECISIONS = ("RATTACHER", "CREER")


@login_required
def reconciliation(request: HttpRequest) -> HttpResponse:
    """The queue: open conflicts (`?page=`) and probable duplicates (`?page_doublons=`), PAR_PAGE of each."""
    exiger_le_suivi(request.user)
    conflits = Paginator(conflits_ouverts(request.user), PAR_PAGE).get_page(request.GET.get("page"))
    doublons = Paginator(doublons_ouverts(request.user), PAR_PAGE).get_page(request.GET.get("page_doublons"))
    return render(
        request,
        "sne/reconciliation.html",
        {
            "page_conflits": conflits,
            "conflits": conflits_lisibles(list(conflits.object_list)),
            "page_doublons": doublons,
            "doublons": doublons_lisibles(list(doublons.object_list)),
        },
    )


def _retour(request: HttpRequest, ancre: str) -> str:
    """The queue again, at the pages the agent was reading (numbers read by commun.saisie), at `ancre`."""
    pages = {cle: n for cle in ("page", "page_doublons") if (n := saisie.entier(request.POST.get(cle), minimum=2))}
    return reverse("sne:reconciliation") + (f"?{urlencode(pages)}" if pages else "") + f"#{ancre}"


@login_required
@require_POST
def conflit_trancher(request: HttpRequest, pk: int) -> HttpResponse:
    """« Garder la valeur du SNE » (garder=SNE) or « Garder la valeur de l'agent » (garder=LOCALE)."""
    exiger_le_suivi(request.user)
    garder = request.POST.get("garder", "")
    try:
        conflit = services.conflit_trancher(par=request.user, conflit_id=pk, garder=garder)
    except ErreurMetier as err:
        messages.error(request, err.message)
    else:
        libelle = mise_a_jour.libelle(conflit.champ)
        choix = GARDER["SNE" if conflit.etat == EtatConflit.VALEUR_SNE else "LOCALE"]
        messages.success(request, f"Demande {conflit.demande.reference} : {libelle}, {choix}.")
    return redirect(_retour(request, "conflits"))


def _action(ligne: LigneImportSNE, decision: str, retour: str) -> Action:
    """What settling the duplicate will do, said before it is done."""
    locale = ligne.doublon_de.reference if ligne.doublon_de else "?"
    if decision == "RATTACHER":
        return Action(
            titre=f"Rattacher le numéro unique {ligne.nur} à la demande {locale} ?",
            effets=[
                f"La demande {locale} reçoit le numéro unique {ligne.nur} du SNE : les prochains fichiers du SNE la "
                "mettront à jour.",
                "Chaque différence entre le SNE et cette demande devient un écart à trancher sur la page de "
                "réconciliation ; les valeurs saisies ici restent en attendant.",
            ],
            bouton="Confirmer le rattachement",
            retour=retour,
            definitif="Un numéro unique rattaché à une demande ne s'en retire pas.",
            danger=False,
        )
    return Action(
        titre=f"Créer la demande {ligne.nur} du SNE ?",
        effets=[
            f"Une demande est créée avec le numéro unique {ligne.nur}, le ménage et les souhaits que donne le SNE.",
            f"La demande {locale} ne change pas : ce sont deux personnes différentes.",
        ],
        bouton="Confirmer la création",
        retour=retour,
        definitif="Une demande créée ne se supprime pas (elle se radie).",
        danger=False,
    )


def _deja_numerotee(ligne: LigneImportSNE, decision: str) -> str | None:
    """Why the choice cannot be made since the local demand received a numéro unique (another duplicate settled, an
    acknowledgement of the SNE), said before any confirmation; None when it can."""
    locale = ligne.doublon_de
    if locale is None or not locale.nur:
        return None
    if locale.nur == ligne.nur:
        return (
            f"La demande locale {locale.numero} a reçu ce numéro unique ({locale.nur}) : ce doublon est réglé, il "
            "n'y a plus rien à trancher."
        )
    if decision == "RATTACHER":
        return (
            f"La demande locale {locale.numero} a reçu le numéro unique {locale.nur} : elle ne peut pas recevoir "
            f"aussi le numéro {ligne.nur}. Si la demande du SNE est une autre personne, choisissez « Autre personne : "
            "créer la demande »."
        )
    return None


@login_required
@require_POST
def doublon_trancher(request: HttpRequest, pk: int) -> HttpResponse:
    """« Même demande : rattacher le numéro unique » (decision=RATTACHER) or « Autre personne : créer la demande »
    (decision=CREER), confirmed first; a choice missing or a duplicate settled already is said at once."""
    exiger_le_suivi(request.user)
    retour = _retour(request, "doublons")
    decision = request.POST.get("decision", "")
    ligne = (
        LigneImportSNE.objects.filter(pk=pk, resultat=ResultatLigne.DOUBLON)
        .select_related("doublon_de")
        .only("nur", "doublon_tranche", "doublon_de__nur", "doublon_de__numero")
        .first()
    )
    if decision not in DECISIONS:
        messages.error(request, "Choisissez : même demande (rattacher le numéro unique) ou autre personne (créer).")
        return redirect(retour)
    if ligne is None or ligne.doublon_tranche:
        messages.error(request, "Ce doublon est déjà tranché." if ligne else "Ce doublon n'existe pas.")
        return redirect(retour)
    if (refus := _deja_numerotee(ligne, decision)) is not None:
        messages.error(request, refus)
        return redirect(retour)
    if (reponse := confirmer(request, _action(ligne, decision, retour))) is not None:
        return reponse
    try:
        demande = services.doublon_trancher(par=request.user, ligne_id=pk, decision=decision)
    except ErreurMetier as err:
        messages.error(request, err.message)
    else:
        fait = "rattachée au numéro unique" if decision == "RATTACHER" else "créée avec le numéro unique"
        messages.success(request, f"Demande {demande.numero} {fait} {demande.nur}.")
    return redirect(retour)
