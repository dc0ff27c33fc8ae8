"""The retention period: one year after the radiation by law, CASA's setting within its bounds, and the last
radiation day whose demand is erased on a given day."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ImproperlyConfigured

from .. import cycle

CONSERVATION_MOIS = 12  # décret n° 2017-917, art. 4: one year after the radiation


def reactivation_max_mois(d: cycle.Delais) -> int:
    """The longest time, in months after a radiation, during which a struck-off demand may still be reactivated:
    RADREN from t + 13 to t + 18 months (5), RADCON for five months after the radiation (demandes/cycle.py)."""
    return max(d.reactivation_apres_echeance - d.radiation_apres_echeance, d.reactivation_apres_radiation_avertissement)


def verifier_duree(mois: int, d: cycle.Delais) -> None:
    """The retention period in months must lie between the reactivation window (an erased demand could no longer be
    reactivated) and the legal year. Raises ValueError with a French message."""
    minimum = reactivation_max_mois(d) + 1
    if mois > CONSERVATION_MOIS:
        raise ValueError(
            f"CASA_CONSERVATION_APRES_RADIATION_MOIS vaut {mois} : les données d'une demande radiée ne se gardent pas "
            f"plus d'un an ({CONSERVATION_MOIS} mois, décret n° 2017-917 du 9 mai 2017, art. 4)."
        )
    if mois < minimum:
        raise ValueError(
            f"CASA_CONSERVATION_APRES_RADIATION_MOIS vaut {mois} : une demande radiée peut être réactivée pendant "
            f"{reactivation_max_mois(d)} mois (demandes/cycle.py), elle doit rester entière jusque-là ; "
            f"{minimum} mois au moins."
        )


def radiees_au_plus_tard_le(jour: dt.date, mois: int) -> dt.date:
    """The last radiation day whose demand is erased on `jour`: `mois` calendar months before it."""
    return cycle.mois_apres(jour, -mois)


def conservation_mois() -> int:
    """The retention period in force (setting CASA_CONSERVATION_APRES_RADIATION_MOIS, 12 by default), checked.
    Raises ImproperlyConfigured (French) when it is out of bounds."""
    from django.conf import settings

    brut = settings.CASA_CONSERVATION_APRES_RADIATION_MOIS
    try:
        mois = int(brut)
    except (TypeError, ValueError) as err:
        raise ImproperlyConfigured(
            f"CASA_CONSERVATION_APRES_RADIATION_MOIS vaut {brut!r} : un nombre entier de mois est attendu."
        ) from err
    try:
        verifier_duree(mois, cycle.delais())
    except ValueError as err:
        raise ImproperlyConfigured(str(err)) from err
    return mois
