"""The counter agent's home panel: the demands to work on, what applicants sent online, and its commune (population,
postcodes, QPV)."""

from __future__ import annotations

from django.urls import reverse

from territoire.models import Commune
from territoire.roles import ROLE_DESCRIPTIONS, Role

from .taches import Panneau, Tache, taches_demandes, taches_en_ligne


def panneau(request) -> Panneau:
    commune = _commune(request)
    return Panneau(
        Role.AGENT_GUICHET,
        "Guichet enregistreur",
        ROLE_DESCRIPTIONS[Role.AGENT_GUICHET],
        [*taches_demandes(request), *taches_en_ligne(request), *commune],
    )


def _commune(request) -> list[Tache]:
    """The agent's commune: its population, postcodes and QPV (none when the organisation has no commune)."""
    commune = Commune.objects.filter(pk=request.contexte.commune_id).prefetch_related("qpv").first()
    if commune is None:
        return []
    qpv = ", ".join(q.nom for q in commune.qpv.all()) or "aucun QPV"
    return [
        Tache(
            f"{commune.nom} : {commune.population:,} habitants".replace(",", "\u00a0"),
            None,
            reverse("communes"),
            f"Codes postaux {', '.join(commune.codes_postaux)} ; {qpv}.",
        )
    ]
