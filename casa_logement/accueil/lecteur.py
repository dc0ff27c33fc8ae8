"""The reader's home panel: the territory, the landlords of the territory, its tracking table."""

from __future__ import annotations

from django.urls import reverse

from territoire.models import Organisation
from territoire.roles import ROLE_DESCRIPTIONS, Role, TypeOrganisation

from .taches import Panneau, Tache, suivi, territoire


def panneau(request) -> Panneau:
    taches = [territoire(request)]
    bailleurs = Organisation.objects.filter(type=TypeOrganisation.BAILLEUR, active=True).count()
    taches.append(Tache("Bailleurs sociaux du territoire", bailleurs, reverse("annuaire") + "?type=BAILLEUR"))
    return Panneau(
        Role.LECTEUR,
        "Consultation",
        ROLE_DESCRIPTIONS[Role.LECTEUR],
        [*taches, *suivi(request)],
    )
