from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import (
    CleApi,
    Commune,
    EvenementCompte,
    Habilitation,
    Organisation,
    PopulationCommune,
    Qpv,
    Secteur,
    Utilisateur,
)
from .services import cle_api_revoquer


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
    """Keys are created on the « Clés d'API » page (the only place that shows the secret, once); here CASA's
    administrator reads them all and revokes them (through the service: audited, the technical account closed)."""

    list_display = [
        "prefixe",
        "nom",
        "organisation",
        "portee",
        "cree_le",
        "cree_par",
        "expire_le",
        "derniere_utilisation",
        "revoquee_le",
    ]
    list_filter = ["organisation__type", "revoquee_le"]
    search_fields = ["nom", "prefixe", "organisation__nom"]
    readonly_fields = [
        "organisation",
        "prefixe",
        "empreinte",
        "utilisateur",
        "cree_par",
        "cree_le",
        "expire_le",
        "portee",
        "derniere_utilisation",
        "revoquee_le",
        "revoquee_par",
    ]
    actions = ["revoquer"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a key is revoked, never deleted: its history stays

    @admin.action(description="Révoquer les clés choisies")
    def revoquer(self, request, queryset):
        for cle in queryset.filter(revoquee_le__isnull=True):
            cle_api_revoquer(par=request.user, cle=cle)
        self.message_user(request, "Clés révoquées : les appels qui les utilisent sont refusés.")


class LectureSeuleAdmin(admin.ModelAdmin):
    """An audit table in the admin: read, filtered, never added to, changed nor deleted by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EvenementCompte)
class EvenementCompteAdmin(LectureSeuleAdmin):
    """The accounts' security events (second factor, unlocks), written by territoire.deuxieme_facteur."""

    list_display = ["le", "utilisateur", "nature", "par"]
    list_filter = ["nature"]
    search_fields = ["utilisateur__username"]
    date_hierarchy = "le"
