from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import CleApi, Commune, Habilitation, Organisation, PopulationCommune, Qpv, Secteur, Utilisateur


class HabilitationInline(admin.TabularInline):
    model = Habilitation
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Utilisateur)
class UtilisateurAdmin(UserAdmin):
    inlines = [HabilitationInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "est_compte_api"]
    list_filter = ["is_active", "est_compte_api", "habilitations__role"]
    fieldsets = [*UserAdmin.fieldsets, ("casa_logement", {"fields": ["telephone", "est_compte_api"]})]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["nom", "type", "est_reservataire", "type_reservataire", "code_guichet", "est_demo", "active"]
    list_filter = ["type", "est_reservataire", "est_demo", "active"]
    search_fields = ["nom", "sigle", "siren"]
    prepopulated_fields = {"slug": ["nom"]}


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["nom", "code_insee", "population", "zone_apl"]
    search_fields = ["nom", "code_insee"]


admin.site.register(PopulationCommune)


@admin.register(Secteur)
class SecteurAdmin(admin.ModelAdmin):
    list_display = ["nom", "est_demo"]
    filter_horizontal = ["communes"]


admin.site.register(Qpv)


@admin.register(CleApi)
class CleApiAdmin(admin.ModelAdmin):
    list_display = ["prefixe", "nom", "organisation", "cree_le", "derniere_utilisation", "revoquee_le"]
    readonly_fields = ["prefixe", "empreinte", "utilisateur", "cree_par", "cree_le", "derniere_utilisation"]
