"""Who sees which positionnements: CASA all of them; a landlord those on its dwellings; a réservataire those on its
contingent; a commune those on its territory. The candidate lists (personal data of every applicant) are for the CASA
agents who position, and its commission secretariat (rules.voit_les_candidats). Commission members and readers see
none: a positionnement names a demand (issue 15: members never see a demand number; a reader reads the tracking
tables only). Then the réservataires' lists of the croisement des fichiers, and the demands they flag.

The CAL deposits and decisions are read through positionnements.retours_cal.selectors."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, Q, QuerySet

from demandes.models import Demande
from demandes.selectors import demandes_visibles
from programmation.models import Disponibilite
from territoire.contexte import contexte_de
from territoire.models import Organisation
from territoire.roles import TypeOrganisation

from .etats import EN_COURS
from .models import DepotDecisionsCAL, ListeReservataire, Positionnement, ReglesPositionnement
from .rules import ROLES_POSITIONNEMENTS, peut_deposer_liste


def positionnements_visibles(user) -> QuerySet[Positionnement]:
    """The positionnements of `user`'s perimeter, with their demand, dwelling, réservataire and proposer."""
    ctx = contexte_de(user)
    qs = Positionnement.objects.select_related(
        "demande", "disponibilite__logement__residence__commune", "disponibilite__reservataire", "propose_par"
    )
    if ctx.superutilisateur:
        return qs
    if not ctx.organisation_id or not ctx.a_role(*ROLES_POSITIONNEMENTS):
        return qs.none()
    if ctx.est_epci:
        return qs
    if ctx.organisation_type == TypeOrganisation.BAILLEUR:
        return qs.filter(disponibilite__logement__residence__bailleur_id=ctx.organisation_id)
    filtre = Q(disponibilite__reservataire_id=ctx.organisation_id)
    if ctx.organisation_type == TypeOrganisation.COMMUNE:
        filtre |= Q(disponibilite__logement__residence__commune__organisations=ctx.organisation_id)
    return qs.filter(filtre).distinct()


def positionnements_de_la_demande(demande: Demande) -> QuerySet[Positionnement]:
    """Every positionnement of a demand (the caller found it among the demands `user` sees), the latest first, with
    its dwelling, its proposer and its state log."""
    return (
        Positionnement.objects.filter(demande=demande)
        .select_related("disponibilite__logement__residence__commune", "propose_par")
        .prefetch_related(
            "transitions__par", Prefetch("transitions__depot", queryset=DepotDecisionsCAL.objects.defer("contenu"))
        )
        .order_by("-propose_le")
    )


def demandes_positionnees_ailleurs(dispo: Disponibilite, demandes: Iterable[Demande]) -> set[int]:
    """The ids of `demandes` already positioned, under way, on another dwelling than `dispo`."""
    return set(
        Positionnement.objects.filter(demande__in=demandes, etat__in=EN_COURS)
        .exclude(disponibilite=dispo)
        .values_list("demande_id", flat=True)
    )


def listes_visibles(user) -> QuerySet[ListeReservataire]:
    """The réservataires' lists: CASA reads them all, a réservataire its own."""
    ctx = contexte_de(user)
    qs = ListeReservataire.objects.select_related("reservataire")
    if ctx.est_epci or ctx.superutilisateur:
        return qs
    return qs.filter(reservataire_id=ctx.organisation_id)


def reservataires_deposables(user) -> QuerySet[Organisation]:
    """The réservataires whose list `user` may send (rules.peut_deposer_liste), by name."""
    reservataires = Organisation.objects.filter(est_reservataire=True).order_by("nom")
    return reservataires.filter(pk__in=[o.pk for o in reservataires if peut_deposer_liste(user, o)])


def demandes_signalees_visibles(user, demande_ids: Iterable[int]) -> QuerySet[Demande]:
    """Those of the flagged demands (croisements.alertes) that `user` may read by number: CASA's agents who follow
    positionnements those they see (demandes_visibles); a réservataire those of its own active list; a member or a
    reader none (issue 15: no demand number)."""
    ctx = contexte_de(user)
    if not ctx.superutilisateur and not ctx.a_role(*ROLES_POSITIONNEMENTS):
        return Demande.objects.none()
    if not ctx.est_epci and not ctx.superutilisateur:
        return Demande.objects.filter(
            pk__in=demande_ids,
            designations_externes__liste__reservataire_id=ctx.organisation_id,
            designations_externes__liste__active=True,
        ).distinct()
    return demandes_visibles(user).filter(pk__in=demande_ids)


def bailleurs_des_regles(user) -> QuerySet[Organisation]:
    """The landlords whose positioning rules `user` sets (positionnements.rules.peut_fixer_les_regles): every
    landlord for CASA's administrators, its own for a landlord's administrator, none otherwise."""
    ctx = contexte_de(user)
    bailleurs = Organisation.objects.filter(type=TypeOrganisation.BAILLEUR).order_by("nom", "pk")
    if ctx.administrateur_epci:
        return bailleurs
    if ctx.organisation_type == TypeOrganisation.BAILLEUR and ctx.roles:
        return bailleurs.filter(pk=ctx.organisation_id)
    return bailleurs.none()


def versions_des_regles(bailleur: Organisation | None) -> QuerySet[ReglesPositionnement]:
    """The versions of CASA's positioning rules (`bailleur` None) or of a landlord's, the latest first, their
    authors joined: the history (nothing personal beyond the author's name, shown to the rules' administrators)."""
    versions = ReglesPositionnement.objects.select_related("cree_par", "organisation")
    if bailleur is None:
        return versions.filter(organisation__isnull=True)
    return versions.filter(organisation=bailleur)
