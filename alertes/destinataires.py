"""Who is told: the people holding, today, one of the roles that act on the event in the organisation concerned
(territoire: an habilitation active today, its organisation active, its account active). A person with two of these
roles, or the same role in two of the organisations, is told once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone

from territoire.models import Habilitation, Organisation, Utilisateur
from territoire.roles import Role

# Who acts on what (docs/partenaires.md « Notifications »).
RESERVATAIRES = (Role.RESERVATAIRE,)
GESTIONNAIRES = (Role.GESTIONNAIRE_BAILLEUR,)
GUICHET = (Role.AGENT_GUICHET, Role.INSTRUCTEUR)
CASA = (Role.INSTRUCTEUR,)


def personnes(organisations: Iterable[int], roles: Iterable[str], jour: dt.date | None = None) -> QuerySet[Utilisateur]:
    """The active accounts holding one of `roles` (territoire.roles.Role codes) in one of the `organisations` (ids)
    on `jour` (today by default), each once, ordered by id."""
    habilitations = Habilitation.objects.actives(le=jour or timezone.localdate()).filter(
        organisation_id__in=list(organisations), role__in=list(roles)
    )
    return Utilisateur.objects.filter(is_active=True, habilitations__in=habilitations).distinct().order_by("pk")


def casa() -> Organisation:
    """CASA's organisation (the EPCI that runs the instance)."""
    return Organisation.objects.epci()
