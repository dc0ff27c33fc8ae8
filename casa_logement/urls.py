from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from commun import convertisseurs

from . import views
from .forms import ConnexionForm

# Before the apps' URLs are included: suivi's pages name their month <annee:annee>/<mois:mois>.
register_converter(convertisseurs.Annee, "annee")
register_converter(convertisseurs.Mois, "mois")

handler400 = "casa_logement.views.erreur_400"
handler403 = "casa_logement.views.erreur_403"
handler404 = "casa_logement.views.erreur_404"
handler500 = "casa_logement.views.erreur_500"

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("sante/", views.sante, name="sante"),
    path(
        "connexion/",
        auth_views.LoginView.as_view(authentication_form=ConnexionForm, redirect_authenticated_user=True),
        name="connexion",
    ),
    path("deconnexion/", views.Deconnexion.as_view(), name="deconnexion"),
    path("mot-de-passe/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("mot-de-passe/modifie/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("mot-de-passe/oublie/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("mot-de-passe/oublie/envoye/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        views.NouveauMotDePasse.as_view(),
        name="password_reset_confirm",
    ),
    path("mot-de-passe/nouveau/fait/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("securite/", include("territoire.urls_securite")),
    path("", include("territoire.urls")),
    path("demandes/", include("demandes.urls")),
    path("parc/", include("programmation.urls")),
    path("positionnements/", include("positionnements.urls")),
    path("commissions/", include("commissions.urls")),
    path("suivi/", include("suivi.urls")),
    path("sne/envois/", include("envois_sne.urls")),
    path("sne/", include("sne.urls")),
    path("notes/", include("partenariat.urls")),
    path("aide/", include("casa_logement.urls_aide")),
    path("mon-logement/", include("portail.urls")),
    path("notifications/", include("alertes.urls")),
    path("", include("journal.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("casa_logement.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
