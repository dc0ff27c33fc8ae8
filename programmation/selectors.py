"""Scoped reads of the parc. A landlord sees only its own stock; CASA, the communes and the other réservataires read
the whole parc of the territory (no personal data in it); what each may change is in services."""

from __future__ import annotations

from django.db.models import QuerySet

from territoire.contexte import contexte_de
from territoire.roles import TypeOrganisation

from .models import Disponibilite, EtatDisponibilite, Logement, Residence


def _bailleur_courant(user) -> int | None:
    ctx = contexte_de(user)
    if ctx.administrateur_epci:
        return None
    return ctx.organisation_id if ctx.organisation_type == TypeOrganisation.BAILLEUR else None


def residences_visibles(user) -> QuerySet[Residence]:
    qs = Residence.objects.select_related("bailleur", "commune")
    if not contexte_de(user).organisation_id and not contexte_de(user).superutilisateur:
        return qs.none()
    bailleur = _bailleur_courant(user)
    return qs.filter(bailleur_id=bailleur) if bailleur else qs


def logements_visibles(user) -> QuerySet[Logement]:
    return Logement.objects.filter(residence__in=residences_visibles(user).values("pk")).select_related(
        "residence__commune", "reservataire"
    )


def disponibilites_visibles(user) -> QuerySet[Disponibilite]:
    return Disponibilite.objects.filter(logement__in=logements_visibles(user).values("pk")).select_related(
        "logement__residence__commune", "reservataire"
    )


def disponibilites_a_pourvoir(user) -> QuerySet[Disponibilite]:
    """The dwellings to fill within the user's scope: the list « Logements à pourvoir » and its home counter."""
    return disponibilites_visibles(user).filter(etat=EtatDisponibilite.A_POURVOIR)
