from django.contrib import admin
from django.db import transaction

from territoire.admin import LectureSeuleAdmin

from .models import BaremePlafond, EffacementDemande, GrilleCotation, SeuilQuartile


@admin.register(BaremePlafond)
class BaremePlafondAdmin(admin.ModelAdmin):
    list_display = ["financement", "zone", "date_debut", "date_fin", "categorie_1", "categorie_4", "statut"]
    list_filter = ["financement", "zone", "statut"]


@admin.register(SeuilQuartile)
class SeuilQuartileAdmin(admin.ModelAdmin):
    list_display = ["epci_nom", "annee", "q1", "q2", "q3", "date_debut", "date_fin"]
    list_filter = ["epci_nom", "annee"]


@admin.register(GrilleCotation)
class GrilleCotationAdmin(admin.ModelAdmin):
    list_display = ["version", "date_debut", "modifie_le", "commentaire"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        from .tasks import recalculer_cotations

        # Every live demand is scored again with the new grid, by the worker, once the grid is saved.
        transaction.on_commit(recalculer_cotations.delay)
        self.message_user(request, "Grille enregistrée : toutes les demandes en cours vont être cotées à nouveau.")


@admin.register(EffacementDemande)
class EffacementDemandeAdmin(LectureSeuleAdmin):
    """The erasures done by the retention purge (docs/conservation.md): read only, nobody edits or deletes them."""

    list_display = ["demande_id", "le", "declencheur", "par", "conservation_mois", "date_radiation", "motif_radiation"]
    list_filter = ["declencheur", "motif_radiation"]
    date_hierarchy = "le"
    search_fields = ["demande__numero", "demande__nur"]
