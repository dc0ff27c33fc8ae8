"""The list of the SNE imports (commun/listes.py, django-tables2): each file received, where it came from, when, by
whom, its state, its summary and its number of demands; sorted by a click on a header, 50 per page."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from commun.format_fr import nombre
from commun.listes import Tableau
from programmation.tableaux import A_DROITE

from .models import EtatImportSNE


class ImportsTableau(Tableau):
    """The imports of the SNE's files, the most recent first."""

    titre = "Imports du SNE"

    numero = tables.Column("Import", empty_values=(), order_by=("pk",))
    origine = tables.Column("Origine", order_by=("origine", "pk"))
    cree_le = tables.Column("Reçu le", order_by=("cree_le", "pk"))
    par = tables.Column("Par", empty_values=(), order_by=("par__last_name", "par__first_name", "pk"))
    etat = tables.Column("État", order_by=("etat", "pk"))
    demandes = tables.Column("Demandes", empty_values=(), orderable=False, attrs=A_DROITE)
    resultat = tables.Column("Résultat", empty_values=(), orderable=False)

    class Meta(Tableau.Meta):
        empty_text = "Aucun fichier du SNE n'a encore été importé."

    def render_numero(self, record):
        lien = format_html('<a href="{}">n° {}</a>', reverse("sne:import", args=[record.pk]), record.pk)
        return format_html('{} <span class="small text-muted text-break">{}</span>', lien, record.nom_fichier)

    def render_origine(self, record):
        return record.get_origine_display()

    def render_cree_le(self, value):
        return f"{timezone.localtime(value):%d/%m/%Y %H:%M}"

    def render_par(self, record):
        return str(record.par) if record.par else "—"

    def render_etat(self, record):
        return record.get_etat_display()

    def render_demandes(self, record):
        if record.etat != EtatImportSNE.APPLIQUE:
            return "—"
        return nombre(sum((record.compteurs or {}).values()))

    def render_resultat(self, record):
        return record.resultat or "—"
