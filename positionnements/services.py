"""Use cases of the positionnements: propose up to three candidates for a dwelling, withdraw one, move one through its
states. Keyword-only, transactional, row-locked, taking the acting user; errors in French (ErreurMetier)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from demandes.models import Demande
from programmation.models import Disponibilite, EtatDisponibilite
from territoire.contexte import contexte_de
from territoire.exceptions import ErreurMetier
from territoire.models import Utilisateur
from territoire.roles import Role

from . import recherche
from .etats import EN_COURS, EtatPositionnement, ExceptionTroisCandidats, transition_permise
from .models import Positionnement, TransitionPositionnement

CANDIDATS_PAR_LOGEMENT = 3  # REGLES §11


def peut_positionner(user) -> bool:
    ctx = contexte_de(user)
    return ctx.administrateur_epci or (ctx.est_epci and ctx.a_role(Role.INSTRUCTEUR))


def _journaliser(p: Positionnement, de: str, vers: str, par: Utilisateur, motif: str = "") -> None:
    TransitionPositionnement.objects.create(positionnement=p, de=de, vers=vers, par=par, motif=motif[:300])


@transaction.atomic
def positionner(
    *,
    par: Utilisateur,
    disponibilite: Disponibilite,
    numeros: list[str],
    exception: str = "",
    derogations: dict[str, str] | None = None,
    options: recherche.Options | None = None,
    jour: dt.date | None = None,
) -> list[Positionnement]:
    """Proposes the demands `numeros`, in this rank order, for the dwelling. Each must suit the dwelling (the rules of
    the search, with the agent's options); the dwelling gets three candidates at most and, with fewer, the exception
    must be stated; a demand already positioned elsewhere needs a reason (`derogations[numero]`). All or nothing."""
    if not peut_positionner(par):
        raise PermissionDenied("Seuls les agents de la CASA positionnent des candidats.")
    derogations = derogations or {}
    numeros = [n.strip() for n in numeros if n and n.strip()]
    if not numeros:
        raise ErreurMetier("Choisissez au moins un candidat.", champ="numeros")
    if len(set(numeros)) != len(numeros):
        raise ErreurMetier("Un même candidat est choisi deux fois.", champ="numeros")
    # the dwelling first, then the demands in a fixed order: two agents never wait on each other in a circle
    dispo = (
        Disponibilite.objects.select_for_update(of=("self",))
        .select_related("logement__residence__commune")
        .get(pk=disponibilite.pk)
    )
    if dispo.etat != EtatDisponibilite.A_POURVOIR:
        raise ErreurMetier("Ce logement n'est plus à pourvoir.")
    deja = list(dispo.positionnements.filter(etat__in=EN_COURS))
    if len(deja) + len(numeros) > CANDIDATS_PAR_LOGEMENT:
        raise ErreurMetier(
            f"Trois candidats au plus par logement : {len(deja)} déjà positionné(s), {len(numeros)} proposé(s).",
            champ="numeros",
        )
    if len(deja) + len(numeros) < CANDIDATS_PAR_LOGEMENT and exception not in ExceptionTroisCandidats.values:
        raise ErreurMetier(
            "La loi demande trois candidats par logement : dites pourquoi il y en a moins (pas assez de candidats, "
            "candidat DALO désigné par le préfet, logement PLAI adapté).",
            champ="exception",
        )
    demandes = {
        d.numero: d
        for d in Demande.objects.select_for_update(of=("self",)).filter(numero__in=numeros).order_by("numero")
    }
    inconnus = [n for n in numeros if n not in demandes]
    if inconnus:
        raise ErreurMetier(f"Demande inconnue : {', '.join(inconnus)}.", champ="numeros")
    jour = jour or dt.date.today()
    crees = []
    for rang, numero in enumerate(numeros, start=len(deja) + 1):
        demande = demandes[numero]
        if any(p.demande_id == demande.pk for p in deja):
            raise ErreurMetier(f"La demande {numero} est déjà positionnée sur ce logement.", champ="numeros")
        verdict = recherche.pourquoi(dispo, demande, options=options, jour=jour)
        if not verdict.eligible:
            raise ErreurMetier(f"La demande {numero} ne convient pas : {verdict.message}", champ="numeros")
        ailleurs = (
            Positionnement.objects.filter(demande=demande, etat__in=EN_COURS)
            .exclude(disponibilite=dispo)
            .select_related("disponibilite__logement__residence")
            .first()
        )
        motif = derogations.get(numero, "").strip()
        if ailleurs and not motif:
            logement = ailleurs.disponibilite.logement
            raise ErreurMetier(
                f"La demande {numero} est déjà positionnée sur le logement {logement.numero} de "
                f"{logement.residence.nom} : donnez le motif d'un second positionnement.",
                champ="numeros",
            )
        try:
            with transaction.atomic():
                p = Positionnement.objects.create(
                    disponibilite=dispo,
                    demande=demande,
                    rang=rang,
                    propose_par=par,
                    exception=exception if len(deja) + len(numeros) < CANDIDATS_PAR_LOGEMENT else "",
                    derogation=motif if ailleurs else "",
                    examen={"rang_recherche": verdict.rang, "message": verdict.message},
                )
        except IntegrityError as err:  # a double click that raced the checks above
            raise ErreurMetier("Ce positionnement vient d'être enregistré : rechargez la page.") from err
        _journaliser(p, "", EtatPositionnement.PROPOSE, par, motif)
        crees.append(p)
    return crees


@transaction.atomic
def changer_etat(*, par: Utilisateur, positionnement: Positionnement, vers: str, motif: str = "") -> Positionnement:
    """Moves a positionnement along the state machine (etats.TRANSITIONS); a move it does not allow is refused."""
    p = Positionnement.objects.select_for_update().get(pk=positionnement.pk)
    if not transition_permise(p.etat, vers):
        raise ErreurMetier(
            f"Un positionnement « {p.get_etat_display()} » ne peut pas passer à « {EtatPositionnement(vers).label} »."
        )
    de, p.etat = p.etat, vers
    p.save(update_fields=["etat"])
    _journaliser(p, de, vers, par, motif)
    return p


def retirer(*, par: Utilisateur, positionnement: Positionnement, motif: str) -> Positionnement:
    """The agent withdraws a candidate before the commission (a reason is required)."""
    if not peut_positionner(par):
        raise PermissionDenied("Seuls les agents de la CASA retirent un positionnement.")
    if not motif.strip():
        raise ErreurMetier("Donnez le motif du retrait.", champ="motif")
    return changer_etat(par=par, positionnement=positionnement, vers=EtatPositionnement.RETIRE, motif=motif)
