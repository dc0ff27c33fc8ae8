"""What every use case of the demand shares: the row lock, the scope checks before a change, how a demand moves and
where it is logged (JOURNAL, for commun.etats.passer), the note of an event that changes no state, the date of a paper
received. Internal to demandes.services (not re-exported)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied

from commun import format_fr
from commun.erreurs import ErreurMetier
from territoire.models import Utilisateur

from .. import cycle, retention
from ..etats import MACHINE_DEMANDE
from ..models import Demande, TransitionDemande
from ..rules import modifie_la_demande

JOURNAL = {"machine": MACHINE_DEMANDE, "journal": TransitionDemande, "lien": "demande"}


def verrouiller(demande: Demande) -> Demande:
    """Row lock: two agents acting on the same demand at the same time cannot both succeed."""
    return Demande.objects.select_for_update().get(pk=demande.pk)


def verifier_peut_agir(par: Utilisateur, demande: Demande) -> None:
    """Scope only: a struck-off demand may still be reactivated by a service that may act on it."""
    if not modifie_la_demande(par, demande):
        raise PermissionDenied("Vous ne pouvez pas modifier cette demande.")


def verifier_modifiable(par: Utilisateur, demande: Demande) -> None:
    """Within the user's scope (PermissionDenied) and not struck off (ErreurMetier, saying when its data was erased
    if it was)."""
    verifier_peut_agir(par, demande)
    if demande.lecture_seule:
        retention.verifier_non_effacee(demande)  # its data erased: says so and when
        raise ErreurMetier("Cette demande est radiée : elle ne peut plus être modifiée.")


def noter(demande: Demande, par: Utilisateur | None, motif: str) -> None:
    """A line of the demand's log that changes no state (from its state to the same: a renewal, a letter, a date
    corrected), by whom, why. A move goes through commun.etats.passer with JOURNAL."""
    TransitionDemande.objects.create(demande=demande, de=demande.etat, vers=demande.etat, par=par, motif=motif)


def verifier_date_de_reception(recu_le: dt.date, jour: dt.date, au_plus_tot: dt.date | None, quoi: str) -> None:
    """A paper received by a service is recorded within the month of its reception, never before the demand existed
    nor in the future (a reactivation cannot be obtained by backdating it). Raises ErreurMetier on `recu_le`."""
    if recu_le > jour:
        raise ErreurMetier(f"La date de réception ne peut pas être dans le futur ({quoi}).", champ="recu_le")
    if au_plus_tot and recu_le < au_plus_tot:
        raise ErreurMetier(
            f"La date de réception ({format_fr.date(recu_le)}) précède l'enregistrement de la demande "
            f"({format_fr.date(au_plus_tot)}).",
            champ="recu_le",
        )
    if recu_le < cycle.mois_apres(jour, -1):
        raise ErreurMetier(
            f"Réception le {format_fr.date(recu_le)} ({quoi}) : un courrier reçu s'enregistre dans le mois de sa "
            "réception ; au-delà, sa date ne se prouve plus ici.",
            champ="recu_le",
        )
