"""The list of accounts for administrators (commun/listes.py): same columns on the page and in the export."""

from __future__ import annotations

import django_filters
import django_tables2 as tables
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from commun.listes import Filtre, Tableau

from .models import Utilisateur


class UtilisateursFiltre(Filtre):
    q = django_filters.CharFilter(label="Nom, identifiant ou courriel", method="chercher")
    statut = django_filters.ChoiceFilter(
        label="Statut",
        choices=[("actif", "Actif"), ("desactive", "Désactivé")],
        empty_label="Tous",
        method="filtrer_statut",
    )

    expiration = django_filters.ChoiceFilter(
        label="Habilitations",
        choices=[("30j", "Une habilitation expire dans les 30 jours")],
        empty_label="Toutes",
        method="filtrer_expiration",
    )
    courriel = django_filters.ChoiceFilter(
        label="Adresse électronique",
        choices=[("sans", "Sans adresse (pas de réinitialisation possible)"), ("avec", "Avec une adresse")],
        empty_label="Toutes",
        method="filtrer_courriel",
    )

    class Meta:
        model = Utilisateur
        fields = ["q", "statut", "expiration", "courriel"]

    def filtrer_expiration(self, queryset, name, value):
        """Accounts holding a habilitation in force, visible to the administrator, that ends within 30 days."""
        from django.utils import timezone

        from .selectors import habilitations_visibles

        if value != "30j" or self.request is None:
            return queryset
        limite = timezone.localdate() + timezone.timedelta(days=30)
        expirant = habilitations_visibles(self.request.user).actives().filter(date_fin__lte=limite)
        return queryset.filter(pk__in=expirant.values("utilisateur"))

    def filtrer_courriel(self, queryset, name, value):
        return queryset.filter(email="") if value == "sans" else queryset.exclude(email="")

    def chercher(self, queryset, name, value):
        recherche = value.strip()
        if not recherche:
            return queryset
        return queryset.filter(
            Q(last_name__unaccent__icontains=recherche)
            | Q(first_name__unaccent__icontains=recherche)
            | Q(username__icontains=recherche)
            | Q(email__icontains=recherche)
        )

    def filtrer_statut(self, queryset, name, value):
        return queryset.filter(is_active=value == "actif")


class UtilisateursTableau(Tableau):
    titre = "Utilisateurs"

    nom = tables.Column("Nom", empty_values=(), order_by=("last_name", "first_name", "pk"))
    username = tables.Column("Identifiant", order_by=("username",))
    habilitations = tables.Column("Habilitations actives", empty_values=(), orderable=False)
    statut = tables.Column("Statut", empty_values=(), order_by=("is_active", "last_name", "pk"))

    class Meta(Tableau.Meta):
        empty_text = "Aucun compte."

    def render_nom(self, record):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("utilisateur_detail", args=[record.pk]),
            record.get_full_name() or record.username,
        )

    def value_nom(self, record):
        return record.get_full_name() or record.username

    def _actives(self, record):
        return [h for h in record.habilitations.all() if h.active]

    def render_habilitations(self, record):
        return format_html_join(
            "",
            '<span class="d-block small">{} — {}</span>',
            ((h.get_role_display(), h.organisation.nom) for h in self._actives(record)),
        )

    def value_habilitations(self, record):
        return " ; ".join(f"{h.get_role_display()} — {h.organisation.nom}" for h in self._actives(record))

    def render_statut(self, record):
        if record.is_active:
            return "actif"
        return format_html('<span class="text-danger">désactivé</span>')

    def value_statut(self, record):
        return "actif" if record.is_active else "désactivé"


def utilisateurs_de_la_liste(user, requete: str = ""):
    """The accounts the users' list shows for ``requete`` (e.g. "statut=actif&courriel=sans"): the same selector and
    filters as the page, so that a home counter and the list it opens give one figure."""
    from types import SimpleNamespace

    from django.http import QueryDict

    from .selectors import utilisateurs_visibles

    qs = utilisateurs_visibles(user).filter(est_compte_api=False)
    return UtilisateursFiltre(QueryDict(requete) or None, queryset=qs, request=SimpleNamespace(user=user)).qs
