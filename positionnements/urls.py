from django.urls import path

from . import views

app_name = "positionnements"

urlpatterns = [
    path("", views.travail, name="travail"),
    path("logements/<int:pk>/", views.logement, name="logement"),
    path("logements/<int:pk>/nombre/", views.nombre, name="nombre"),
    path("<int:pk>/retirer/", views.retirer, name="retirer"),
    path("demandes/<int:pk>/", views.historique, name="historique"),
    path("croisements/", views.croisements, name="croisements"),
    path("croisements/modele.csv", views.modele_liste, name="modele_liste"),
]
