from django.urls import path

from . import views

app_name = "envois_sne"

urlpatterns = [
    path("", views.envois, name="envois"),
    path("<int:pk>/", views.evenement, name="evenement"),
    path("<int:pk>/renvoyer/", views.renvoyer, name="renvoyer"),
    path("fichiers/<int:pk>/", views.fichier, name="fichier"),
]
