from django.urls import path

from . import views

app_name = "contas"

urlpatterns = [
    path("cadastro/", views.cadastro, name="cadastro"),
    path("entrar/", views.EntrarView.as_view(), name="entrar"),
    path("sair/", views.SairView.as_view(), name="sair"),
    path("confirmar/enviar/", views.reenviar_confirmacao, name="reenviar_confirmacao"),
    path("confirmar/<str:uidb64>/<str:token>/", views.confirmar_email, name="confirmar_email"),
]
