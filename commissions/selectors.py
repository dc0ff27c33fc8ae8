"""Scoped reads of the CCPC's sessions: the only way a page, an export or a home counter lists them."""

from __future__ import annotations

from django.db.models import QuerySet

from territoire.contexte import contexte_de
from territoire.roles import Role

from . import services
from .models import Seance


def seances_visibles(user) -> QuerySet[Seance]:
    """CASA's commission agents (administrator, instructor, secretariat) read every session; a member, the sessions
    it is convened to; anyone else (a reader included) none."""
    if services.voit_les_demandeurs(user):
        return Seance.objects.all()
    if not contexte_de(user).a_role(Role.MEMBRE_COMMISSION):
        return Seance.objects.none()
    return Seance.objects.filter(pk__in=Seance.objects.filter(convocations__membre__utilisateur=user).values("pk"))
