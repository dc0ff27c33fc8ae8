"""Values a view reads by hand from the query string or a form (outside a Django form): a number, a date, a month.

`int(request.GET["x"])` fails on « abc », and `x.isdigit()` is no guard: « ² » or « ١٢ » are digits to Python that
`int()` or PostgreSQL refuse, and 5,000 digits exceed what `int()` converts. Each reader here answers `None` (or
the default) for anything it cannot take, so that a view decides what a wrong value means (ignore the filter, keep
the default, refuse with a message) instead of letting a `ValueError` become a 500."""

from __future__ import annotations

import datetime as dt
import re

ENTIER = re.compile(r"[0-9]{1,18}")  # ASCII digits only; 18 of them always fit a PostgreSQL bigint
ID_MAX = 2**63 - 1  # the largest primary key (bigint)


def entier(valeur: object, *, minimum: int = 0, maximum: int = ID_MAX, defaut: int | None = None) -> int | None:
    """A whole number written with ASCII digits, between `minimum` and `maximum`; `defaut` otherwise."""
    texte = str(valeur if valeur is not None else "").strip()
    if not ENTIER.fullmatch(texte):
        return defaut
    nombre = int(texte)
    return nombre if minimum <= nombre <= maximum else defaut


def identifiant(valeur: object) -> int | None:
    """A primary key (1 and up, within a bigint), or None."""
    return entier(valeur, minimum=1)


def identifiants(valeurs) -> list[int]:
    """The primary keys of a list (a form's checkboxes), the unreadable ones left out."""
    return [n for n in (identifiant(v) for v in valeurs) if n is not None]


DATE_MIN, DATE_MAX = dt.date(1900, 1, 1), dt.date(2100, 12, 31)  # a filter's date: never at the calendar's edge


def date_iso(valeur: object) -> dt.date | None:
    """A date written AAAA-MM-JJ (an `<input type="date">`) between 01/01/1900 and 31/12/2100, or None: a day added
    to or taken from it (« au » included) never overflows Python's calendar (9999-12-31 + 1 day was a 500)."""
    texte = str(valeur if valeur is not None else "").strip()
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", texte):
        return None
    try:
        jour = dt.date.fromisoformat(texte)
    except ValueError:
        return None
    return jour if DATE_MIN <= jour <= DATE_MAX else None


ANNEE_MIN, ANNEE_MAX = 2000, 2100  # the years a page of the application can be asked about


def mois(annee: object, mois_: object) -> tuple[int, int] | None:
    """A month (year, month) typed or taken from a link: a year within ANNEE_MIN..ANNEE_MAX, a month 1..12."""
    a, m = entier(annee, minimum=ANNEE_MIN, maximum=ANNEE_MAX), entier(mois_, minimum=1, maximum=12)
    return None if a is None or m is None else (a, m)
