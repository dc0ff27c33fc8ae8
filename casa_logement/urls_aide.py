from django.urls import path

from . import views_aide

app_name = "aide"

urlpatterns = [
    path("", views_aide.index, name="index"),
    path("glossaire/", views_aide.glossaire, name="glossaire"),
    path("<slug:role>/", views_aide.role, name="role"),
]
