"""The SNE import's pages, under /sne/ (casa_logement/urls.py); the outbox is envois_sne's, under /sne/envois/.
docs/roles.md says who reads and does what."""

from django.urls import path

from . import views

app_name = "sne"

urlpatterns = [
    path("imports/", views.imports, name="imports"),
    path("imports/<int:pk>/", views.import_detail, name="import"),
    path("imports/<int:pk>/etat/", views.import_etat, name="import_etat"),
    path("imports/<int:pk>/relancer/", views.import_relancer, name="import_relancer"),
    path("imports/<int:pk>/rapport.csv", views.import_rapport_csv, name="import_rapport_csv"),
    path("reconciliation/", views.reconciliation, name="reconciliation"),
    path("reconciliation/conflits/<int:pk>/", views.conflit_trancher, name="conflit_trancher"),
    path("reconciliation/doublons/<int:pk>/", views.doublon_trancher, name="doublon_trancher"),
]
