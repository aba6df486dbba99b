from django.conf import settings
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

if settings.ROTAS_DE_BENCHMARK:
    # Só para `make bench` (ver bench/vistas.py); nunca ligadas em produção.
    from bench import vistas

    urlpatterns += [
        path("bench/vazio/", vistas.vazio),
        path("bench/busca/<str:codigo>/", vistas.busca),
    ]

handler404 = "pontoschool.views.nao_encontrada"
handler500 = "pontoschool.views.erro_interno"
