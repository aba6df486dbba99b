"""Corridas de verdade no PostgreSQL: threads com conexões próprias, soltas por uma barreira."""

import logging
import threading

import pytest

from contas.tests.factories import UsuarioFactory
from grupos import codigos
from grupos.models import GrupoEstudo, Papel, Participacao
from grupos.services import criar_grupo

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PRIMEIRO = "AAAAAAA"


def _primeiro_sorteio_fixo(monkeypatch):
    """Na primeira vez, toda thread sorteia PRIMEIRO; depois, sorteio de verdade."""
    local = threading.local()
    original = codigos.gerar_string_aleatoria

    def sorteio(comprimento, caracteres):
        if not getattr(local, "ja_sorteou", False):
            local.ja_sorteou = True
            return PRIMEIRO
        return original(comprimento, caracteres)

    monkeypatch.setattr(codigos, "gerar_string_aleatoria", sorteio)


def _criadores(n):
    return [UsuarioFactory() for _ in range(n)]


def test_criadores_forcados_no_mesmo_primeiro_codigo_recebem_codigos_distintos(corrida, monkeypatch):
    _primeiro_sorteio_fixo(monkeypatch)
    criadores = _criadores(10)

    resultados, erros = corrida(
        10,
        lambda i: (
            criar_grupo(
                criador=criadores[i], nome=f"G{i}", descricao="", privacidade="publico", max_membros=10
            ).codigo_convite
        ),
    )

    assert erros == [None] * 10
    assert len(set(resultados)) == 10
    assert PRIMEIRO in resultados
    assert GrupoEstudo.objects.count() == 10
    assert Participacao.objects.filter(papel=Papel.ADMINISTRADOR).count() == 10


def test_quando_a_consulta_perde_a_corrida_o_indice_unico_decide(corrida, monkeypatch, caplog):
    """Todas as threads acham PRIMEIRO livre (a consulta não vê o INSERT alheio ainda não
    confirmado); o índice único recusa 9 delas, que sorteiam de novo e terminam bem."""
    _primeiro_sorteio_fixo(monkeypatch)
    monkeypatch.setattr(codigos, "codigo_existe", lambda codigo: False)
    criadores = _criadores(10)

    with caplog.at_level(logging.WARNING, logger="grupos.codigos"):
        resultados, erros = corrida(
            10,
            lambda i: (
                criar_grupo(
                    criador=criadores[i], nome=f"G{i}", descricao="", privacidade="publico", max_membros=10
                ).codigo_convite
            ),
        )

    assert erros == [None] * 10
    assert len(set(resultados)) == 10
    assert resultados.count(PRIMEIRO) == 1
    colisoes = [r for r in caplog.records if r.getMessage().startswith("colisão de código no índice único")]
    assert len(colisoes) >= 9


def test_duzentas_criacoes_concorrentes_com_o_gerador_real(corrida):
    threads, por_thread = 16, 13  # 208 grupos
    criadores = _criadores(threads)

    def criar_varios(i):
        return [
            criar_grupo(
                criador=criadores[i], nome=f"T{i}-{j}", descricao="", privacidade="privado", max_membros=5
            ).codigo_convite
            for j in range(por_thread)
        ]

    resultados, erros = corrida(threads, criar_varios)

    assert erros == [None] * threads
    todos = [c for lista in resultados for c in lista]
    assert len(todos) == threads * por_thread
    assert len(set(todos)) == len(todos)
    assert GrupoEstudo.objects.values("codigo_convite").distinct().count() == threads * por_thread
