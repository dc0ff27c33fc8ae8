from django.urls import path

from . import views, views_pilotage, views_programmes

app_name = "programmation"

urlpatterns = [
    path("", views.parc, name="parc"),
    path("residences/<int:pk>/", views.residence, name="residence"),
    path("import/", views.importer, name="importer"),
    path("import/<int:pk>/", views.import_detail, name="import"),
    path("import/<int:pk>/etat/", views.import_etat, name="import_etat"),
    path("import/<int:pk>/relancer/", views.import_relancer, name="import_relancer"),
    path("import/modele.csv", views.modele, name="modele"),
    path("import/modele.xlsx", views.modele, {"format": "xlsx"}, name="modele_xlsx"),
    path("logements/<int:pk>/declarer/", views.declarer, name="declarer"),
    path("a-pourvoir/", views.a_pourvoir, name="a_pourvoir"),
    path("a-pourvoir/export.<str:format>", views.a_pourvoir, name="a_pourvoir_export"),
    path("programmes/", views_programmes.programmes, name="programmes"),
    path("programmes/nouveau/", views_programmes.programme_nouveau, name="programme_nouveau"),
    path("programmes/<int:pk>/", views_programmes.programme, name="programme"),
    path("programmes/<int:pk>/livrer/", views_programmes.programme_livrer, name="programme_livrer"),
    path("flux/", views_pilotage.flux, name="flux"),
    path("observatoire/", views_pilotage.observatoire, name="observatoire"),
    path("reunions/<int:pk>/", views_programmes.reunion, name="reunion"),
    path("reunions/<int:pk>/compte-rendu.pdf", views_programmes.compte_rendu, name="compte_rendu"),
]
