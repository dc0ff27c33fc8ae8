"""The guards every use case of a session runs first: the acting user manages the sessions (rules), and the session,
locked, is in a state that allows the action (a closed session never changes). Also how a session moves and where it
is logged (JOURNAL, for commun.etats.passer)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from commun.erreurs import ErreurMetier
from territoire.models import Utilisateur

from ..etats import MACHINE_SEANCE
from ..models import DecisionAvis, EtatSeance, Seance, TransitionSeance
from ..rules import gere_les_seances
from ..selectors import A_EXAMINER

JOURNAL = {"machine": MACHINE_SEANCE, "journal": TransitionSeance, "lien": "seance"}


def secretariat_verifier(par: Utilisateur) -> None:
    """PermissionDenied unless `par` manages the sessions (commissions.rules.gere_les_seances)."""
    if not gere_les_seances(par):
        raise PermissionDenied("Seul le secrétariat de la commission gère les séances.")


def seance_verrouiller(seance: Seance, *etats: str) -> Seance:
    """The session locked (SELECT … FOR UPDATE) and checked as seance_modifiable does."""
    return seance_modifiable(Seance.objects.select_for_update().get(pk=seance.pk), *etats)


def seance_modifiable(seance: Seance, *etats: str) -> Seance:
    """ErreurMetier when the session is closed, or not in one of `etats` (any open state when none is given)."""
    if seance.etat == EtatSeance.CLOSE:
        raise ErreurMetier("La séance est close : elle ne peut plus être modifiée.")
    if etats and seance.etat not in etats:
        raise ErreurMetier(f"La séance est « {seance.get_etat_display()} » : ce n'est plus possible.")
    return seance


def avis_verifier(seance: Seance, positionnement, decision: str, motif: str, longueur: int) -> str:
    """The checks an avis passes, in the room (tenue.avis_enregistrer) as at a distance (distance.avis_membre_donner):
    a known decision (DecisionAvis), a candidate of the agenda still to examine, a reason of at most `longueur`
    characters, required for an ajourné or a refusé. Returns the reason stripped; ErreurMetier (French, with the
    field) otherwise."""
    if decision not in DecisionAvis.values:
        raise ErreurMetier("Avis inconnu : validé, ajourné ou refusé.", champ="decision")
    if not seance.points.filter(disponibilite_id=positionnement.disponibilite_id).exists():
        raise ErreurMetier("Ce logement n'est pas à l'ordre du jour de la séance.")
    if positionnement.etat not in A_EXAMINER:
        raise ErreurMetier(f"Ce positionnement est « {positionnement.get_etat_display()} » : pas d'avis à donner.")
    motif = motif.strip()
    if len(motif) > longueur:
        raise ErreurMetier(f"Le motif fait {len(motif)} caractères : {longueur} au plus.", champ="motif")
    if decision != DecisionAvis.VALIDE and not motif:
        raise ErreurMetier("Un avis ajourné ou refusé dit son motif.", champ="motif")
    return motif
