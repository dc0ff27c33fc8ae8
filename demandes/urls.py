from django.urls import path

from . import views, views_documents, views_qualification, views_recherche

app_name = "demandes"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("export.<str:format>", views.liste, name="liste_export"),
    path("nouvelle/", views.nouvelle, name="nouvelle"),
    path("recherche/", views_recherche.recherche, name="recherche"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/etape/<int:etape>/", views.etape, name="etape"),
    path("<int:pk>/attestation.pdf", views_documents.attestation_enregistrement, name="attestation"),
    path("<int:pk>/demande.pdf", views_documents.imprimer, name="imprimer"),
    path("<int:pk>/qualifier/", views.qualifier, name="qualifier"),
    path("<int:pk>/renouveler/", views.renouveler, name="renouveler"),
    path("<int:pk>/radier/", views.radier, name="radier"),
    path("<int:pk>/avertissement/", views.avertissement, name="avertissement"),
    path(
        "<int:pk>/avertissement/<int:courrier_pk>/reponse/",
        views.avertissement_reponse,
        name="avertissement_reponse",
    ),
    path("<int:pk>/date-de-depot/", views.corriger_date_depot, name="corriger_date_depot"),
    path("<int:pk>/criteres/", views.critere_ajouter, name="critere_ajouter"),
    path("<int:pk>/qualification/", views_qualification.qualification, name="qualification"),
    path("<int:pk>/pieces/<int:piece_pk>/", views_qualification.piece_telecharger, name="piece"),
    path("<int:pk>/pieces/<int:piece_pk>/retirer/", views_qualification.piece_retirer, name="piece_retirer"),
]
