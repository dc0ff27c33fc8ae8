"""Dated reference tables, looked up by the date of the decision: income ceilings and quartile thresholds.

A demand is judged with the rules in force on the day: the ceilings of that day's year (they change every
1 January), the quartile thresholds of that year for the EPCI concerned.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings

from . import eligibilite
from .codes import ZonePlafonds
from .models import BaremePlafond, GrilleCotation, SeuilQuartile


class RegleManquante(LookupError):
    """No reference figure in force on that day: the administrator must enter it (message in French)."""


def baremes_en_vigueur(jour: dt.date, zone: str = ZonePlafonds.AUTRES) -> dict[str, eligibilite.BaremePlafonds]:
    lignes = {b.financement: b for b in BaremePlafond.objects.en_vigueur(jour).filter(zone=zone)}
    manquants = [f for f in eligibilite.FINANCEMENTS if f not in lignes]
    if manquants:
        raise RegleManquante(
            f"Aucun plafond de ressources {', '.join(manquants)} en vigueur le {jour:%d/%m/%Y} : "
            "un administrateur doit saisir le barème de l'année."
        )
    return {
        f: eligibilite.BaremePlafonds(
            financement=f,
            annee=b.date_debut.year,
            montants=b.montants(),
            par_personne_supplementaire=b.par_personne_supplementaire,
            statut=b.get_statut_display(),
        )
        for f in eligibilite.FINANCEMENTS
        if (b := lignes[f])
    }


def seuil_quartile(jour: dt.date, epci_siren: str | None = None) -> SeuilQuartile:
    siren = epci_siren or settings.CASA_EPCI_SIREN
    seuil = SeuilQuartile.objects.en_vigueur(jour).filter(epci_siren=siren).order_by("-date_debut").first()
    if seuil is None:
        raise RegleManquante(
            f"Aucun seuil de quartile en vigueur le {jour:%d/%m/%Y} pour l'EPCI {siren} : "
            "un administrateur doit saisir l'arrêté de l'année."
        )
    return seuil


def seuil_q1(jour: dt.date, epci_siren: str | None = None) -> Decimal:
    return seuil_quartile(jour, epci_siren).q1


def grille_cotation(jour: dt.date):
    """The cotation grid in force on that day (the latest one started on or before it)."""
    ligne = GrilleCotation.objects.filter(date_debut__lte=jour).order_by("-date_debut").first()
    if ligne is None:
        raise RegleManquante(f"Aucune grille de cotation en vigueur le {jour:%d/%m/%Y}.")
    return ligne.grille()
