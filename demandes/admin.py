from django.contrib import admin

from .models import BaremePlafond, SeuilQuartile


@admin.register(BaremePlafond)
class BaremePlafondAdmin(admin.ModelAdmin):
    list_display = ["financement", "zone", "date_debut", "date_fin", "categorie_1", "categorie_4", "statut"]
    list_filter = ["financement", "zone", "statut"]


@admin.register(SeuilQuartile)
class SeuilQuartileAdmin(admin.ModelAdmin):
    list_display = ["epci_nom", "annee", "q1", "q2", "q3", "date_debut", "date_fin"]
    list_filter = ["epci_nom", "annee"]
