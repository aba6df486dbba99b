from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from . import views

app_name = "api"

urlpatterns = [
    path("auth/token", views.ObterTokenView.as_view(), name="token"),
    path("auth/token/refresh", views.RenovarTokenView.as_view(), name="token_refresh"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("groups", views.GruposView.as_view(), name="groups"),
    path("groups/join", views.EntrarView.as_view(), name="join"),
    path("groups/<uuid:grupo_id>", views.GrupoView.as_view(), name="group"),
    path("groups/<uuid:grupo_id>/join-requests", views.SolicitacoesView.as_view(), name="join_requests"),
    path(
        "groups/<uuid:grupo_id>/join-requests/<int:solicitacao_id>/approve",
        views.DecisaoView.as_view(acao="approve"),
        name="approve",
    ),
    path(
        "groups/<uuid:grupo_id>/join-requests/<int:solicitacao_id>/reject",
        views.DecisaoView.as_view(acao="reject"),
        name="reject",
    ),
    path(
        "join-requests/<int:solicitacao_id>/cancel",
        views.CancelarSolicitacaoView.as_view(),
        name="cancel_request",
    ),
    path(
        "groups/<uuid:grupo_id>/code/regenerate",
        views.CodigoView.as_view(acao="regenerate"),
        name="code_regenerate",
    ),
    path(
        "groups/<uuid:grupo_id>/code/disable", views.CodigoView.as_view(acao="disable"), name="code_disable"
    ),
    path("groups/<uuid:grupo_id>/code/enable", views.CodigoView.as_view(acao="enable"), name="code_enable"),
    path("groups/<uuid:grupo_id>/members", views.MembrosView.as_view(), name="members"),
    path("groups/<uuid:grupo_id>/invites", views.ConvitesView.as_view(), name="invites"),
    path(
        "groups/<uuid:grupo_id>/invites/<uuid:convite_id>/cancel",
        views.GerenciarConviteView.as_view(acao="cancel"),
        name="invite_cancel",
    ),
    path(
        "groups/<uuid:grupo_id>/invites/<uuid:convite_id>/resend",
        views.GerenciarConviteView.as_view(acao="resend"),
        name="invite_resend",
    ),
    path("invites/me", views.MeusConvitesView.as_view(), name="my_invites"),
    path(
        "invites/<uuid:convite_id>/accept",
        views.ResponderConviteView.as_view(acao="accept"),
        name="invite_accept",
    ),
    path(
        "invites/<uuid:convite_id>/reject",
        views.ResponderConviteView.as_view(acao="reject"),
        name="invite_reject",
    ),
    path("notifications", views.NotificacoesView.as_view(), name="notifications"),
    path("notifications/unread-count", views.NaoLidasView.as_view(), name="unread_count"),
    path("notifications/read-all", views.LerTodasView.as_view(), name="read_all"),
    path("notifications/<int:notificacao_id>/read", views.LerNotificacaoView.as_view(), name="read"),
    path("templates", views.ModelosView.as_view(), name="templates"),
    path("templates/<int:modelo_id>", views.ModeloView.as_view(), name="template"),
]
