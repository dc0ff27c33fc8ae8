"""The list of the CCPC's sessions (commun/listes.py): upcoming sessions first (the nearest first), then
past ones (the most recent first); a header click sorts otherwise. Filters: state, year."""

from __future__ import annotations

import django_filters
import django_tables2 as tables
from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from commun.listes import Filtre, Tableau

from .models import EtatSeance, Seance


def par_proximite(qs: QuerySet[Seance]) -> QuerySet[Seance]:
    """Upcoming sessions first, the nearest first; then past ones, the most recent first."""
    maintenant = timezone.now()
    return qs.annotate(
        passee=Case(When(date__gte=maintenant, then=Value(0)), default=Value(1), output_field=IntegerField()),
        date_a_venir=Case(When(date__gte=maintenant, then=F("date"))),
    ).order_by("passee", F("date_a_venir").asc(nulls_last=True), "-date", "-pk")


class SeancesFiltre(Filtre):
    etat = django_filters.ChoiceFilter(label="État", choices=EtatSeance.choices, empty_label="Tous")
    annee = django_filters.NumberFilter(
        label="Année", field_name="date", lookup_expr="year", min_value=2000, max_value=2100
    )
    a_tenir = django_filters.ChoiceFilter(
        label="Avancement",
        choices=[("oui", "À tenir (pas encore closes)"), ("non", "Closes")],
        empty_label="Toutes",
        method="filtrer_a_tenir",
    )

    class Meta:
        model = Seance
        fields = ["etat", "annee", "a_tenir"]

    def filtrer_a_tenir(self, queryset, name, value):
        if value == "oui":
            return queryset.exclude(etat=EtatSeance.CLOSE)
        return queryset.filter(etat=EtatSeance.CLOSE) if value == "non" else queryset


def seances_de_la_liste(user, requete: str = "") -> QuerySet[Seance]:
    """The sessions the list shows for ``requete`` (its query string, e.g. "a_tenir=oui"): the same selector and
    filters as the page, so that a home counter and the list it opens give one figure."""
    from django.http import QueryDict

    from .selectors import seances_visibles

    return SeancesFiltre(QueryDict(requete) or None, queryset=seances_visibles(user)).qs


class SeancesTableau(Tableau):
    titre = "Séances"

    numero = tables.Column("Séance", order_by=("numero", "pk"))
    date = tables.Column("Date", order_by=("date", "pk"))
    lieu = tables.Column("Lieu", order_by=("lieu", "pk"))
    etat = tables.Column("État", order_by=("etat", "pk"))

    class Meta(Tableau.Meta):
        empty_text = "Aucune séance."

    def render_numero(self, record):
        return format_html('<a href="{}">{}</a>', reverse("commissions:seance", args=[record.pk]), record.numero)

    def value_numero(self, record):
        return record.numero

    def render_date(self, value):
        return f"{timezone.localtime(value):%d/%m/%Y %H:%M}"

    def render_lieu(self, record):
        """The room, or, held at a distance, the window (newcomers: the room stayed alone, or was lost)."""
        if record.distance_debut is None:
            return record.lieu
        return (
            f"À distance, du {timezone.localtime(record.distance_debut):%d/%m/%Y %H:%M} au "
            f"{timezone.localtime(record.distance_fin):%d/%m/%Y %H:%M}"
        )

    def value_date(self, value):
        return value

    def render_etat(self, record):
        if record.close_le is not None:
            return f"{record.get_etat_display()} le {timezone.localtime(record.close_le):%d/%m/%Y}"
        return record.get_etat_display()
