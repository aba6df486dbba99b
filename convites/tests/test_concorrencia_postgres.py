"""Corridas de verdade no PostgreSQL (threads com conexões próprias, soltas por barreira)."""

import pytest

from contas.tests.factories import UsuarioFactory
from convites import services
from convites.models import SolicitacaoParticipacao, StatusSolicitacao
from grupos.erros import GrupoCheio
from grupos.models import Papel, Participacao
from grupos.tests.factories import GrupoFactory, ParticipacaoFactory
from notificacoes.models import Notificacao

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_mesmo_usuario_enviando_a_entrada_10_vezes_ao_mesmo_tempo_vira_um_membro(corrida):
    grupo = GrupoFactory(privacidade="publico", max_membros=50)
    bruno = UsuarioFactory()

    resultados, erros = corrida(
        10, lambda i: services.entrar_por_codigo(usuario=bruno, codigo=grupo.codigo_convite)
    )

    assert erros == [None] * 10
    assert Participacao.objects.filter(grupo=grupo, usuario=bruno).count() == 1
    situacoes = sorted(r.situacao for r in resultados)
    assert situacoes.count(services.Situacao.ENTROU) == 1
    assert situacoes.count(services.Situacao.JA_MEMBRO) == 9


def test_vinte_pessoas_disputando_as_ultimas_3_vagas(corrida):
    grupo = GrupoFactory(privacidade="publico", max_membros=5)
    ParticipacaoFactory(grupo=grupo)  # 2 membros: sobram 3 vagas
    pessoas = [UsuarioFactory() for _ in range(20)]

    resultados, erros = corrida(
        20, lambda i: services.entrar_por_codigo(usuario=pessoas[i], codigo=grupo.codigo_convite.lower())
    )

    entraram = [r for r in resultados if r is not None and r.situacao == services.Situacao.ENTROU]
    assert len(entraram) == 3
    assert all(isinstance(e, GrupoCheio) for e in erros if e is not None)
    assert sum(e is not None for e in erros) == 17
    assert Participacao.objects.filter(grupo=grupo).count() == 5


def test_dez_pedidos_paralelos_da_mesma_pessoa_viram_uma_solicitacao(corrida):
    grupo = GrupoFactory(privacidade="privado")
    carla = UsuarioFactory()

    resultados, erros = corrida(
        10,
        lambda i: services.solicitar_participacao(
            usuario=carla, codigo=grupo.codigo_convite, mensagem=f"oi {i}"
        ),
    )

    assert erros == [None] * 10
    assert SolicitacaoParticipacao.objects.filter(grupo=grupo, usuario=carla).count() == 1
    assert sum(criou for _, criou in resultados) == 1
    assert len({s.pk for s, _ in resultados}) == 1
    # Os administradores são avisados uma vez, não dez.
    assert Notificacao.objects.filter(tipo="solicitacao_recebida").count() == 1


def test_dois_administradores_aprovando_alem_do_limite_ao_mesmo_tempo(corrida):
    grupo = GrupoFactory(privacidade="privado", max_membros=3)
    admin1 = grupo.criador
    admin2 = ParticipacaoFactory(grupo=grupo, papel=Papel.ADMINISTRADOR).usuario  # 2 de 3 vagas
    pedidos = []
    for _ in range(2):
        pedido, _ = services.solicitar_participacao(usuario=UsuarioFactory(), codigo=grupo.codigo_convite)
        pedidos.append(pedido)
    admins = [admin1, admin2]

    resultados, erros = corrida(
        2, lambda i: services.aprovar_solicitacao(admin=admins[i], grupo=grupo, solicitacao_id=pedidos[i].pk)
    )

    assert sum(r is not None for r in resultados) == 1
    assert [type(e) for e in erros if e is not None] == [GrupoCheio]
    assert Participacao.objects.filter(grupo=grupo).count() == 3
    status = sorted(SolicitacaoParticipacao.objects.filter(grupo=grupo).values_list("status", flat=True))
    assert status == sorted([StatusSolicitacao.APROVADA, StatusSolicitacao.PENDENTE])


def test_aprovacoes_e_entradas_por_codigo_disputando_a_ultima_vaga(corrida):
    """Um grupo público com pedidos antigos (ficou público depois): aprovação e código
    passam pela mesma porta (adicionar_membro) e o limite vale para os dois juntos."""
    grupo = GrupoFactory(privacidade="privado", max_membros=2)
    pedido, _ = services.solicitar_participacao(usuario=UsuarioFactory(), codigo=grupo.codigo_convite)
    grupo.privacidade = "publico"
    grupo.save()
    quem_entra = [UsuarioFactory() for _ in range(5)]

    def agir(i):
        if i == 0:
            return services.aprovar_solicitacao(admin=grupo.criador, grupo=grupo, solicitacao_id=pedido.pk)
        return services.entrar_por_codigo(usuario=quem_entra[i], codigo=grupo.codigo_convite)

    _, erros = corrida(5, agir)

    assert Participacao.objects.filter(grupo=grupo).count() == 2
    assert sum(isinstance(e, GrupoCheio) for e in erros) == 4
