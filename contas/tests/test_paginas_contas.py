import pytest
from django.test import Client
from django.urls import reverse

from contas.models import Usuario
from contas.tests.factories import SENHA, UsuarioFactory

pytestmark = pytest.mark.django_db


def test_cadastro_cria_conta_entra_e_segue_o_next(client):
    resposta = client.post(
        reverse("contas:cadastro") + "?next=/grupos/novo/",
        {
            "nome": "  Ana   Souza ",
            "email": "Ana@Exemplo.com.br",
            "senha": "uma-senha-boa-42",
            "next": "/grupos/novo/",
        },
    )
    assert resposta.status_code == 302
    assert resposta["Location"] == "/grupos/novo/"
    usuario = Usuario.objects.get()
    assert usuario.email == "ana@exemplo.com.br"
    assert usuario.nome == "Ana Souza"
    assert client.get(reverse("grupos:lista")).status_code == 200


def test_cadastro_recusa_email_ja_usado_em_outra_caixa(client):
    UsuarioFactory(email="ana@exemplo.com.br")
    resposta = client.post(
        reverse("contas:cadastro"),
        {"nome": "Ana", "email": "ANA@exemplo.com.br", "senha": "uma-senha-boa-42"},
    )
    assert resposta.status_code == 200
    assert "Já existe uma conta com este e-mail" in resposta.content.decode()
    assert Usuario.objects.count() == 1


def test_cadastro_recusa_senha_fraca_e_mantem_os_dados(client):
    resposta = client.post(
        reverse("contas:cadastro"), {"nome": "Bia", "email": "bia@exemplo.com.br", "senha": "123"}
    )
    html = resposta.content.decode()
    assert resposta.status_code == 200
    assert "bia@exemplo.com.br" in html
    assert "muito curta" in html
    assert not Usuario.objects.exists()


def test_cadastro_ignora_next_para_outro_site(client):
    resposta = client.post(
        reverse("contas:cadastro"),
        {
            "nome": "Caio",
            "email": "caio@exemplo.com.br",
            "senha": "uma-senha-boa-42",
            "next": "https://mal.example/",
        },
    )
    assert resposta["Location"] == reverse("grupos:lista")


def test_cadastro_preenche_email_vindo_do_convite(client):
    resposta = client.get(reverse("contas:cadastro") + "?email=convidado%40exemplo.com.br")
    assert 'value="convidado@exemplo.com.br"' in resposta.content.decode()


def test_entrar_com_email_em_qualquer_caixa_e_next(client):
    UsuarioFactory(email="bia@exemplo.com.br")
    resposta = client.post(
        reverse("contas:entrar"),
        {"username": " BIA@exemplo.com.br", "password": SENHA, "next": "/grupos/novo/"},
    )
    assert resposta.status_code == 302
    assert resposta["Location"] == "/grupos/novo/"


def test_entrar_com_senha_errada_mostra_mensagem(client):
    UsuarioFactory(email="bia@exemplo.com.br")
    resposta = client.post(reverse("contas:entrar"), {"username": "bia@exemplo.com.br", "password": "errada"})
    assert resposta.status_code == 200
    assert "E-mail ou senha incorretos." in resposta.content.decode()


def test_sair_so_por_post(client):
    client.force_login(UsuarioFactory())
    assert client.get(reverse("contas:sair")).status_code == 405
    resposta = client.post(reverse("contas:sair"))
    assert resposta.status_code == 302
    assert client.get(reverse("grupos:lista")).status_code == 302


def test_formularios_de_conta_exigem_csrf():
    cliente = Client(enforce_csrf_checks=True)
    resposta = cliente.post(
        reverse("contas:cadastro"), {"nome": "X", "email": "x@exemplo.com.br", "senha": "uma-senha-boa-42"}
    )
    assert resposta.status_code == 403
    assert not Usuario.objects.exists()


def test_inicio_mostra_apresentacao_ou_leva_aos_grupos(client):
    assert "Criar conta" in client.get("/").content.decode()
    client.force_login(UsuarioFactory())
    assert client.get("/")["Location"] == reverse("grupos:lista")


def test_tentativas_demais_de_entrar_na_mesma_conta_sao_freadas(client, settings):
    import time_machine

    settings.LIMITE_ENTRAR_POR_EMAIL = "3/m"
    UsuarioFactory(email="bia@exemplo.com.br")
    with time_machine.travel("2026-11-24 12:00:00Z", tick=False):
        for _ in range(3):
            assert (
                client.post(
                    reverse("contas:entrar"), {"username": "bia@exemplo.com.br", "password": "x"}
                ).status_code
                == 200
            )
        resposta = client.post(
            reverse("contas:entrar"), {"username": "BIA@exemplo.com.br", "password": SENHA}
        )
    assert resposta.status_code == 429
    assert "Muitas tentativas seguidas" in resposta.content.decode()
    assert int(resposta["Retry-After"]) > 0


def test_cadastros_demais_do_mesmo_ip_sao_freados(client, settings):
    import time_machine

    settings.LIMITE_CADASTRO_POR_IP = "2/h"
    with time_machine.travel("2026-11-24 12:00:00Z", tick=False):
        for i in range(2):
            client.post(
                reverse("contas:cadastro"),
                {"nome": f"P{i}", "email": f"p{i}@exemplo.com.br", "senha": "uma-senha-boa-42"},
            )
            client.post(reverse("contas:sair"))
        resposta = client.post(
            reverse("contas:cadastro"),
            {"nome": "Terceira", "email": "p3@exemplo.com.br", "senha": "uma-senha-boa-42"},
        )
    assert resposta.status_code == 429
    assert not Usuario.objects.filter(email="p3@exemplo.com.br").exists()
