"""The API under /api/v1/: each app registers its viewsets on this router."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from demandes import api as demandes_api
from positionnements import api as positionnements_api
from positionnements.retours_cal import api as positionnements_api_cal
from programmation import api as programmation_api
from territoire import api as territoire_api

router = DefaultRouter()
router.register("communes", territoire_api.CommuneViewSet, basename="commune")
router.register("qpv", territoire_api.QpvViewSet, basename="qpv")
router.register("organisations", territoire_api.OrganisationViewSet, basename="organisation")
router.register("demandes", demandes_api.DemandeViewSet, basename="demande")
router.register("disponibilites", programmation_api.DisponibiliteViewSet, basename="disponibilite")
router.register("positionnements", positionnements_api.PositionnementViewSet, basename="positionnement")
router.register("listes-reservataires", positionnements_api.ListeReservataireViewSet, basename="liste-reservataire")
router.register("decisions-cal", positionnements_api_cal.DecisionsCalViewSet, basename="decision-cal")

urlpatterns = [
    path("moi/", territoire_api.moi, name="api-moi"),
    path("disponibilites/<int:pk>/candidats/", positionnements_api.candidats, name="api-candidats"),
    path("disponibilites/<int:pk>/pourquoi/<str:numero>/", positionnements_api.pourquoi, name="api-pourquoi-candidat"),
    *router.urls,
]
