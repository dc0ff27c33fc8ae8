"""How the members' documents and pages name a candidate: a code in the session (A1, A2, B1…), the letter of its
dwelling in the agenda and its rank among that dwelling's candidates; never a name or a demand number."""

from __future__ import annotations

from .models import Seance
from .selectors import positionnements_du_point


def lettre_du_logement(n: int) -> str:
    """A, B, … Z, AA, AB…: the letter of the n-th dwelling (from 0) of the session's agenda."""
    lettres = ""
    n += 1
    while n:
        n, reste = divmod(n - 1, 26)
        lettres = chr(65 + reste) + lettres
    return lettres


def codes_candidats(seance: Seance) -> dict[int, str]:
    """{positionnement id: "A1"}: the candidate's code in the session (letter of the dwelling in the agenda, rank
    among its candidates), the only way members' documents and pages name a candidate."""
    if seance.codes:  # a closed session: the codes it was held with (the closing renumbers the candidates)
        return {int(pk): code for pk, code in seance.codes.items()}
    codes = {}
    for n, point in enumerate(seance.points.all()):
        lettre = lettre_du_logement(n)
        for i, pk in enumerate(
            positionnements_du_point(seance, point.disponibilite_id).order_by("rang").values_list("pk", flat=True),
            start=1,
        ):
            codes[pk] = f"{lettre}{i}"
    return codes
