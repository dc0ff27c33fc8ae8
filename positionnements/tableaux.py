"""Lists of the positionnements (commun/listes.py): CASA's work list (dwellings to fill with their candidate
columns), a partner's positionnements. Same columns on the page and in the export. The CAL deposits' list is
retours_cal.tableaux."""

from __future__ import annotations

import django_filters
import django_tables2 as tables
from django.db.models import Count, QuerySet
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from commun.listes import Filtre, Tableau
from programmation.models import EtatDisponibilite
from programmation.selectors import disponibilites_visibles
from programmation.tableaux import A_DROITE, DisponibilitesFiltre, DisponibilitesTableau
from territoire.models import Commune

from .etats import EN_COURS, EtatPositionnement
from .models import Positionnement
from .selectors import positionnements_visibles


class TravailTableau(DisponibilitesTableau):
    """CASA's work list: the dwellings to fill, the candidates found (loaded row by row, not exported), the number
    positioned, the link to the candidates."""

    titre = "Logements en attente de positionnement"

    candidats = tables.Column("Candidats trouvés", empty_values=(), orderable=False, exclude_from_export=True)
    positionnes = tables.Column("Positionnés", order_by=("positionnes", "pk"), attrs=A_DROITE)
    action = tables.Column(
        "", empty_values=(), orderable=False, exclude_from_export=True, attrs={"th": {"class": "visually-hidden"}}
    )

    class Meta(DisponibilitesTableau.Meta):
        exclude = ("bailleur",)

    def __init__(self, *args, aujourdhui=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.aujourdhui = aujourdhui or timezone.localdate()

    def render_date_limite(self, value):
        if value < self.aujourdhui:
            return format_html('<span class="text-danger fw-semibold">{} (dépassée)</span>', f"{value:%d/%m/%Y}")
        return f"{value:%d/%m/%Y}"

    def render_candidats(self, record):
        return format_html(
            '<span hx-get="{}" hx-trigger="load" aria-live="polite"><span class="text-muted small">…</span></span>',
            reverse("positionnements:nombre", args=[record.pk]),
        )

    def render_positionnes(self, value):
        return f"{value} / 3"

    def value_positionnes(self, value):
        return value

    def render_action(self, record):
        return format_html(
            '<a class="btn btn-sm btn-outline-primary" href="{}">Candidats</a>',
            reverse("positionnements:logement", args=[record.pk]),
        )


class TravailFiltre(DisponibilitesFiltre):
    """CASA's work list: the dwellings to fill, and those still short of their three candidates under way."""

    candidats = django_filters.ChoiceFilter(
        label="Candidats",
        choices=[("incomplets", "Moins de trois candidats en cours"), ("complets", "Trois candidats ou plus")],
        empty_label="Tous les logements",
        method="filtrer_candidats",
    )

    class Meta(DisponibilitesFiltre.Meta):
        fields = [*DisponibilitesFiltre.Meta.fields, "candidats"]

    def filtrer_candidats(self, queryset, name, value):
        complets = (
            Positionnement.objects.filter(etat__in=EN_COURS)
            .values("disponibilite")
            .annotate(n=Count("pk"))
            .filter(n__gte=3)
            .values("disponibilite")
        )
        if value == "incomplets":
            return queryset.exclude(pk__in=complets)
        return queryset.filter(pk__in=complets) if value == "complets" else queryset


def travail_de_la_liste(user, requete: str = "") -> QuerySet:
    """The dwellings CASA's work list shows for ``requete`` (its query string, e.g. "candidats=incomplets"): the same
    selector and filters as the page, so that a home counter and the list it opens give one figure."""
    dispos = disponibilites_visibles(user).filter(etat=EtatDisponibilite.A_POURVOIR)
    return TravailFiltre(QueryDict(requete) or None, queryset=dispos).qs


class PositionnementsFiltre(Filtre):
    etat = django_filters.ChoiceFilter(label="État", choices=EtatPositionnement.choices, empty_label="Tous")
    avancement = django_filters.ChoiceFilter(
        label="Avancement",
        choices=[("en_cours", "En cours (proposés, validés, en attente de la CAL)"), ("termines", "Terminés")],
        empty_label="Tous",
        method="filtrer_avancement",
    )
    commune = django_filters.ModelChoiceFilter(
        label="Commune",
        field_name="disponibilite__logement__residence__commune",
        queryset=Commune.objects.du_territoire().order_by("nom"),
        empty_label="Toutes",
    )

    class Meta:
        model = Positionnement
        fields = ["etat", "avancement", "commune"]

    def filtrer_avancement(self, queryset, name, value):
        if value == "en_cours":
            return queryset.filter(etat__in=EN_COURS)
        return queryset.exclude(etat__in=EN_COURS) if value == "termines" else queryset


def positionnements_de_la_liste(user, requete: str = "") -> QuerySet[Positionnement]:
    """The positionnements a partner's list shows for ``requete`` (e.g. "avancement=en_cours"): the same selector
    and filters as the page (a home counter and its list give one figure)."""
    return PositionnementsFiltre(QueryDict(requete) or None, queryset=positionnements_visibles(user)).qs


class PositionnementsTableau(Tableau):
    titre = "Positionnements"

    propose_le = tables.Column("Proposé le", order_by=("propose_le", "pk"))
    # the number shown: the demand's NUR when known, else its local number (docs/sne.md « Numéros »)
    demande = tables.Column("Demande", accessor="demande__reference", empty_values=())
    logement = tables.Column(
        "Logement",
        empty_values=(),
        order_by=("disponibilite__logement__residence__nom", "disponibilite__logement__numero", "pk"),
    )
    commune = tables.Column(
        "Commune",
        accessor="disponibilite__logement__residence__commune__nom",
        order_by=("disponibilite__logement__residence__commune__nom", "pk"),
    )
    rang = tables.Column("Rang", order_by=("rang", "pk"))
    etat = tables.Column("État", order_by=("etat", "pk"))

    class Meta(Tableau.Meta):
        empty_text = "Aucun positionnement."

    def render_propose_le(self, value):
        return f"{timezone.localtime(value):%d/%m/%Y}"

    def value_propose_le(self, value):
        return timezone.localtime(value).date()

    def order_demande(self, queryset, is_descending):
        """By the number shown (the NUR, else the local number)."""
        champ = Coalesce("demande__nur", "demande__numero")
        return queryset.order_by(champ.desc() if is_descending else champ.asc(), "-pk" if is_descending else "pk"), True

    def render_logement(self, record):
        logement = record.disponibilite.logement
        return format_html(
            '<a href="{}">{} — {}</a> ({})',
            reverse("positionnements:logement", args=[record.disponibilite_id]),
            logement.residence.nom,
            logement.numero,
            logement.typologie,
        )

    def value_logement(self, record):
        logement = record.disponibilite.logement
        return f"{logement.residence.nom} — {logement.numero} ({logement.typologie})"

    def render_etat(self, record):
        return record.get_etat_display()
