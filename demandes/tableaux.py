"""The demand list's table (commun/listes.py): the same columns on the page and in its CSV/XLSX export."""

from __future__ import annotations

import django_tables2 as tables
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from commun.listes import Tableau

from .codes import CodePriorite, Lien
from .models import Demande, Personne


def avec_demandeur(qs: QuerySet[Demande]) -> QuerySet[Demande]:
    """Annotates each demand with its applicant's name and first name (one subquery each: the list's number of
    queries does not grow with its page, and the column sorts by name)."""
    demandeur = Personne.objects.filter(demande=OuterRef("pk"), lien=Lien.DEMANDEUR)
    return qs.annotate(
        demandeur_nom=Subquery(demandeur.values("nom")[:1]),
        demandeur_prenom=Subquery(demandeur.values("prenom")[:1]),
    )


class DemandesTableau(Tableau):
    titre = "Demandes"

    # The number shown is the reference: the SNE's NUR when known, else the local number (docs/sne.md « Numéros »);
    # the page adds the local number under a NUR.
    numero = tables.Column("Numéro", empty_values=())
    demandeur = tables.Column(
        "Demandeur", accessor="demandeur_nom", order_by=("demandeur_nom", "demandeur_prenom", "pk"), empty_values=()
    )
    date_depot = tables.Column("Dépôt", order_by=("date_depot", "pk"))
    nombre_personnes = tables.Column(
        "Pers.", order_by=("nombre_personnes", "pk"), attrs={"th": {"class": "text-end"}, "td": {"class": "text-end"}}
    )
    typologies = tables.Column("Typologies", orderable=False, empty_values=())
    priorites = tables.Column("Priorités", orderable=False, empty_values=())
    premier_quartile = tables.Column("Q1", order_by=("premier_quartile", "pk"), empty_values=())
    score_cotation = tables.Column(
        "Score", attrs={"th": {"class": "text-end"}, "td": {"class": "text-end"}}, empty_values=()
    )
    etat = tables.Column("État", order_by=("etat", "pk"))

    class Meta(Tableau.Meta):
        empty_text = "Aucune demande ne correspond."

    def render_numero(self, record):
        lien = format_html(
            '<a href="{}">{}</a>', reverse("demandes:detail", args=[record.pk]), record.reference or "brouillon"
        )
        if record.nur and record.numero:
            return format_html('{}<br><span class="small text-muted">n° local {}</span>', lien, record.numero)
        return lien

    def value_numero(self, record):
        return record.reference or "brouillon"

    def order_numero(self, queryset, is_descending):
        """By the number shown (the NUR, else the local number), drafts last whichever the direction."""
        champ = Coalesce("nur", "numero")
        champ = champ.desc(nulls_last=True) if is_descending else champ.asc(nulls_last=True)
        return queryset.order_by(champ, "-pk" if is_descending else "pk"), True

    def render_demandeur(self, record):
        return self.value_demandeur(record)

    def value_demandeur(self, record):
        return " ".join(p for p in (record.demandeur_prenom or "", (record.demandeur_nom or "").upper()) if p)

    def render_date_depot(self, value):
        return f"{value:%d/%m/%Y}"

    def value_date_depot(self, value):
        return value

    def render_nombre_personnes(self, value):
        return value or "—"

    def value_nombre_personnes(self, value):
        return value

    def render_typologies(self, value):
        return ", ".join(value or [])

    def render_priorites(self, value):
        if not value:
            return "—"
        libelles = dict(CodePriorite.choices)
        return format_html_join(
            "", '<span class="badge text-bg-warning me-1">{}</span>', ((libelles.get(p, p),) for p in value)
        )

    def value_priorites(self, value):
        """The export says the criteria in words (« Sans logement ; Mal logé défavorisé »), not their codes."""
        libelles = dict(CodePriorite.choices)
        return " ; ".join(str(libelles.get(p, p)) for p in value or [])

    def render_premier_quartile(self, value):
        return {True: "oui", False: "non"}.get(value, "—")

    def value_premier_quartile(self, value):
        return {True: "oui", False: "non"}.get(value, "")

    def render_score_cotation(self, value):
        return "—" if value is None else value

    def value_score_cotation(self, value):
        return value

    def render_etat(self, record):
        return record.get_etat_display()

    def order_score_cotation(self, queryset, is_descending):
        """A demand without a score last, whichever the direction."""
        champ = F("score_cotation").desc(nulls_last=True) if is_descending else F("score_cotation").asc(nulls_last=True)
        return queryset.order_by(champ, "-pk" if is_descending else "pk"), True
