"""The reads of the tracking table's pages: the monthly tables produced, and the names the list behind a figure
shows. What part of a table a person sees is suivi.perimetre; what a person may do, suivi.rules."""

from __future__ import annotations

from django.db.models import QuerySet

from territoire.models import Commune, Organisation

from .models import TableauMensuel
from .sources import Periode


def tableau_du_mois(periode: Periode | None) -> TableauMensuel | None:
    """The table produced for `periode`, or the latest one when `periode` is None; None when there is none."""
    if periode is None:
        return TableauMensuel.objects.order_by("-annee", "-mois").first()
    return TableauMensuel.objects.filter(annee=periode.annee, mois=periode.mois).first()


def mois_produits(nombre: int = 36) -> QuerySet:
    """(year, month) of the latest `nombre` tables produced, the most recent first (the page's month picker); lazy:
    read only when the page shows a table."""
    return TableauMensuel.objects.order_by("-annee", "-mois").values_list("annee", "mois")[:nombre]


def noms_des_lieux() -> tuple[dict[int, str], dict[str, str]]:
    """({organisation id: name}, {commune INSEE code: name}): how the list behind a figure names a landlord, a
    réservataire and a commune."""
    organisations = dict(Organisation.objects.values_list("pk", "nom"))
    communes = dict(Commune.objects.values_list("code_insee", "nom"))
    return organisations, communes
