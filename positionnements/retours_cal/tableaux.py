"""The CAL deposits' list (commun/listes.py), the « Dépôts » tab of the CAL page and its exports: same columns on the
page and in the file."""

from __future__ import annotations

import django_filters
import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from commun.format_fr import nombre
from commun.listes import Filtre, Tableau
from programmation.tableaux import A_DROITE
from territoire.models import Organisation
from territoire.roles import TypeOrganisation

from ..etats import SourceDepot
from ..models import DepotDecisionsCAL, EtatDepot


class DepotsFiltre(Filtre):
    """The deposits' list filtered by landlord."""

    bailleur = django_filters.ModelChoiceFilter(
        label="Bailleur",
        queryset=Organisation.objects.filter(type=TypeOrganisation.BAILLEUR).order_by("nom"),
        empty_label="Tous",
    )

    class Meta:
        model = DepotDecisionsCAL
        fields = ["bailleur"]


class DepotsTableau(Tableau):
    """The CAL deposits: number and file, landlord, when, by whom, state, rows, outcome."""

    titre = "Dépôts des décisions de CAL"

    numero = tables.Column("Dépôt", empty_values=(), order_by=("pk",))
    bailleur = tables.Column("Bailleur", accessor="bailleur__nom", order_by=("bailleur__nom", "pk"))
    cree_le = tables.Column("Déposé le", order_by=("cree_le", "pk"))
    par = tables.Column("Par", empty_values=(), order_by=("par__last_name", "par__first_name", "pk"))
    etat = tables.Column("État", order_by=("etat", "pk"))
    lignes = tables.Column("Lignes", order_by=("lignes", "pk"), attrs=A_DROITE)
    resultat = tables.Column("Résultat", empty_values=(), orderable=False)

    class Meta(Tableau.Meta):
        empty_text = "Aucun dépôt."

    @staticmethod
    def _detail(record) -> str:
        """The file's name, or what the deposit is when no file was sent (the candidate's answer, its silence)."""
        sans_fichier = record.source in (SourceDepot.PORTAIL, SourceDepot.DELAI)
        return record.get_source_display() if sans_fichier else record.nom_fichier

    def render_numero(self, record):
        lien = format_html('<a href="{}">{}</a>', reverse("positionnements:depot_cal", args=[record.pk]), record.numero)
        if detail := self._detail(record):
            return format_html('{} <span class="small text-muted">{}</span>', lien, detail)
        return lien

    def value_numero(self, record):
        return f"{record.numero} {self._detail(record)}".strip()

    def render_cree_le(self, value):
        return f"{timezone.localtime(value):%d/%m/%Y %H:%M}"

    def value_cree_le(self, value):
        return value

    def render_par(self, record):
        return f"{record.auteur}{' (API)' if record.source == SourceDepot.API else ''}"

    def render_etat(self, record):
        """As the deposit's page says it: a checked file with nothing new is « rien à appliquer »."""
        if record.etat == EtatDepot.VERIFIE and record.resume and not record.resume.get("a_appliquer"):
            return "Vérifié, rien à appliquer"
        return record.get_etat_display()

    def render_lignes(self, value):
        return nombre(value)

    def value_lignes(self, value):
        return value

    def render_resultat(self, record):
        if record.erreurs:
            n = len(record.erreurs)
            return f"{n} erreur{'s' if n > 1 else ''}"
        return record.resultat or "—"

    def value_resultat(self, record):
        return self.render_resultat(record).replace("—", "")
