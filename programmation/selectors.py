"""Scoped reads of the parc and the programmation. A landlord sees only its own stock and programmes; CASA, the
communes and the other réservataires read the whole parc of the territory (no personal data in it); what each may
change is in programmation.rules."""

from __future__ import annotations

from django.db.models import QuerySet

from territoire.contexte import contexte_de
from territoire.models import Commune, Organisation
from territoire.roles import TypeOrganisation

from .models import (
    Disponibilite,
    EtatDisponibilite,
    ImportParc,
    Logement,
    Programme,
    Residence,
    ReunionReservataires,
)
from .rules import gere_un_parc


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


def communes_du_parc(user) -> QuerySet[Commune]:
    """The communes where the user reads résidences, by name (the résidence watch's choice of commune)."""
    return Commune.objects.filter(pk__in=residences_visibles(user).values("commune")).order_by("nom")


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


def parc_gere(user) -> Organisation | None:
    """The landlord whose parc the user manages in the current context (rules.gere_un_parc), else None."""
    if not gere_un_parc(user):
        return None
    return Organisation.objects.get(pk=contexte_de(user).organisation_id)


def imports_visibles(user) -> QuerySet[ImportParc]:
    """The stock imports of the landlord whose parc the user manages (none for anyone else), the file left unread."""
    if not gere_un_parc(user):
        return ImportParc.objects.none()
    return ImportParc.objects.filter(bailleur_id=contexte_de(user).organisation_id).defer("contenu")


def programmes_visibles(user) -> QuerySet[Programme]:
    """A landlord reads its own programmes; everyone else (CASA, communes, réservataires) all of them."""
    ctx = contexte_de(user)
    qs = Programme.objects.select_related("bailleur", "commune")
    if not ctx.administrateur_epci and ctx.organisation_type == TypeOrganisation.BAILLEUR:
        return qs.filter(bailleur_id=ctx.organisation_id)
    return qs


def reunions_visibles(user) -> QuerySet[ReunionReservataires]:
    """The réunions réservataires of the programmes the user reads."""
    return ReunionReservataires.objects.filter(programme__in=programmes_visibles(user))


def perimetre_flux(user) -> tuple[QuerySet[Organisation], Organisation | None]:
    """The landlords whose flow the user reads, and the réservataire it is limited to (None: all of them): CASA reads
    every landlord's flow, a landlord its own, a réservataire its share with every landlord."""
    ctx = contexte_de(user)
    bailleurs = Organisation.objects.filter(type=TypeOrganisation.BAILLEUR).order_by("nom")
    if ctx.administrateur_epci or ctx.est_epci:
        return bailleurs, None
    if ctx.organisation_type == TypeOrganisation.BAILLEUR:
        return bailleurs.filter(pk=ctx.organisation_id), None
    return bailleurs, Organisation.objects.get(pk=ctx.organisation_id)
