"""O que os testes dos endpoints da API compartilham: as pessoas, um cliente autenticado por
JWT de verdade (o mesmo cabeçalho que o app manda) e a conferência do formato de erro."""

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from contas.tests.factories import UsuarioFactory

SITE_URL_DE_TESTE = "https://app.pontoschool.com.br"


@pytest.fixture
def anonimo():
    return APIClient()


@pytest.fixture
def cliente_de():
    """Um APIClient com `Authorization: Bearer <access>` da pessoa (o token é emitido agora)."""

    def criar(usuario) -> APIClient:
        cliente = APIClient()
        cliente.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(usuario).access_token}")
        return cliente

    return criar


@pytest.fixture
def dona(db):
    return UsuarioFactory(nome="Ana Dona", email="ana@exemplo.com")


@pytest.fixture
def estranho(db):
    return UsuarioFactory(nome="Carla de Fora", email="carla@exemplo.com")


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = SITE_URL_DE_TESTE
    return SITE_URL_DE_TESTE


@pytest.fixture
def confere_erro():
    """Confere status e o corpo {"detail": <pt-BR>, "code": ...}; devolve o corpo."""

    def conferir(resposta, status: int, code: str, detail: str | None = None) -> dict:
        assert resposta.status_code == status, (resposta.status_code, resposta.content)
        assert resposta["Content-Type"].startswith("application/json")
        corpo = resposta.json()
        assert corpo["code"] == code, corpo
        assert isinstance(corpo["detail"], str) and corpo["detail"].strip(), corpo
        if detail is not None:
            assert corpo["detail"] == detail
        return corpo

    return conferir


@pytest.fixture
def confere_validacao(confere_erro):
    """400 de validação: {"detail", "code": "dados_invalidos", "errors": {campo: [mensagens]}}."""

    def conferir(resposta, *campos: str) -> dict:
        corpo = confere_erro(resposta, 400, "dados_invalidos")
        assert isinstance(corpo.get("errors"), dict), corpo
        for campo in campos:
            assert campo in corpo["errors"], corpo
        return corpo

    return conferir
