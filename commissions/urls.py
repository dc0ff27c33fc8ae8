from django.urls import path

from . import views

app_name = "commissions"

urlpatterns = [
    path("", views.seances, name="seances"),
    path("seances/<int:pk>/", views.seance, name="seance"),
    path("seances/<int:pk>/proces-verbal.pdf", views.proces_verbal, name="proces_verbal"),
]
