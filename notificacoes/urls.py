from django.urls import path

from . import views

app_name = "notificacoes"

urlpatterns = [
    path("", views.lista, name="lista"),
    path("lidas/", views.marcar_todas, name="marcar_todas"),
    path("<int:notificacao_id>/abrir/", views.abrir, name="abrir"),
    path("<int:notificacao_id>/lida/", views.marcar_lida, name="marcar_lida"),
]
