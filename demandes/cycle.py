"""The timings of a demand's life: validity, renewal window, radiation and reactivation. Pure rules on dates.

Every duration is data with its source (REGLES §8), read by the services and the beat jobs; the state table built on
them is in docs/demandes.md. Months are calendar months (python-dateutil's relativedelta: 31 January + 1 month is
28 or 29 February).

Sources:
- R441-2-7 CCH (décret 2017-834): a demand is valid **one year** from its initial presentation or its last renewal;
  the applicant is notified **at least one month** before the end of validity.
- Cahier des charges des systèmes particuliers de traitement automatisé de la demande (arrêté du 23 mars 2015, annexe,
  restating the SNE's own rules), as summarised in REGLES §8 [officiel]: a non-renewed demand is struck off **one month
  after the end of validity** (t + 13 months) and may be reactivated, keeping its number and seniority, **until
  t + 18 months** at the request of a service that received the renewal; a demand whose applicant does not answer a
  letter (R441-2-8 CCH) is struck off **two months after the warning** and may be reactivated **for five months**.
- CASA setting (not a rule of law): a renewal is accepted from **three months** before the due date
  (`CASA_RENOUVELLEMENT_OUVERT_MOIS`), so that a counter renewing at an appointment does not have to send the applicant
  back; a renewal before that window would stack a year of validity without any update of the demand (R441-2-7: the
  applicant updates the demand when renewing it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta


@dataclass(frozen=True)
class Delais:
    """The durations of the lifecycle, in calendar months."""

    validite: int = 12  # R441-2-7 CCH
    radiation_apres_echeance: int = 1  # arrêté du 23 mars 2015, annexe: t + 13 months
    reactivation_apres_echeance: int = 6  # arrêté du 23 mars 2015, annexe: until t + 18 months
    renouvellement_ouvert_avant_echeance: int = 3  # CASA setting CASA_RENOUVELLEMENT_OUVERT_MOIS
    radiation_apres_avertissement: int = 2  # R441-2-8 CCH, arrêté du 23 mars 2015, annexe
    reactivation_apres_radiation_avertissement: int = 5  # arrêté du 23 mars 2015, annexe


def delais() -> Delais:
    """The durations in force: the legal ones, and CASA's setting for the opening of the renewal window."""
    from django.conf import settings

    return Delais(
        renouvellement_ouvert_avant_echeance=int(settings.CASA_RENOUVELLEMENT_OUVERT_MOIS),
    )


def depot_anteriorite_max() -> int:
    """How many months before today a counter may date a form it received (CASA setting
    CASA_DEPOT_ANTERIORITE_MAX_MOIS, default 3). Registration is due within one month of the filing (cahier des charges,
    arrêté du 23 mars 2015, §3); beyond this bound, an older date needs a CASA instructor's correction with a proof."""
    from django.conf import settings

    return int(settings.CASA_DEPOT_ANTERIORITE_MAX_MOIS)


def mois_apres(jour: dt.date, mois: int) -> dt.date:
    """`jour` plus `mois` calendar months (a missing day becomes the month's last: 31/01 + 1 → 28/02 or 29/02)."""
    return jour + relativedelta(months=mois)


def echeance_initiale(date_depot: dt.date, d: Delais | None = None) -> dt.date:
    """The due date of a new demand: one year after its filing (R441-2-7)."""
    return mois_apres(date_depot, (d or delais()).validite)


@dataclass(frozen=True)
class FenetreRenouvellement:
    """When a renewal is accepted for a due date: from `ouverte_le` to `fermee_apres` (both included); the demand is
    struck off on `radiation_le` if not renewed by then, and can no longer be reactivated after `fermee_apres`."""

    echeance: dt.date
    ouverte_le: dt.date
    radiation_le: dt.date
    fermee_apres: dt.date


def fenetre_renouvellement(echeance: dt.date, d: Delais | None = None) -> FenetreRenouvellement:
    d = d or delais()
    return FenetreRenouvellement(
        echeance=echeance,
        ouverte_le=mois_apres(echeance, -d.renouvellement_ouvert_avant_echeance),
        radiation_le=mois_apres(echeance, d.radiation_apres_echeance),
        fermee_apres=mois_apres(echeance, d.reactivation_apres_echeance),
    )


def nouvelle_echeance(echeance: dt.date, recu_le: dt.date, *, reactivation: bool, d: Delais | None = None) -> dt.date:
    """The due date after a renewal received on `recu_le`: one year after the previous due date (never stacked: the
    window opens three months before it), or one year after the renewal when it reactivates a struck-off demand."""
    d = d or delais()
    return mois_apres(recu_le if reactivation else echeance, d.validite)


def radiation_apres_avertissement(envoye_le: dt.date, d: Delais | None = None) -> dt.date:
    """The day a demand whose applicant has not answered a warning sent on `envoye_le` is struck off (R441-2-8)."""
    return mois_apres(envoye_le, (d or delais()).radiation_apres_avertissement)


def reactivation_avertissement_possible_jusqu_au(date_radiation: dt.date, d: Delais | None = None) -> dt.date:
    """The last day a demand struck off for no answer (RADCON) may be reactivated by the late answer."""
    return mois_apres(date_radiation, (d or delais()).reactivation_apres_radiation_avertissement)


# --------------------------------------------------------------------------- the commission de médiation (DALO)


@dataclass(frozen=True)
class DelaiAnormalementLong:
    """The « délai anormalement long » fixed by arrêté of the préfet (L441-1-4 CCH): after `mois` months from the
    filing date (R441-2-3: the date of reception starts the délais of L441-1-4) without a suitable offer, the
    applicant may go to the commission de médiation (L441-2-3 II); in force from `depuis`, set by `arrete`."""

    depuis: dt.date
    mois: int
    arrete: str


def delais_anormalement_longs(valeur=None) -> list[DelaiAnormalementLong]:
    """The dated délais of the setting CASA_DELAIS_ANORMALEMENT_LONGS: « AAAA-MM-JJ:mois:arrêté » entries separated
    by « | » (or a list of DelaiAnormalementLong). Raises ValueError in French on an unreadable entry."""
    from django.conf import settings

    brut = settings.CASA_DELAIS_ANORMALEMENT_LONGS if valeur is None else valeur
    if not isinstance(brut, str):
        return sorted(brut, key=lambda d: d.depuis)
    delais_lus = []
    for entree in filter(None, (e.strip() for e in brut.split("|"))):
        try:
            depuis, mois, arrete = entree.split(":", 2)
            delais_lus.append(DelaiAnormalementLong(dt.date.fromisoformat(depuis.strip()), int(mois), arrete.strip()))
        except ValueError as err:
            raise ValueError(
                f"CASA_DELAIS_ANORMALEMENT_LONGS : « {entree} » ne se lit pas comme « AAAA-MM-JJ:mois:arrêté »."
            ) from err
    return sorted(delais_lus, key=lambda d: d.depuis)


def delai_anormalement_long(jour: dt.date) -> DelaiAnormalementLong | None:
    """The délai in force on `jour` (the latest started on or before it), or None when none is set."""
    en_vigueur = [d for d in delais_anormalement_longs() if d.depuis <= jour]
    return en_vigueur[-1] if en_vigueur else None


def mediation_possible_le(date_depot: dt.date, jour: dt.date) -> dt.date | None:
    """The day from which an applicant who filed on `date_depot` and has had no suitable offer may go to the
    commission de médiation (R441-2-4 g), by the délai in force on `jour`; None when no délai is set."""
    delai = delai_anormalement_long(jour)
    return mois_apres(date_depot, delai.mois) if delai else None
