"""Convites sob corrida de verdade no PostgreSQL."""

import pytest

from contas.tests.factories import UsuarioFactory
from convites import services
from convites.erros import ConviteInvalido, LimiteDeConvites
from convites.models import Convite, StatusConvite, UsoConvite
from convites.tokens import token_do_convite
from grupos.erros import GrupoCheio
from grupos.models import Participacao
from grupos.tests.factories import GrupoFactory, ParticipacaoFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _convite_por_email(grupo, email):
    (convite,) = services.convidar_por_email(quem=grupo.criador, grupo=grupo, emails=[email]).convites
    return convite, token_do_convite(convite)


def test_dois_aceites_simultaneos_do_mesmo_token_dao_um_membro(corrida):
    grupo = GrupoFactory(privacidade="privado")
    bia = UsuarioFactory(email="bia@exemplo.com.br")
    convite, token = _convite_por_email(grupo, bia.email)

    resultados, erros = corrida(2, lambda i: services.aceitar_convite(usuario=bia, token=token))

    assert Participacao.objects.filter(grupo=grupo, usuario=bia).count() == 1
    assert sum(r is not None for r in resultados) == 1
    assert [type(e) for e in erros if e] == [ConviteInvalido]
    convite.refresh_from_db()
    assert convite.status == StatusConvite.ACEITO
    assert UsoConvite.objects.filter(convite=convite).count() == 1


def test_link_de_um_uso_disputado_por_oito_pessoas(corrida):
    grupo = GrupoFactory(privacidade="privado")
    link = services.criar_link_de_convite(
        admin=grupo.criador, grupo=grupo, papel="membro", validade_dias=7, max_usos=1
    )
    token = token_do_convite(link)
    pessoas = [UsuarioFactory() for _ in range(8)]

    _, erros = corrida(8, lambda i: services.aceitar_convite(usuario=pessoas[i], token=token))

    assert Participacao.objects.filter(grupo=grupo).count() == 2  # criador + 1
    assert sum(isinstance(e, ConviteInvalido) for e in erros) == 7
    link.refresh_from_db()
    assert link.usos == 1


def test_aceite_disputando_com_cancelamento_50_vezes(corrida):
    for rodada in range(50):
        grupo = GrupoFactory(privacidade="privado")
        pessoa = UsuarioFactory(email=f"rodada{rodada}@exemplo.com.br")
        convite, token = _convite_por_email(grupo, pessoa.email)

        def agir(i, grupo=grupo, pessoa=pessoa, convite=convite, token=token):
            if i == 0:
                return services.aceitar_convite(usuario=pessoa, token=token)
            return services.cancelar_convite(admin=grupo.criador, grupo=grupo, convite_uuid=convite.uuid)

        _, erros = corrida(2, agir)

        convite.refresh_from_db()
        membro = Participacao.objects.filter(grupo=grupo, usuario=pessoa).exists()
        assert (convite.status, membro) in {(StatusConvite.ACEITO, True), (StatusConvite.CANCELADO, False)}, (
            rodada
        )
        assert sum(e is not None for e in erros) == 1  # quem chegou depois recebe um erro limpo


def test_convite_e_entrada_por_codigo_disputando_a_ultima_vaga(corrida):
    grupo = GrupoFactory(privacidade="publico", max_membros=3)
    ParticipacaoFactory(grupo=grupo)  # 2 de 3
    convidada = UsuarioFactory(email="convidada@exemplo.com.br")
    _, token = _convite_por_email(grupo, convidada.email)
    pelo_codigo = [UsuarioFactory() for _ in range(3)]

    def agir(i):
        if i == 0:
            return services.aceitar_convite(usuario=convidada, token=token)
        return services.entrar_por_codigo(usuario=pelo_codigo[i - 1], codigo=grupo.codigo_convite)

    _, erros = corrida(4, agir)

    assert Participacao.objects.filter(grupo=grupo).count() == 3
    assert sum(isinstance(e, GrupoCheio) for e in erros) == 3


def test_dois_lotes_perto_do_limite_nao_passam_dele(corrida):
    grupo = GrupoFactory(privacidade="privado", max_membros=10)
    for _ in range(4):
        ParticipacaoFactory(grupo=grupo)  # 5 membros: cabem mais 5
    lotes = [[f"lote{i}-{j}@exemplo.com.br" for j in range(3)] for i in range(2)]

    resultados, erros = corrida(
        2, lambda i: services.convidar_por_email(quem=grupo.criador, grupo=grupo, emails=lotes[i])
    )

    assert sum(r is not None for r in resultados) == 1
    (erro,) = [e for e in erros if e]
    assert isinstance(erro, LimiteDeConvites)
    assert erro.mensagem == "Só é possível convidar mais 2 pessoas."
    pendentes = Convite.objects.filter(grupo=grupo, status=StatusConvite.PENDENTE).count()
    assert pendentes == 3
    assert Participacao.objects.filter(grupo=grupo).count() + pendentes <= grupo.max_membros
