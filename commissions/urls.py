from django.urls import path

from . import views, views_distance

app_name = "commissions"

urlpatterns = [
    path("", views.seances, name="seances"),
    path("export.<str:format>", views.seances, name="seances_export"),
    path("seances/<int:pk>/", views.seance, name="seance"),
    path("seances/<int:pk>/distance/", views_distance.distance, name="distance"),
    path("seances/<int:pk>/proces-verbal.pdf", views.proces_verbal, name="proces_verbal"),
    path("seances/<int:pk>/dossier/etat/", views.dossier_etat, name="dossier_etat"),
    path("seances/<int:pk>/dossier.pdf", views.dossier, {"version": "casa"}, name="dossier"),
    path("seances/<int:pk>/dossier-membres.pdf", views.dossier, {"version": "membres"}, name="dossier_membres"),
]
