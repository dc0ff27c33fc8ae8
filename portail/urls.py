"""The applicant's space, under /mon-logement/ (casa_logement/urls.py), and its public pages."""

from django.urls import path

from .views import connexion, demande
from .views import cotation as vues_cotation
from .views import delais as vues_delais
from .views import etapes as vues_etapes
from .views import offre as vues_offre
from .views import pieces as vues_pieces
from .views import renouvellement as vues_renouvellement
from .views import signalement as vues_signalement

app_name = "portail"

urlpatterns = [
    path("", connexion.connexion_demander, name="connexion"),
    path("lien-envoye/", connexion.lien_envoye, name="lien_envoye"),
    path("entrer/<str:jeton>/", connexion.entrer, name="entrer"),
    path("sortir/", connexion.sortir, name="sortir"),
    path("courriels-de-demonstration/", connexion.courriels_de_demonstration, name="courriels_demo"),
    path("ma-demande/", demande.demande, name="demande"),
    path("pieces/envoyer/", vues_pieces.piece_envoyer, name="piece_envoyer"),
    path("signaler/", vues_signalement.signaler, name="signaler"),
    path("etapes/", vues_etapes.etapes, name="etapes"),
    path("cotation/", vues_cotation.cotation, name="cotation"),
    path("grille-de-cotation/", vues_cotation.grille, name="grille"),
    path("delais/", vues_delais.delais, name="delais"),
    path("delais-d-attente/", vues_delais.delais_publics, name="delais_publics"),
    path("renouveler/", vues_renouvellement.renouveler, name="renouveler"),
    path("attestation.pdf", vues_renouvellement.attestation, name="attestation"),
    path("offre/", vues_offre.offre, name="offre"),
]
