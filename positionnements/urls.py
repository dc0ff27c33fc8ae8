from django.urls import path

from . import views, views_regles
from .retours_cal import views as retours_cal

app_name = "positionnements"

urlpatterns = [
    path("", views.travail, name="travail"),
    path("export.<str:format>", views.travail, name="travail_export"),
    path("logements/<int:pk>/", views.logement, name="logement"),
    path("logements/<int:pk>/nombre/", views.nombre, name="nombre"),
    path("<int:pk>/retirer/", views.retirer, name="retirer"),
    path("demandes/<int:pk>/", views.historique, name="historique"),
    path("croisements/", views.croisements, name="croisements"),
    path("croisements/modele.csv", views.modele_liste, name="modele_liste"),
    path("croisements/modele.xlsx", views.modele_liste, {"format": "xlsx"}, name="modele_liste_xlsx"),
    path("regles/", views_regles.regles_casa, name="regles"),
    path("regles/bailleurs/<int:pk>/", views_regles.regles_bailleur, name="regles_bailleur"),
    path("cal/", retours_cal.retours, name="cal"),
    path("cal/depots/export.<str:format>", retours_cal.depots_export, name="depots_export"),
    path("cal/depots/<int:pk>/", retours_cal.depot, name="depot_cal"),
    path("cal/depots/<int:pk>/etat/", retours_cal.depot_etat, name="depot_cal_etat"),
    path("cal/depots/<int:pk>/relancer/", retours_cal.depot_relancer, name="depot_cal_relancer"),
    path("cal/modele.<str:format>", retours_cal.modele, name="modele_cal"),
    path("cal/modele-prerempli.<str:format>", retours_cal.modele_prerempli, name="modele_cal_prerempli"),
    path("cal/attributions/<int:pk>/corriger/", retours_cal.corriger, name="corriger_attribution"),
]
