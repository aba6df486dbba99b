"""Limite de tentativas de código: por usuário, por IP, falhas seguidas e cache fora do ar."""

import datetime as dt
import logging

import pytest
import time_machine
from django.urls import reverse

from contas.tests.factories import UsuarioFactory
from convites.models import SolicitacaoParticipacao
from grupos.models import Participacao
from grupos.tests.factories import GrupoFactory

pytestmark = pytest.mark.django_db

INVALIDO = "Código inválido ou grupo não encontrado. Verifique o código e tente novamente."
# Janelas do django-ratelimit são fixas: tempo congelado = o teste nunca cruza a virada do minuto.
INSTANTE = dt.datetime(2026, 11, 24, 12, 0, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _tempo_parado():
    with time_machine.travel(INSTANTE, tick=False):
        yield


@pytest.fixture
def limites(settings):
    settings.LIMITE_CODIGO_POR_USUARIO = "10/m"
    settings.LIMITE_CODIGO_POR_IP = "60/m"
    settings.LIMITE_CODIGO_FALHAS_SEGUIDAS = 100
    return settings


def _entrar(client, codigo, **extra):
    return client.post(reverse("convites:entrar_por_codigo"), {"codigo": codigo}, **extra)


def test_a_tentativa_alem_do_limite_por_usuario_recebe_429_com_retry_after(client, limites):
    client.force_login(UsuarioFactory())
    for i in range(10):
        assert _entrar(client, f"ZZZZZ{'AB'[i % 2]}{i + 2}").status_code == 404
    resposta = _entrar(client, "ZZZZZZZ")
    assert resposta.status_code == 429
    assert int(resposta["Retry-After"]) > 0
    html = resposta.content.decode()
    assert "Muitas tentativas de código" in html
    assert 'value="ZZZZZZZ"' in html


def test_no_limite_nem_um_codigo_certo_passa(client, limites):
    grupo = GrupoFactory(privacidade="publico")
    pessoa = UsuarioFactory()
    client.force_login(pessoa)
    for _ in range(10):
        _entrar(client, "ZZZZZZZ")
    assert _entrar(client, grupo.codigo_convite).status_code == 429
    assert not Participacao.objects.filter(grupo=grupo, usuario=pessoa).exists()


def test_link_do_codigo_tambem_conta(client, limites):
    client.force_login(UsuarioFactory())
    for _ in range(10):
        assert client.get("/g/ZZZZZZZ/").status_code == 404
    resposta = client.get("/g/ZZZZZZZ/")
    assert resposta.status_code == 429
    assert "Retry-After" in resposta


def test_limite_por_ip_vale_entre_contas_diferentes(client, limites):
    limites.LIMITE_CODIGO_POR_IP = "15/m"
    for _ in range(3):
        client.force_login(UsuarioFactory())
        for _ in range(5):
            assert _entrar(client, "ZZZZZZZ").status_code == 404
    client.force_login(UsuarioFactory())
    assert _entrar(client, "ZZZZZZZ").status_code == 429


def test_x_forwarded_for_forjado_nao_zera_a_contagem(client, limites):
    limites.LIMITE_CODIGO_POR_IP = "15/m"
    for n in range(3):
        client.force_login(UsuarioFactory())
        for i in range(5):
            _entrar(client, "ZZZZZZZ", HTTP_X_FORWARDED_FOR=f"10.0.{n}.{i}")
    client.force_login(UsuarioFactory())
    assert _entrar(client, "ZZZZZZZ", HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429


def test_com_proxy_confiavel_vale_o_endereco_que_o_proxy_anotou(client, limites):
    limites.LIMITE_CODIGO_POR_IP = "15/m"
    limites.PROXIES_CONFIAVEIS = 1
    for n in range(3):
        client.force_login(UsuarioFactory())
        for _ in range(5):
            # O cliente forja o começo da lista; o proxy acrescenta o IP real no fim.
            _entrar(client, "ZZZZZZZ", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 198.51.100.7")
    client.force_login(UsuarioFactory())
    assert _entrar(client, "ZZZZZZZ", HTTP_X_FORWARDED_FOR="9.9.9.9, 198.51.100.7").status_code == 429
    # Outro cliente real (outro IP anotado pelo proxy) não é afetado.
    assert _entrar(client, "ZZZZZZZ", HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 404


def test_falhas_seguidas_levam_a_espera_mesmo_abaixo_do_limite_por_minuto(client, limites):
    limites.LIMITE_CODIGO_POR_USUARIO = "1000/m"
    limites.LIMITE_CODIGO_FALHAS_SEGUIDAS = 5
    limites.LIMITE_CODIGO_ESPERA = 900
    grupo = GrupoFactory(privacidade="publico")
    client.force_login(UsuarioFactory())
    for _ in range(5):
        assert _entrar(client, "ZZZZZZZ").status_code == 404
    resposta = _entrar(client, grupo.codigo_convite)
    assert resposta.status_code == 429
    assert resposta["Retry-After"] == "900"
    assert "15 minutos" in resposta.content.decode()
    with time_machine.travel(INSTANTE + dt.timedelta(seconds=901), tick=False):
        assert _entrar(client, grupo.codigo_convite).status_code == 302


def test_um_acerto_zera_as_falhas_seguidas(client, limites):
    limites.LIMITE_CODIGO_POR_USUARIO = "1000/m"
    limites.LIMITE_CODIGO_FALHAS_SEGUIDAS = 5
    grupo = GrupoFactory(privacidade="publico")
    client.force_login(UsuarioFactory())
    for _ in range(4):
        _entrar(client, "ZZZZZZZ")
    assert _entrar(client, grupo.codigo_convite).status_code == 302
    for _ in range(4):
        assert _entrar(client, "ZZZZZZZ").status_code == 404


def test_reabrir_um_codigo_ja_aberto_nao_gasta_tentativa(client, limites):
    limites.LIMITE_CODIGO_POR_USUARIO = "3/m"
    grupo = GrupoFactory(privacidade="privado")
    client.force_login(UsuarioFactory())
    assert _entrar(client, grupo.codigo_convite.lower())["Location"] == f"/g/{grupo.codigo_convite}/"
    for _ in range(5):
        assert client.get(f"/g/{grupo.codigo_convite}/").status_code == 200
    resposta = client.post(f"/g/{grupo.codigo_convite}/solicitar/", {"mensagem": "Redação"})
    assert resposta.status_code == 302
    assert SolicitacaoParticipacao.objects.filter(grupo=grupo).count() == 1


def test_tentativas_limitadas_e_falhas_vao_para_o_log_com_usuario_e_ip(client, limites, caplog):
    limites.LIMITE_CODIGO_POR_USUARIO = "1/m"
    pessoa = UsuarioFactory()
    client.force_login(pessoa)
    with caplog.at_level(logging.WARNING, logger="convites.limites"):
        _entrar(client, "ZZZZZZZ", REMOTE_ADDR="192.0.2.10")
        _entrar(client, "ZZZZZZZ", REMOTE_ADDR="192.0.2.10")
    falha = next(r for r in caplog.records if r.getMessage() == "código inválido tentado")
    limitada = next(r for r in caplog.records if r.getMessage() == "tentativas de código limitadas")
    for registro in (falha, limitada):
        assert registro.usuario == pessoa.pk
        assert registro.ip == "192.0.2.10"


def test_sem_cache_a_tentativa_e_recusada_com_mensagem_clara_e_nada_muda(client, limites, caplog):
    limites.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # ninguém escuta aqui
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    grupo = GrupoFactory(privacidade="publico")
    pessoa = UsuarioFactory()
    client.force_login(pessoa)
    with caplog.at_level(logging.ERROR, logger="convites.limites"):
        resposta = _entrar(client, grupo.codigo_convite)
        link = client.get(f"/g/{grupo.codigo_convite}/")
    assert resposta.status_code == 503
    assert resposta["Retry-After"] == "30"
    assert "Não conseguimos verificar códigos agora" in resposta.content.decode()
    assert link.status_code == 503
    assert not Participacao.objects.filter(grupo=grupo, usuario=pessoa).exists()
    assert any("recusando" in r.getMessage() for r in caplog.records)


def test_mensagem_do_codigo_invalido_e_a_da_especificacao(client, limites):
    client.force_login(UsuarioFactory())
    assert INVALIDO in _entrar(client, "ZZZZZZZ").content.decode()
