"""Produção: configuração que se recusa a subir incompleta, check --deploy, /saude/ e logs."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory

from pontoschool.ip import ip_do_cliente
from pontoschool.logs import FormatadorChaveValor

RAIZ = Path(__file__).resolve().parents[2]
PRODUCAO = {
    "DEBUG": "false",
    "SECRET_KEY": "uma-chave-longa-e-aleatoria-para-o-teste-" + "k" * 30,
    "ALLOWED_HOSTS": "grupos.pontoschool.com.br",
    "SITE_URL": "https://grupos.pontoschool.com.br",
    "CSRF_TRUSTED_ORIGINS": "https://grupos.pontoschool.com.br",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "PROXIES_CONFIAVEIS": "1",
}


# Variáveis que a própria suíte põe no ambiente e que um processo de produção nunca teria.
SO_DOS_TESTES = {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "EXIGIR_TODOS_OS_TESTES"}


def _manage(*args, **env):
    ambiente = {k: v for k, v in os.environ.items() if k not in PRODUCAO and k not in SO_DOS_TESTES}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=RAIZ,
        env={**ambiente, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("falta", ["SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL"])
def test_sem_debug_o_site_nao_sobe_sem_o_essencial(falta):
    ambiente = {k: v for k, v in PRODUCAO.items() if k != falta}
    resultado = _manage("check", **ambiente)
    assert resultado.returncode != 0
    assert f"Defina {falta}" in resultado.stderr


def test_check_deploy_passa_com_a_configuracao_de_producao():
    resultado = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCAO)
    assert resultado.returncode == 0, resultado.stdout + resultado.stderr


def test_check_deploy_cobra_redis_em_producao():
    sem_redis = {k: v for k, v in PRODUCAO.items() if k != "REDIS_URL"}
    resultado = _manage("check", "--deploy", **sem_redis)
    assert resultado.returncode != 0
    assert "pontoschool.E001" in resultado.stderr


@pytest.mark.django_db
def test_saude_responde_200_com_o_banco_de_pe(client):
    resposta = client.get("/saude/")
    assert resposta.status_code == 200
    assert resposta.json() == {"status": "ok", "banco": "ok", "redis": "não configurado"}


@pytest.mark.django_db
def test_saude_responde_503_quando_o_redis_configurado_nao_responde(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    resposta = client.get("/saude/")
    assert resposta.status_code == 503
    assert resposta.json()["redis"] == "falhou"


@pytest.mark.django_db
def test_saude_responde_503_quando_o_banco_cai(client, monkeypatch):
    from django.db import connection

    def caiu(*args, **kwargs):
        raise OSError("banco fora do ar")

    monkeypatch.setattr(connection, "cursor", caiu)
    resposta = client.get("/saude/")
    assert resposta.status_code == 503
    assert resposta.json()["banco"] == "falhou"


def test_log_e_uma_linha_chave_valor_com_os_extras():
    registro = logging.makeLogRecord(
        {
            "name": "convites",
            "levelname": "INFO",
            "msg": "convite aceito",
            "usuario": 7,
            "grupo": "a b",
            "obj": object(),
        }
    )
    linha = FormatadorChaveValor().format(registro)
    assert "\n" not in linha
    assert 'msg="convite aceito"' in linha
    assert "usuario=7" in linha and 'grupo="a b"' in linha
    assert "obj=" not in linha


@pytest.mark.parametrize(
    "proxies,remoto,encaminhado,esperado",
    [
        (0, "10.0.0.1", "1.2.3.4", "10.0.0.1"),
        (1, "10.0.0.1", "6.6.6.6, 1.2.3.4", "1.2.3.4"),
        (1, "10.0.0.1", "", "10.0.0.1"),
        (2, "10.0.0.1", "6.6.6.6, 1.2.3.4, 10.0.0.9", "1.2.3.4"),
        (1, "10.0.0.1", "isto-nao-e-ip", "10.0.0.1"),
    ],
)
def test_ip_do_cliente_so_confia_nos_proxies_declarados(settings, proxies, remoto, encaminhado, esperado):
    settings.PROXIES_CONFIAVEIS = proxies
    pedido = RequestFactory().get("/", REMOTE_ADDR=remoto, HTTP_X_FORWARDED_FOR=encaminhado)
    assert ip_do_cliente(pedido) == esperado


def test_log_nao_mostra_token_de_convite_nem_codigo():
    from pontoschool.segredos import ocultar

    linha = "GET /convites/BqYs7KjG2vbv7zmieppcjk2YwYlQeeywj6hsLl7TH0w/aceitar/ e /g/ABCD234/ e /contas/confirmar/MQ/c3x-9f/"
    limpa = ocultar(linha)
    assert "BqYs7KjG2vbv7zmieppcjk2YwYlQeeywj6hsLl7TH0w" not in limpa
    assert "ABCD234" not in limpa and "c3x-9f" not in limpa
    assert "/convites/<token>/aceitar/" in limpa
    assert ocultar("/convites/meus/abc/aceitar/") == "/convites/meus/abc/aceitar/"
    registro = logging.makeLogRecord(
        {
            "name": "django.request",
            "levelname": "WARNING",
            "msg": "Not Found: /convites/" + "x" * 43 + "/",
            "caminho": "/g/ZZZZZZZ/",
        }
    )
    formatado = FormatadorChaveValor().format(registro)
    assert "x" * 43 not in formatado and "ZZZZZZZ" not in formatado


def test_log_de_acesso_do_gunicorn_oculta_o_caminho_do_convite():
    from types import SimpleNamespace

    from gunicorn.config import Config

    from pontoschool.gunicorn_logs import LogSemSegredos

    registro = LogSemSegredos(Config())
    pedido = SimpleNamespace(
        headers=[],
        method="GET",
        path="/convites/BqYs7KjG2vbv7zmieppcjk2YwYlQeeywj6hsLl7TH0w/",
        query="",
        uri="/convites/BqYs7KjG2vbv7zmieppcjk2YwYlQeeywj6hsLl7TH0w/",
        version=(1, 1),
    )
    resposta = SimpleNamespace(status="200 OK", headers=[], response_length=10, sent=10)
    from datetime import timedelta

    atomos = registro.atoms(
        resposta,
        pedido,
        {
            "RAW_URI": pedido.uri,
            "REQUEST_URI": pedido.uri,
            "PATH_INFO": pedido.path,
            "REQUEST_METHOD": "GET",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "QUERY_STRING": "",
        },
        timedelta(milliseconds=5),
    )
    assert "BqYs7" not in atomos["U"]
    assert atomos["U"] == "/convites/<token>/"


@pytest.mark.django_db
def test_get_num_endereco_so_de_post_mostra_pagina_em_portugues(client):
    from contas.tests.factories import UsuarioFactory

    client.force_login(UsuarioFactory())
    resposta = client.get("/grupos/entrar/")
    assert resposta.status_code == 405
    assert "Esta ação não foi concluída" in resposta.content.decode()
    assert resposta["Allow"] == "POST"


@pytest.mark.django_db
def test_405_da_api_continua_em_json(client):
    from contas.tests.factories import UsuarioFactory

    client.force_login(UsuarioFactory())
    resposta = client.get("/api/v1/groups/join")
    assert resposta.status_code == 405
    assert resposta.json()["code"] == "metodo_nao_permitido"


@pytest.mark.django_db
def test_modelo_com_digito_unicode_na_url_nao_quebra(client):
    from contas.tests.factories import UsuarioFactory

    client.force_login(UsuarioFactory())
    for valor in ("²", "١٢", "9" * 40, "-1"):
        assert client.get("/grupos/novo/", {"modelo": valor}).status_code == 200
