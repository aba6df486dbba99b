"""Idempotency-Key: repetir não cria de novo; outro corpo com a mesma chave é 422."""

import datetime as dt

import pytest
import time_machine
from rest_framework.test import APIClient

from api.models import ChaveIdempotencia
from contas.tests.factories import UsuarioFactory
from grupos.models import GrupoEstudo, ModeloGrupo
from grupos.tests.factories import GrupoFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana():
    return UsuarioFactory(email="ana@exemplo.com.br")


@pytest.fixture
def api(ana):
    cliente = APIClient()
    cliente.force_authenticate(ana)
    return cliente


def _criar_grupo(api, chave, nome="Física"):
    return api.post("/api/v1/groups", {"name": nome}, format="json", HTTP_IDEMPOTENCY_KEY=chave)


def test_repetir_com_a_mesma_chave_devolve_a_primeira_resposta_e_nao_cria_nada(api):
    primeira = _criar_grupo(api, "chave-1")
    segunda = _criar_grupo(api, "chave-1")
    assert primeira.status_code == segunda.status_code == 201
    assert segunda.json() == primeira.json()
    assert segunda["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in primeira
    assert GrupoEstudo.objects.count() == 1


def test_mesma_chave_com_outro_corpo_e_422_e_nao_cria(api):
    _criar_grupo(api, "chave-1", nome="Física")
    resposta = _criar_grupo(api, "chave-1", nome="Química")
    assert resposta.status_code == 422
    assert resposta.json()["code"] == "chave_de_idempotencia_reutilizada"
    assert list(GrupoEstudo.objects.values_list("nome", flat=True)) == ["Física"]


def test_mesma_chave_em_outra_rota_e_422(api):
    _criar_grupo(api, "chave-1")
    resposta = api.post(
        "/api/v1/templates", {"name": "Física"}, format="json", HTTP_IDEMPOTENCY_KEY="chave-1"
    )
    assert resposta.status_code == 422
    assert not ModeloGrupo.objects.exists()


def test_chaves_sao_de_cada_usuario(api):
    _criar_grupo(api, "chave-comum")
    outra = APIClient()
    outra.force_authenticate(UsuarioFactory())
    resposta = _criar_grupo(outra, "chave-comum")
    assert resposta.status_code == 201
    assert "Idempotent-Replayed" not in resposta
    assert GrupoEstudo.objects.count() == 2


def test_sem_chave_cada_pedido_cria(api):
    api.post("/api/v1/groups", {"name": "A"}, format="json")
    api.post("/api/v1/groups", {"name": "A"}, format="json")
    assert GrupoEstudo.objects.count() == 2
    assert not ChaveIdempotencia.objects.exists()


def test_chave_vale_pelo_menos_24_horas_e_depois_expira(api):
    agora = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)
    with time_machine.travel(agora, tick=False):
        _criar_grupo(api, "chave-1")
    with time_machine.travel(agora + dt.timedelta(hours=23, minutes=59), tick=False):
        assert _criar_grupo(api, "chave-1")["Idempotent-Replayed"] == "true"
    assert GrupoEstudo.objects.count() == 1
    with time_machine.travel(agora + dt.timedelta(hours=24, minutes=1), tick=False):
        resposta = _criar_grupo(api, "chave-1")
    assert resposta.status_code == 201 and "Idempotent-Replayed" not in resposta
    assert GrupoEstudo.objects.count() == 2


def test_erro_nao_fica_guardado_e_a_nova_tentativa_roda_de_verdade(api, ana):
    grupo = GrupoFactory(privacidade="publico", max_membros=2)
    from grupos.tests.factories import ParticipacaoFactory

    vaga = ParticipacaoFactory(grupo=grupo)  # cheio
    corpo = {"code": grupo.codigo_convite}
    cheio = api.post("/api/v1/groups/join", corpo, format="json", HTTP_IDEMPOTENCY_KEY="entrar-1")
    assert cheio.status_code == 409
    assert not ChaveIdempotencia.objects.exists()
    vaga.delete()
    entrou = api.post("/api/v1/groups/join", corpo, format="json", HTTP_IDEMPOTENCY_KEY="entrar-1")
    assert entrou.status_code == 200
    assert entrou.json()["status"] == "joined"


@pytest.mark.parametrize("chave", ["", "   ", "x" * 256, "com\tcontrole"])
def test_chave_invalida_e_recusada_com_mensagem(api, chave):
    resposta = _criar_grupo(api, chave)
    assert resposta.status_code == 400
    assert resposta.json()["code"] == "chave_de_idempotencia_invalida"
    assert not GrupoEstudo.objects.exists()


def test_formulario_web_com_duplo_clique_cria_um_grupo(client, ana):
    client.force_login(ana)
    pagina = client.get("/grupos/novo/").content.decode()
    chave = pagina.split('name="chave" value="')[1].split('"')[0]
    dados = {"nome": "Cálculo", "privacidade": "publico", "max_membros": "10", "chave": chave}
    primeira = client.post("/grupos/novo/", dados)
    segunda = client.post("/grupos/novo/", dados)
    assert GrupoEstudo.objects.count() == 1
    assert primeira["Location"] == segunda["Location"] == f"/grupos/{GrupoEstudo.objects.get().uuid}/"


def test_formulario_web_sem_chave_ainda_funciona(client, ana):
    client.force_login(ana)
    client.post("/grupos/novo/", {"nome": "A", "privacidade": "publico", "max_membros": "10"})
    client.post("/grupos/novo/", {"nome": "A", "privacidade": "publico", "max_membros": "10"})
    assert GrupoEstudo.objects.count() == 2


def test_obter_token_tem_freio_contra_forca_bruta(settings):
    settings.LIMITE_ENTRAR_POR_EMAIL = "3/m"
    UsuarioFactory(email="alvo@exemplo.com.br")
    cliente = APIClient()
    with time_machine.travel(dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC), tick=False):
        for _ in range(3):
            assert (
                cliente.post(
                    "/api/v1/auth/token", {"email": "alvo@exemplo.com.br", "password": "x"}, format="json"
                ).status_code
                == 401
            )
        resposta = cliente.post(
            "/api/v1/auth/token", {"email": "alvo@exemplo.com.br", "password": "x"}, format="json"
        )
    assert resposta.status_code == 429
    assert resposta.json()["code"] == "muitas_tentativas"
    assert int(resposta["Retry-After"]) > 0


def test_formulario_antigo_reenviado_com_outros_dados_nao_finge_que_criou(client, ana):
    client.force_login(ana)
    pagina = client.get("/grupos/novo/").content.decode()
    chave = pagina.split('name="chave" value="')[1].split('"')[0]
    client.post(
        "/grupos/novo/", {"nome": "Cálculo", "privacidade": "publico", "max_membros": "10", "chave": chave}
    )
    resposta = client.post(
        "/grupos/novo/", {"nome": "Física", "privacidade": "publico", "max_membros": "10", "chave": chave}
    )
    html = resposta.content.decode()
    assert resposta.status_code == 200
    assert "Este formulário já criou o grupo “Cálculo”" in html
    nova_chave = html.split('name="chave" value="')[1].split('"')[0]
    assert nova_chave != chave
    assert (
        client.post(
            "/grupos/novo/",
            {"nome": "Física", "privacidade": "publico", "max_membros": "10", "chave": nova_chave},
        ).status_code
        == 302
    )
    assert sorted(GrupoEstudo.objects.values_list("nome", flat=True)) == ["Cálculo", "Física"]
