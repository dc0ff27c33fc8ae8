from django.urls import path

from . import views

app_name = "alertes"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("<int:pk>/lue/", views.lue, name="lue"),
    path("tout-lu/", views.toutes_lues, name="toutes_lues"),
    path("preferences/", views.preferences, name="preferences"),
]
