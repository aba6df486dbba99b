from django.urls import path

from . import views

app_name = "grupos"

urlpatterns = [
    path("", views.lista, name="lista"),
    path("novo/", views.novo, name="novo"),
    path("<uuid:grupo_uuid>/", views.detalhe, name="detalhe"),
]
