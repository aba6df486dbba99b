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
    path("grupos/<uuid:grupo_uuid>/convites/revisar/", views.revisar_convites, name="revisar"),
    path("grupos/<uuid:grupo_uuid>/convites/enviar/", views.enviar_convites, name="enviar"),
    path("grupos/<uuid:grupo_uuid>/convites/links/", views.criar_link, name="criar_link"),
    path(
        "grupos/<uuid:grupo_uuid>/convites/permissao/", views.permitir_convites_de_membros, name="permissao"
    ),
    path(
        "grupos/<uuid:grupo_uuid>/convites/<uuid:convite_uuid>/cancelar/",
        views.cancelar_convite,
        name="cancelar_convite",
    ),
    path(
        "grupos/<uuid:grupo_uuid>/convites/<uuid:convite_uuid>/reenviar/",
        views.reenviar_convite,
        name="reenviar_convite",
    ),
    path("convites/", views.meus, name="meus"),
    path("convites/meus/<uuid:convite_uuid>/aceitar/", views.aceitar_meu, name="aceitar_meu"),
    path("convites/meus/<uuid:convite_uuid>/recusar/", views.recusar_meu, name="recusar_meu"),
    path("convites/<str:token>/", views.convite, name="convite"),
    path("convites/<str:token>/aceitar/", views.aceitar, name="aceitar_convite"),
    path("convites/<str:token>/recusar/", views.recusar_convite, name="recusar_convite"),
]
