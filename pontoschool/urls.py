from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("saude/", views.saude, name="saude"),
    path("contas/", include("contas.urls")),
    path("grupos/", include("grupos.urls")),
    path("notificacoes/", include("notificacoes.urls")),
    path("", include("convites.urls")),
    path("api/v1/", include("api.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "pontoschool.views.nao_encontrada"
handler500 = "pontoschool.views.erro_interno"
