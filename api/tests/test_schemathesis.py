"""Schemathesis contra a API de verdade (a aplicação WSGI, com o banco de teste): para cada
operação do esquema OpenAPI, exemplos gerados — válidos e inválidos — não podem dar 5xx e as
respostas (status, tipo de conteúdo e corpo) têm de bater com o esquema.

Fica de fora a checagem "todo pedido válido pelo esquema é aceito": regras que dependem de
outro campo (e-mail obrigatório só quando invite_type=email) e do estado do banco (o código
certo do grupo) não cabem no esquema, e recusá-las com 400/404 é o comportamento certo."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework_simplejwt.tokens import RefreshToken
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from contas.tests.factories import UsuarioFactory
from grupos.tests.factories import GrupoFactory

esquema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
CHECAGENS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def sem_fechar_conexoes():
    """Como o Client de teste do Django: a aplicação WSGI, chamada direto, fecharia a conexão do
    teste (que está dentro de uma transação) ao começar e ao terminar cada requisição."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def cabecalhos(db, settings, sem_fechar_conexoes):
    # O usuário de teste tem limites altos: o objetivo aqui é o formato, não o freio de tentativas.
    settings.LIMITE_CODIGO_POR_USUARIO = "100000/m"
    settings.LIMITE_CODIGO_POR_IP = "100000/m"
    settings.LIMITE_CODIGO_FALHAS_SEGUIDAS = 100000
    usuario = UsuarioFactory(is_staff=True)
    GrupoFactory(criador=usuario, privacidade="privado")
    GrupoFactory(privacidade="publico")
    return {"Authorization": f"Bearer {RefreshToken.for_user(usuario).access_token}"}


@esquema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_api_segue_o_proprio_esquema(case, cabecalhos):
    case.call_and_validate(headers=cabecalhos, checks=CHECAGENS)
