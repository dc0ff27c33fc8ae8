from django.urls import path

from . import views, views_acces, views_listes

urlpatterns = [
    path("organisation/choisir/", views.organisation_choisir, name="organisation_choisir"),
    path("organisations/", views.annuaire, name="annuaire"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("territoire/communes/", views.communes, name="communes"),
    path("utilisateurs/", views.utilisateurs, name="utilisateurs"),
    path("utilisateurs/export.<str:format>", views.utilisateurs, name="utilisateurs_export"),
    path("utilisateurs/nouveau/", views.utilisateur_creer, name="utilisateur_creer"),
    path("utilisateurs/<int:pk>/", views.utilisateur_detail, name="utilisateur_detail"),
    path("habilitations/<int:pk>/retirer/", views.habilitation_retirer, name="habilitation_retirer"),
    path("utilisateurs/<int:pk>/reactiver/", views_acces.utilisateur_reactiver, name="utilisateur_reactiver"),
    path("habilitations/revue/", views_acces.revue, name="revue_habilitations"),
    path("habilitations/<int:pk>/revue/", views_acces.revue_decider, name="revue_decider"),
    path("habilitations/revues/", views_acces.revues, name="revues_habilitations"),
    path("habilitations/qui-voit-quoi/", views_acces.qui_voit_quoi, name="qui_voit_quoi"),
    path(
        "habilitations/qui-voit-quoi.csv", views_acces.qui_voit_quoi_export, {"format": "csv"}, name="qui_voit_quoi_csv"
    ),
    path(
        "habilitations/qui-voit-quoi.xlsx",
        views_acces.qui_voit_quoi_export,
        {"format": "xlsx"},
        name="qui_voit_quoi_xlsx",
    ),
    path("lectures-sensibles/", views_acces.lectures, name="lectures_sensibles"),
    path("listes/filtres/", views_listes.filtre_enregistrer, name="filtre_enregistrer"),
    path("listes/filtres/<int:pk>/supprimer/", views_listes.filtre_supprimer, name="filtre_supprimer"),
    path("cles-api/", views.cles_api, name="cles_api"),
    path("cles-api/<int:pk>/revoquer/", views.cle_api_revoquer, name="cle_api_revoquer"),
]
