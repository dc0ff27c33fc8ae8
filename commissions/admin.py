"""CASA's administrators keep the commission's members and its quorum rule here (the sessions have their own pages)."""

from django.contrib import admin

from .models import Membre, RegleQuorum


@admin.register(Membre)
class MembreAdmin(admin.ModelAdmin):
    list_display = ["__str__", "college", "organisation", "commune", "titulaire", "debut", "fin"]
    list_filter = ["college", "organisation__type"]
    search_fields = ["nom", "prenom", "organisation__nom", "commune__nom"]
    autocomplete_fields = ["organisation", "titulaire"]
    raw_id_fields = ["utilisateur"]


@admin.register(RegleQuorum)
class RegleQuorumAdmin(admin.ModelAdmin):
    list_display = ["debut", "part_titulaires", "colleges_obligatoires"]
