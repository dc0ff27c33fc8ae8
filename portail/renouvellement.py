"""Renewing one's demand online (R441-2-7 CCH, REGLES §8): what the holder reads about it — whether the renewal is
open today, until when, what it would do, and in plain French why not — and the renewal itself, made by the holder
(demandes.services.demande_renouveler with par_le_demandeur: the same rules and the same log line as at the counter,
so the SNE outbox collects it like a counter's).

The rules are the counter's (demandes.services.renouvellement_possible decides); this module only words them for the
holder (« vous ») and gives the dates: the window opens CASA_RENOUVELLEMENT_OUVERT_MOIS months before the due date;
not renewed, the demand is struck off one month after it and may be reactivated by a renewal until six months after
it (demandes/cycle.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from commun.erreurs import ErreurMetier
from commun.format_fr import date as date_fr
from demandes import cycle, retention, services
from demandes.codes import EtatDemande, MotifRadiation
from demandes.models import Demande
from demandes.services.renouvellement import REACTIVABLES


@dataclass(frozen=True)
class Situation:
    """The renewal of a demand on a day, for its holder.

    `possible`: the renewal is accepted today; `message`: what the page says (why not, or what to do); `limite`: the
    date to renew it « avant le » (not struck off) or to reactivate it « jusqu'au » (struck off), None when not
    possible;
    `nouvelle_echeance`: the validity it would have (None when not possible); `reactivation`: it would reactivate a
    demand struck off for non-renewal; `ouverte_le`: the day the next window opens (None when open or never)."""

    possible: bool
    message: str
    echeance: dt.date | None = None
    limite: dt.date | None = None
    nouvelle_echeance: dt.date | None = None
    reactivation: bool = False
    ouverte_le: dt.date | None = None


NOUVELLE_DEMANDE = "Pour demander un logement social, déposez une nouvelle demande."


def _radiee(demande: Demande) -> str:
    return f"Votre demande a été radiée le {date_fr(demande.date_radiation)}"


def _impossible(demande: Demande, jour: dt.date) -> Situation:
    """Why the renewal is refused on `jour`, to the holder: demandes.services.renouvellement_possible said no, and
    its checks are read again in its order."""
    echeance = demande.date_echeance
    if demande.etat == EtatDemande.BROUILLON or echeance is None:
        return Situation(False, "Votre demande n'est pas encore enregistrée : elle ne peut pas être renouvelée.")
    if retention.effacement_de(demande) is not None:
        return Situation(False, "Les données de cette demande ont été effacées : elle ne peut plus être renouvelée.")
    fenetre = cycle.fenetre_renouvellement(echeance)
    radcon = demande.motif_radiation == MotifRadiation.RADCON and demande.date_radiation
    if demande.etat == EtatDemande.RADIEE and demande.motif_radiation not in REACTIVABLES:
        motif = MotifRadiation(demande.motif_radiation).label.lower() if demande.motif_radiation else "motif non dit"
        return Situation(False, f"{_radiee(demande)} ({motif}) : elle ne peut pas être renouvelée. {NOUVELLE_DEMANDE}")
    if radcon:
        limite = cycle.reactivation_avertissement_possible_jusqu_au(demande.date_radiation)
        if jour > limite:
            return Situation(
                False,
                f"{_radiee(demande)} faute de réponse à un courrier ; elle pouvait être réactivée jusqu'au "
                f"{date_fr(limite)}. {NOUVELLE_DEMANDE}",
            )
        if jour < fenetre.ouverte_le:
            return Situation(
                False,
                f"{_radiee(demande)} faute de réponse à un courrier. Répondez-y auprès de votre guichet au plus tard "
                f"le {date_fr(limite)} : votre réponse la réactive, avec son numéro et son ancienneté.",
            )
    if jour < fenetre.ouverte_le:
        renouvelee = demande.date_dernier_renouvellement
        debut = (
            f"Votre demande a été renouvelée le {date_fr(renouvelee)} : elle est valable"
            if renouvelee and renouvelee > cycle.mois_apres(jour, -cycle.delais().validite)
            else "Votre demande est valable"
        )
        return Situation(
            False,
            f"{debut} jusqu'au {date_fr(echeance)}. Vous pourrez la renouveler à partir du "
            f"{date_fr(fenetre.ouverte_le)}, {cycle.delais().renouvellement_ouvert_avant_echeance} mois avant cette "
            "date.",
            echeance,
            ouverte_le=fenetre.ouverte_le,
        )
    return Situation(
        False,
        f"Votre demande n'a pas été renouvelée à temps : le délai pour la réactiver a pris fin le "
        f"{date_fr(fenetre.fermee_apres)}. {NOUVELLE_DEMANDE}",
        echeance,
    )


def _limite(demande: Demande, jour: dt.date) -> dt.date:
    """The date the holder is told: renew « avant le » the due date (a renewal on that day is still in time) or, once
    it is past, « avant le » day of the radiation; struck off, reactivate « jusqu'au » the end of reactivation (for no
    answer to a letter, the earlier of its five months and the t + 18 months)."""
    fenetre = cycle.fenetre_renouvellement(demande.date_echeance)
    if demande.etat == EtatDemande.RADIEE:
        limite = fenetre.fermee_apres
        if demande.motif_radiation == MotifRadiation.RADCON and demande.date_radiation:
            limite = min(limite, cycle.reactivation_avertissement_possible_jusqu_au(demande.date_radiation))
        return limite
    return demande.date_echeance if jour <= demande.date_echeance else fenetre.radiation_le


def situation(demande: Demande, jour: dt.date | None = None) -> Situation:
    """The renewal of `demande` on `jour` (today by default), for its holder: open or not, and what to read."""
    jour = jour or timezone.localdate()
    possible, _raison = services.renouvellement_possible(demande, jour)
    if not possible:
        return _impossible(demande, jour)
    reactivation, nouvelle = services.renouvellement_effet(demande, jour)
    limite = _limite(demande, jour)
    if reactivation:
        message = (
            f"{_radiee(demande)} faute de renouvellement. Vous pouvez encore la réactiver jusqu'au "
            f"{date_fr(limite)} : elle garde son numéro et son ancienneté."
        )
    elif jour > demande.date_echeance:
        message = (
            f"La validité de votre demande a pris fin le {date_fr(demande.date_echeance)}. Renouvelez-la avant le "
            f"{date_fr(limite)} : ce jour-là, elle serait radiée et son ancienneté perdue."
        )
    else:
        message = (
            f"Votre demande est valable jusqu'au {date_fr(demande.date_echeance)} : renouvelez-la avant cette date "
            "pour garder son ancienneté."
        )
    return Situation(True, message, demande.date_echeance, limite, nouvelle, reactivation)


def attestation_disponible(demande: Demande) -> bool:
    """Whether the demand has an attestation d'enregistrement to download (portail:attestation, which says why not
    otherwise): registered (not a draft) and its data not erased. One query for a struck-off demand, none else."""
    return demande.etat != EtatDemande.BROUILLON and retention.effacement_de(demande) is None


class DejaRenouvelee(Exception):
    """The demand changed since the page was read: renewed (a double click, or the counter the same day)."""

    def __init__(self, demande: Demande):
        super().__init__("déjà renouvelée")
        self.demande = demande


@transaction.atomic
def renouveler(demande_pk: int, echeance_lue: dt.date | None) -> Demande:
    """The holder renews his demand, as read on the page with the due date `echeance_lue`: under the demand's row lock,
    a second click (the due date has moved, a renewal recorded today) raises DejaRenouvelee and changes nothing.
    Raises ErreurMetier (the renewal is not possible today). Returns the demand renewed."""
    demande = Demande.objects.select_for_update().get(pk=demande_pk)
    aujourd_hui = timezone.localdate()
    if demande.date_echeance != echeance_lue and demande.date_dernier_renouvellement == aujourd_hui:
        raise DejaRenouvelee(demande)
    if demande.date_echeance != echeance_lue:
        raise ErreurMetier("Votre demande a changé depuis que vous avez ouvert cette page : relisez-la et confirmez.")
    return services.demande_renouveler(par=None, par_le_demandeur=True, demande=demande)
