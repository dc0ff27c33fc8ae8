from django.urls import path

from . import views

app_name = "partenariat"

urlpatterns = [
    path("demandes/<int:pk>/", views.fil, name="fil"),
]
