from django.urls import path

from . import views

app_name = "suivi"

urlpatterns = [
    path("", views.tableau, name="tableau"),
    path("<int:annee>/<int:mois>/liste/", views.liste, name="liste"),
    path("<int:annee>/<int:mois>/suivi.xlsx", views.export_xlsx, name="xlsx"),
    path("<int:annee>/<int:mois>/rapport.pdf", views.rapport_pdf, name="pdf"),
]
