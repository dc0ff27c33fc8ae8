"""The list of dwellings to fill (commun/listes.py): the parc's « Logements à pourvoir » and, with the candidate
columns, CASA's work list of positionnements. Same columns on the page and in the export."""

from __future__ import annotations

import django_filters
import django_tables2 as tables
from django.db.models import QuerySet

from commun.format_fr import euros
from commun.listes import Filtre, Tableau
from territoire.models import Commune, Organisation
from territoire.roles import TypeOrganisation

from .models import Disponibilite, Typologie

A_DROITE = {"th": {"class": "text-end"}, "td": {"class": "text-end"}}


class DisponibilitesFiltre(Filtre):
    commune = django_filters.ModelChoiceFilter(
        label="Commune",
        field_name="logement__residence__commune",
        queryset=Commune.objects.du_territoire().order_by("nom"),
        empty_label="Toutes",
    )
    typologie = django_filters.ChoiceFilter(
        label="Typologie", field_name="logement__typologie", choices=Typologie.choices, empty_label="Toutes"
    )
    bailleur = django_filters.ModelChoiceFilter(
        label="Bailleur",
        field_name="logement__residence__bailleur",
        queryset=Organisation.objects.filter(type=TypeOrganisation.BAILLEUR).order_by("nom"),
        empty_label="Tous",
    )

    class Meta:
        model = Disponibilite
        fields = ["commune", "typologie", "bailleur"]


def pour_la_liste(qs: QuerySet[Disponibilite]) -> QuerySet[Disponibilite]:
    """What a row shows, in one query; by deadline unless a header says otherwise."""
    return qs.select_related("logement__residence__bailleur", "logement__residence__commune", "reservataire").order_by(
        "date_limite", "pk"
    )


class DisponibilitesTableau(Tableau):
    titre = "Logements à pourvoir"

    date_limite = tables.Column("À positionner avant le", order_by=("date_limite", "pk"))
    logement = tables.Column(
        "Logement", empty_values=(), order_by=("logement__residence__nom", "logement__numero", "pk")
    )
    commune = tables.Column(
        "Commune", accessor="logement__residence__commune__nom", order_by=("logement__residence__commune__nom", "pk")
    )
    typologie = tables.Column(
        "Typologie", empty_values=(), order_by=("logement__typologie", "logement__financement", "pk")
    )
    date_liberation = tables.Column("Libre le", order_by=("date_liberation", "pk"))
    reservataire = tables.Column("Réservataire", accessor="reservataire__nom", order_by=("reservataire__nom", "pk"))
    loyer = tables.Column("Loyer + charges", empty_values=(), order_by=("loyer", "pk"), attrs=A_DROITE)
    bailleur = tables.Column(
        "Bailleur",
        accessor="logement__residence__bailleur__nom",
        order_by=("logement__residence__bailleur__nom", "pk"),
    )

    class Meta(Tableau.Meta):
        empty_text = "Aucun logement à pourvoir."

    def render_date_limite(self, value):
        return f"{value:%d/%m/%Y}"

    def value_date_limite(self, value):
        return value

    def render_logement(self, record):
        return f"{record.logement.residence.nom} — {record.logement.numero}"

    def render_commune(self, record):
        qpv = " (QPV)" if record.logement.residence.en_qpv else ""
        return f"{record.logement.residence.commune.nom}{qpv}"

    def render_typologie(self, record):
        return f"{record.logement.typologie} {record.logement.financement}"

    def render_date_liberation(self, value):
        return f"{value:%d/%m/%Y}"

    def value_date_liberation(self, value):
        return value

    def render_loyer(self, record):
        return f"{euros(record.loyer)} + {euros(record.charges)}"
