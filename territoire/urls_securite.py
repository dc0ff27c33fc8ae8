from django.urls import path

from . import views_securite

urlpatterns = [
    path("deuxieme-facteur/", views_securite.deuxieme_facteur_page, name="deuxieme_facteur"),
    path("compte/", views_securite.compte_securite, name="compte_securite"),
    path("comptes/<int:pk>/debloquer/", views_securite.debloquer, name="compte_debloquer"),
    path(
        "comptes/<int:pk>/deuxieme-facteur/reinitialiser/",
        views_securite.reinitialiser_deuxieme_facteur,
        name="compte_reinitialiser_deuxieme_facteur",
    ),
]
