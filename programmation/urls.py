from django.urls import path

from . import views

app_name = "programmation"

urlpatterns = [
    path("", views.parc, name="parc"),
    path("residences/<int:pk>/", views.residence, name="residence"),
    path("import/", views.importer, name="importer"),
    path("import/<int:pk>/", views.import_detail, name="import"),
    path("import/modele.csv", views.modele, name="modele"),
    path("logements/<int:pk>/declarer/", views.declarer, name="declarer"),
    path("a-pourvoir/", views.a_pourvoir, name="a_pourvoir"),
]
