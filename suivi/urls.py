from django.urls import path

from . import views

app_name = "suivi"

urlpatterns = [
    path("", views.tableau, name="tableau"),
    path("<annee:annee>/<mois:mois>/liste/", views.liste, name="liste"),
    path("<annee:annee>/<mois:mois>/suivi.xlsx", views.export_xlsx, name="xlsx"),
    path("<annee:annee>/<mois:mois>/rapport.pdf", views.rapport_pdf, name="pdf"),
]
