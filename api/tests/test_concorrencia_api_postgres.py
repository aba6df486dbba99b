"""Idempotência e códigos de modelo sob corrida real no PostgreSQL."""

import threading

import pytest
from rest_framework.test import APIClient

from contas.tests.factories import UsuarioFactory
from grupos import codigos, services
from grupos.models import GrupoEstudo, ModeloGrupo

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_dois_posts_simultaneos_com_a_mesma_chave_criam_um_grupo(corrida):
    ana = UsuarioFactory()

    def postar(_):
        cliente = APIClient()
        cliente.force_authenticate(ana)
        return cliente.post(
            "/api/v1/groups", {"name": "Física"}, format="json", HTTP_IDEMPOTENCY_KEY="k-unica"
        )

    respostas, erros = corrida(2, postar)

    assert erros == [None, None]
    assert GrupoEstudo.objects.count() == 1
    assert [r.status_code for r in respostas] == [201, 201]
    assert respostas[0].json() == respostas[1].json()
    assert sorted("Idempotent-Replayed" in r for r in respostas) == [False, True]


def test_oito_posts_simultaneos_com_a_mesma_chave_criam_um_grupo(corrida):
    ana = UsuarioFactory()

    def postar(_):
        cliente = APIClient()
        cliente.force_authenticate(ana)
        return cliente.post("/api/v1/groups", {"name": "Química"}, format="json", HTTP_IDEMPOTENCY_KEY="k-8")

    respostas, erros = corrida(8, postar)
    assert erros == [None] * 8
    assert GrupoEstudo.objects.count() == 1
    assert len({r.json()["id"] for r in respostas}) == 1


@pytest.mark.parametrize("escopo", ["USER", "GLOBAL"])
def test_dois_modelos_simultaneos_forcados_no_mesmo_codigo_recebem_codigos_distintos(
    corrida, monkeypatch, escopo
):
    dono = UsuarioFactory(is_staff=True)
    local = threading.local()
    original = codigos.gerar_codigo_de_modelo

    def primeiro_igual(**kwargs):
        if not getattr(local, "ja", False):
            local.ja = True
            return "G-mesmo-codigo" if escopo == "GLOBAL" else "U-mesmo-codigo"
        return original(**kwargs)

    monkeypatch.setattr(codigos, "gerar_codigo_de_modelo", primeiro_igual)

    modelos, erros = corrida(
        2, lambda i: services.criar_modelo(usuario=dono, escopo=escopo, nome=f"Modelo {i}", max_membros=10)
    )

    assert erros == [None, None]
    assert len({m.codigo for m in modelos}) == 2
    assert ModeloGrupo.objects.count() == 2


def test_duplo_clique_no_formulario_web_cria_um_grupo(corrida):
    import uuid

    from django.test import Client

    ana = UsuarioFactory()
    dados = {"nome": "Cálculo", "privacidade": "publico", "max_membros": "10", "chave": str(uuid.uuid4())}

    def clicar(_):
        cliente = Client()
        cliente.force_login(ana)
        return cliente.post("/grupos/novo/", dados)

    respostas, erros = corrida(4, clicar)

    assert erros == [None] * 4
    assert GrupoEstudo.objects.filter(criador=ana).count() == 1
    assert len({r["Location"] for r in respostas}) == 1
