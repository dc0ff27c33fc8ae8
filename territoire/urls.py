from django.urls import path

from . import views

urlpatterns = [
    path("organisation/choisir/", views.organisation_choisir, name="organisation_choisir"),
    path("organisations/", views.annuaire, name="annuaire"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("territoire/communes/", views.communes, name="communes"),
    path("utilisateurs/", views.utilisateurs, name="utilisateurs"),
    path("utilisateurs/nouveau/", views.utilisateur_creer, name="utilisateur_creer"),
    path("utilisateurs/<int:pk>/", views.utilisateur_detail, name="utilisateur_detail"),
    path("habilitations/<int:pk>/retirer/", views.habilitation_retirer, name="habilitation_retirer"),
    path("cles-api/", views.cles_api, name="cles_api"),
    path("cles-api/<int:pk>/revoquer/", views.cle_api_revoquer, name="cle_api_revoquer"),
]
