"""Schemathesis contra a API rodando de verdade (o live_server do pytest-django, por HTTP):
para cada operação do esquema OpenAPI, exemplos gerados — válidos e inválidos — não podem dar
5xx e as respostas (status, tipo de conteúdo e corpo) têm de bater com o esquema.

Fica de fora a checagem "todo pedido válido pelo esquema é aceito": regras que dependem de
outro campo (e-mail obrigatório só quando invite_type=email) e do estado do banco (o código
certo do grupo) não cabem no esquema, e recusá-las com 400/404 é o comportamento certo."""

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
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

CHECAGENS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


# O esquema é o mesmo que /api/v1/schema/ serve (gerado pelo drf-spectacular); os pedidos vão
# por HTTP ao live_server. (O carregamento preguiçoso do Schemathesis não funciona com o pytest 9.)
api = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))


@pytest.fixture
def cabecalhos(transactional_db, settings):
    # O usuário de teste tem limites altos: o objetivo aqui é o formato, não o freio de tentativas.
    settings.LIMITE_CODIGO_POR_USUARIO = "100000/m"
    settings.LIMITE_CODIGO_POR_IP = "100000/m"
    settings.LIMITE_CODIGO_FALHAS_SEGUIDAS = 100000
    settings.LIMITE_ENTRAR_POR_IP = "100000/m"
    settings.LIMITE_ENTRAR_POR_EMAIL = "100000/m"
    usuario = UsuarioFactory(is_staff=True)
    GrupoFactory(criador=usuario, privacidade="privado")
    GrupoFactory(privacidade="publico")
    return {"Authorization": f"Bearer {RefreshToken.for_user(usuario).access_token}"}


@api.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_rodando_segue_o_proprio_esquema(case, cabecalhos, live_server):
    case.call_and_validate(base_url=live_server.url, headers=cabecalhos, checks=CHECAGENS)
