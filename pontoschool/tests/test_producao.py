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
