"""Scoped reads: the only way a page, an export or the API lists territory objects.

Each function takes the acting user and returns what that user may see in the current context; a lookup outside it
is a 404, never someone else's data.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from .contexte import contexte_de
from .models import CleApi, Commune, Habilitation, Organisation, Qpv, Utilisateur
from .models_listes import FiltreEnregistre
from .roles import Role


def communes_visibles(user) -> QuerySet[Commune]:
    # The territory is public reference data: every signed-in user reads it (its communes, not the referential's
    # others: Commune.objects.du_territoire).
    return Commune.objects.du_territoire().prefetch_related("qpv")


def qpv_visibles(user) -> QuerySet[Qpv]:
    return Qpv.objects.prefetch_related("communes")


def organisations_visibles(user) -> QuerySet[Organisation]:
    # The directory of partners is not personal data: every signed-in user reads it; inactive ones only CASA.
    qs = Organisation.objects.select_related("commune")
    if not contexte_de(user).administrateur_epci:
        qs = qs.filter(active=True)
    return qs


def organisations_administrees(user) -> QuerySet[Organisation]:
    """The organisations where the user gives accounts and habilitations: every one for CASA's administrators, else
    the current one (among those visible)."""
    ctx = contexte_de(user)
    qs = organisations_visibles(user)
    if ctx.administrateur_epci:
        return qs
    return qs.filter(pk=ctx.organisation_id)


def utilisateurs_visibles(user) -> QuerySet[Utilisateur]:
    ctx = contexte_de(user)
    qs = Utilisateur.objects.prefetch_related(
        Prefetch("habilitations", queryset=Habilitation.objects.select_related("organisation"))
    )
    if ctx.administrateur_epci:
        return qs
    if ctx.a_role(Role.ADMINISTRATEUR):
        return qs.filter(habilitations__organisation_id=ctx.organisation_id).distinct()
    return qs.filter(pk=user.pk)


def habilitations_visibles(user) -> QuerySet[Habilitation]:
    ctx = contexte_de(user)
    qs = Habilitation.objects.select_related("utilisateur", "organisation")
    if ctx.administrateur_epci:
        return qs
    if ctx.a_role(Role.ADMINISTRATEUR):
        return qs.filter(organisation_id=ctx.organisation_id)
    return qs.filter(utilisateur_id=user.pk)


def cles_api_visibles(user) -> QuerySet[CleApi]:
    ctx = contexte_de(user)
    qs = CleApi.objects.select_related("organisation", "cree_par", "revoquee_par")
    if ctx.administrateur_epci:
        return qs
    if ctx.a_role(Role.ADMINISTRATEUR):
        return qs.filter(organisation_id=ctx.organisation_id)
    return qs.none()


def cles_api_a_renouveler(cles: QuerySet[CleApi]) -> QuerySet[CleApi]:
    """Among these keys, the active ones that expire within settings.CASA_CLE_API_ALERTE_JOURS days, or have
    expired: their systems will be (or are) refused."""
    limite = timezone.localdate() + timedelta(days=settings.CASA_CLE_API_ALERTE_JOURS)
    return cles.filter(revoquee_le__isnull=True, expire_le__lte=limite).order_by("expire_le")


def filtres_enregistres(user) -> QuerySet[FiltreEnregistre]:
    """The saved filters of the lists: a person's own only (another's is a 404)."""
    return FiltreEnregistre.objects.filter(utilisateur=user)


def organisations_de(user) -> QuerySet[Organisation]:
    """The organisations the user may act for (for the switcher in the header)."""
    return (
        Organisation.objects.filter(habilitations__in=Habilitation.objects.actives().filter(utilisateur=user))
        .distinct()
        .order_by("nom")
    )
