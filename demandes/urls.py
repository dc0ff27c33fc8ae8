from django.urls import path

from .views import creation, cycle, en_ligne, fiche, listes, pdf, pieces

app_name = "demandes"

urlpatterns = [
    path("", listes.liste, name="liste"),
    path("export.<str:format>", listes.liste, name="liste_export"),
    path("nouvelle/", creation.nouvelle, name="nouvelle"),
    path("recherche/", listes.recherche, name="recherche"),
    path("en-ligne/", en_ligne.a_traiter, name="en_ligne"),
    path("<int:pk>/", fiche.detail, name="detail"),
    path("<int:pk>/etape/<int:etape>/", creation.etape, name="etape"),
    path("<int:pk>/attestation.pdf", pdf.attestation_enregistrement, name="attestation"),
    path("<int:pk>/demande.pdf", pdf.imprimer, name="imprimer"),
    path("<int:pk>/qualifier/", fiche.qualifier, name="qualifier"),
    path("<int:pk>/renouveler/", cycle.renouveler, name="renouveler"),
    path("<int:pk>/radier/", cycle.radier, name="radier"),
    path("<int:pk>/avertissement/", cycle.avertissement, name="avertissement"),
    path(
        "<int:pk>/avertissement/<int:courrier_pk>/reponse/",
        cycle.avertissement_reponse,
        name="avertissement_reponse",
    ),
    path("<int:pk>/date-de-depot/", cycle.corriger_date_depot, name="corriger_date_depot"),
    path("<int:pk>/criteres/", fiche.critere_ajouter, name="critere_ajouter"),
    path("<int:pk>/qualification/", pieces.qualification, name="qualification"),
    path("<int:pk>/pieces/<int:piece_pk>/", pieces.piece_telecharger, name="piece"),
    path("<int:pk>/pieces/<int:piece_pk>/retirer/", pieces.piece_retirer, name="piece_retirer"),
    path("<int:pk>/pieces-en-ligne/<int:envoi_pk>/", en_ligne.piece_en_ligne, name="piece_en_ligne"),
    path(
        "<int:pk>/pieces-en-ligne/<int:envoi_pk>/accepter/",
        en_ligne.piece_en_ligne_accepter,
        name="piece_en_ligne_accepter",
    ),
    path(
        "<int:pk>/pieces-en-ligne/<int:envoi_pk>/refuser/",
        en_ligne.piece_en_ligne_refuser,
        name="piece_en_ligne_refuser",
    ),
    path(
        "<int:pk>/signalements/<int:signalement_pk>/traiter/",
        en_ligne.signalement_traiter,
        name="signalement_traiter",
    ),
]
