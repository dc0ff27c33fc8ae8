"""URL converters of a month, registered in casa_logement/urls.py: `/suivi/2026/13/liste/` or `/suivi/0/1/…` do not
match any page (a 404), instead of reaching a view that builds `date(2026, 13, 1)` and fails (a 500)."""

from __future__ import annotations

from .saisie import ANNEE_MAX, ANNEE_MIN


class Annee:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        annee = int(value)
        if not ANNEE_MIN <= annee <= ANNEE_MAX:
            raise ValueError(f"année hors de {ANNEE_MIN}–{ANNEE_MAX}")
        return annee

    def to_url(self, value: int) -> str:
        return f"{self.to_python(str(value)):04d}"


class Mois:
    regex = "[0-9]{1,2}"

    def to_python(self, value: str) -> int:
        mois = int(value)
        if not 1 <= mois <= 12:
            raise ValueError("mois hors de 1–12")
        return mois

    def to_url(self, value: int) -> str:
        return str(self.to_python(str(value)))
