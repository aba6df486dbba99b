from django.urls import path

from . import views

app_name = "convites"

urlpatterns = [
    path("grupos/entrar/", views.entrar_por_codigo, name="entrar_por_codigo"),
    path("g/<str:codigo>/", views.link_codigo, name="link_codigo"),
    path("g/<str:codigo>/entrar/", views.entrar_pelo_link, name="entrar_pelo_link"),
    path("g/<str:codigo>/solicitar/", views.solicitar, name="solicitar"),
    path(
        "solicitacoes/<int:solicitacao_id>/cancelar/", views.cancelar_solicitacao, name="cancelar_solicitacao"
    ),
    path(
        "grupos/<uuid:grupo_uuid>/solicitacoes/<int:solicitacao_id>/aprovar/", views.aprovar, name="aprovar"
    ),
    path(
        "grupos/<uuid:grupo_uuid>/solicitacoes/<int:solicitacao_id>/recusar/", views.recusar, name="recusar"
    ),
    path(
        "grupos/<uuid:grupo_uuid>/solicitacoes/<int:solicitacao_id>/bloquear/",
        views.bloquear_solicitante,
        name="bloquear_solicitante",
    ),
]
