from django.urls import path

from . import views

app_name = "grupos"

urlpatterns = [
    path("", views.lista, name="lista"),
    path("novo/", views.novo, name="novo"),
    path("modelos/", views.modelos, name="modelos"),
    path("modelos/novo/", views.novo_modelo, name="novo_modelo"),
    path("modelos/<int:modelo_id>/editar/", views.editar_modelo, name="editar_modelo"),
    path("modelos/<int:modelo_id>/excluir/", views.excluir_modelo, name="excluir_modelo"),
    path("<uuid:grupo_uuid>/", views.detalhe, name="detalhe"),
    path("<uuid:grupo_uuid>/sair/", views.sair, name="sair"),
    path("<uuid:grupo_uuid>/excluir/", views.excluir, name="excluir"),
    path(
        "<uuid:grupo_uuid>/membros/<int:participacao_id>/remover/",
        views.remover_membro,
        name="remover_membro",
    ),
    path("<uuid:grupo_uuid>/membros/<int:participacao_id>/promover/", views.promover, name="promover"),
    path("<uuid:grupo_uuid>/membros/<int:participacao_id>/rebaixar/", views.rebaixar, name="rebaixar"),
    path(
        "<uuid:grupo_uuid>/membros/<int:participacao_id>/bloquear/",
        views.bloquear_membro,
        name="bloquear_membro",
    ),
    path("<uuid:grupo_uuid>/bloqueios/<int:bloqueio_id>/remover/", views.desbloquear, name="desbloquear"),
    path("<uuid:grupo_uuid>/codigo/novo/", views.gerar_novo_codigo, name="gerar_novo_codigo"),
    path("<uuid:grupo_uuid>/codigo/desativar/", views.desativar_codigo, name="desativar_codigo"),
    path("<uuid:grupo_uuid>/codigo/ativar/", views.ativar_codigo, name="ativar_codigo"),
]
