"""Confirmação de e-mail: quem só se cadastrou com um endereço não pode aceitar convites dele."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from contas.models import Usuario
from contas.tasks import enviar_email_de_confirmacao
from contas.tests.factories import UsuarioFactory
from convites import services as convites_services
from convites.models import Convite, StatusConvite
from convites.tasks import enviar_emails_de_convites
from convites.tokens import token_do_convite
from grupos.models import Participacao
from grupos.tests.factories import GrupoFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/contas/confirmar/\S+/")


def _convite_para(email, papel="administrador"):
    grupo = GrupoFactory(privacidade="privado", nome="Grupo Secreto")
    (convite,) = convites_services.convidar_por_email(
        quem=grupo.criador, grupo=grupo, emails=[email], papel=papel
    ).convites
    return grupo, convite


def test_cadastro_enfileira_o_email_de_confirmacao_e_o_link_confirma(client, settings):
    settings.SITE_URL = "https://grupos.exemplo"
    client.post(
        reverse("contas:cadastro"),
        {"nome": "Bia", "email": "bia@exemplo.com.br", "senha": "uma-senha-boa-42"},
    )
    bia = Usuario.objects.get()
    assert not bia.email_confirmado
    enviar_email_de_confirmacao.call(bia.pk)
    (email,) = mail.outbox
    link = LINK.search(email.body).group(0)
    assert link.startswith("https://grupos.exemplo/contas/confirmar/")
    caminho = link.removeprefix("https://grupos.exemplo")

    pagina = client.get(caminho)  # o GET não confirma (leitores de link abrem sozinhos)
    assert "Confirmar e-mail" in pagina.content.decode()
    bia.refresh_from_db()
    assert not bia.email_confirmado

    resposta = client.post(caminho)
    assert resposta.status_code == 302
    bia.refresh_from_db()
    assert bia.email_confirmado
    # Usado uma vez, o link não vale mais.
    assert "não vale mais" in client.get(caminho).content.decode()


@pytest.mark.parametrize(
    "caminho", ["/contas/confirmar/xx/yy/", "/contas/confirmar/MQ/abc-123/", "/contas/confirmar/%C3%A9/z/"]
)
def test_link_de_confirmacao_quebrado_nao_da_500(client, caminho):
    resposta = client.get(caminho)
    assert resposta.status_code == 200
    assert "não vale mais" in resposta.content.decode()
    assert client.post(caminho).status_code == 200


def test_quem_se_cadastrou_com_o_email_de_outra_pessoa_nao_aceita_o_convite_dela_pela_lista(client):
    grupo, convite = _convite_para("vitima@exemplo.com.br")
    impostor = UsuarioFactory(email="vitima@exemplo.com.br", email_confirmado_em=None)
    client.force_login(impostor)

    lista = client.get(reverse("convites:meus")).content.decode()
    assert "Grupo Secreto" in lista
    assert reverse("convites:aceitar_meu", args=[convite.uuid]) not in lista
    assert "confirme que" in lista.lower()

    resposta = client.post(reverse("convites:aceitar_meu", args=[convite.uuid]), follow=True)
    assert "Confirme seu e-mail" in resposta.content.decode()
    client.post(reverse("convites:recusar_meu", args=[convite.uuid]))
    convite.refresh_from_db()
    assert convite.status == StatusConvite.PENDENTE
    assert not Participacao.objects.filter(grupo=grupo, usuario=impostor).exists()


def test_na_api_aceitar_pelo_id_sem_email_confirmado_e_403(settings):
    grupo, convite = _convite_para("vitima@exemplo.com.br")
    impostor = UsuarioFactory(email="vitima@exemplo.com.br", email_confirmado_em=None)
    api = APIClient()
    api.force_authenticate(impostor)
    resposta = api.put(f"/api/v1/invites/{convite.uuid}/accept")
    assert resposta.status_code == 403
    assert resposta.json()["code"] == "email_nao_confirmado"
    assert not Participacao.objects.filter(grupo=grupo, usuario=impostor).exists()


def test_aceitar_pelo_link_do_email_prova_o_email_e_confirma_a_conta(client):
    grupo, convite = _convite_para("gabi@exemplo.com.br", papel="membro")
    gabi = UsuarioFactory(email="gabi@exemplo.com.br", email_confirmado_em=None)
    enviar_emails_de_convites.call([convite.pk])
    token = token_do_convite(convite)
    assert f"/convites/{token}/" in mail.outbox[0].body
    client.force_login(gabi)
    client.post(reverse("convites:aceitar_convite", args=[token]))
    assert Participacao.objects.filter(grupo=grupo, usuario=gabi).exists()
    gabi.refresh_from_db()
    assert gabi.email_confirmado


def test_depois_de_confirmar_aceita_pela_lista(client):
    grupo, convite = _convite_para("caio@exemplo.com.br", papel="membro")
    caio = UsuarioFactory(email="caio@exemplo.com.br", email_confirmado_em=None)
    client.force_login(caio)
    client.post(reverse("contas:reenviar_confirmacao"))
    enviar_email_de_confirmacao.call(caio.pk)
    caminho = "/" + LINK.search(mail.outbox[-1].body).group(0).split("/", 3)[3]
    client.post(caminho)
    resposta = client.post(reverse("convites:aceitar_meu", args=[convite.uuid]))
    assert resposta.status_code == 302
    assert Participacao.objects.filter(grupo=grupo, usuario=caio, origem="convite").exists()
    assert Convite.objects.get(pk=convite.pk).status == StatusConvite.ACEITO


def test_reenviar_confirmacao_so_por_post_e_para_quem_nao_confirmou(client):
    ana = UsuarioFactory()
    client.force_login(ana)
    assert client.get(reverse("contas:reenviar_confirmacao")).status_code == 405
    resposta = client.post(reverse("contas:reenviar_confirmacao"), follow=True)
    assert "já está confirmado" in resposta.content.decode()
