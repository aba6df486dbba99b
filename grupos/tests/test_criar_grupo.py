import logging

import pytest
from django.db import IntegrityError

from contas.tests.factories import UsuarioFactory
from grupos import codigos, services
from grupos.erros import CodigoDeConviteIndisponivel, DadosInvalidos
from grupos.models import GrupoEstudo, Origem, Papel, Participacao, Privacidade
from grupos.services import criar_grupo

pytestmark = pytest.mark.django_db


def _criar(criador, **extra):
    dados = {"nome": "Álgebra Linear", "descricao": "", "privacidade": Privacidade.PUBLICO, "max_membros": 50}
    dados.update(extra)
    return criar_grupo(criador=criador, **dados)


def test_criar_grupo_gera_codigo_e_torna_o_criador_administrador():
    ana = UsuarioFactory()
    grupo = _criar(ana, descricao="  Matrizes  ")
    grupo.refresh_from_db()
    assert len(grupo.codigo_convite) == 7
    assert set(grupo.codigo_convite) <= set(codigos.ALFABETO)
    assert grupo.descricao == "Matrizes"
    p = Participacao.objects.get(grupo=grupo)
    assert (p.usuario, p.papel, p.origem) == (ana, Papel.ADMINISTRADOR, Origem.CRIADOR)


@pytest.mark.parametrize(
    "extra,mensagem",
    [
        ({"nome": "   "}, "Informe o nome do grupo."),
        ({"nome": "x" * 101}, "no máximo 100"),
        ({"privacidade": "secreto"}, "público ou privado"),
        ({"max_membros": 1}, "entre 2 e 500"),
        ({"max_membros": 501}, "entre 2 e 500"),
    ],
)
def test_dados_invalidos_nao_criam_nada(extra, mensagem):
    with pytest.raises(DadosInvalidos) as erro:
        _criar(UsuarioFactory(), **extra)
    assert mensagem in erro.value.mensagem
    assert not GrupoEstudo.objects.exists()
    assert not Participacao.objects.exists()


def test_colisao_no_indice_unico_sorteia_outro_codigo(monkeypatch, settings):
    settings.CODIGO_CONVITE_ALFABETO = "AB"
    existente = _criar(UsuarioFactory())
    outro = "B" * 7 if existente.codigo_convite != "B" * 7 else "A" * 7
    sorteios = iter([existente.codigo_convite, outro])
    monkeypatch.setattr(codigos, "gerar_string_aleatoria", lambda n, c: next(sorteios))
    # Simula a janela da corrida: a consulta diz "livre", mas outro processo já gravou.
    monkeypatch.setattr(codigos, "codigo_existe", lambda codigo: False)

    grupo = _criar(UsuarioFactory(), nome="Segundo")

    assert grupo.codigo_convite == outro
    assert GrupoEstudo.objects.count() == 2
    assert Participacao.objects.filter(grupo=grupo, papel=Papel.ADMINISTRADOR).count() == 1


def test_outra_violacao_de_integridade_nao_e_confundida_com_colisao(monkeypatch):
    monkeypatch.setattr(services, "_validar_dados_do_grupo", lambda **d: (d["nome"], d["descricao"]))
    chamadas = []
    original = codigos.gerar_codigo_unico_grupo

    def contando(**kw):
        chamadas.append(1)
        return original(**kw)

    monkeypatch.setattr(codigos, "gerar_codigo_unico_grupo", contando)
    with pytest.raises(IntegrityError):
        _criar(UsuarioFactory(), max_membros=1)  # viola o CHECK de max_membros, não o do código
    assert len(chamadas) == 1
    assert not GrupoEstudo.objects.exists()


def test_espaco_de_codigos_cheio_levanta_erro_amigavel_e_registra(settings, caplog):
    settings.CODIGO_CONVITE_ALFABETO = "A"  # um único código possível: AAAAAAA
    settings.CODIGO_CONVITE_MAX_TENTATIVAS = 6
    _criar(UsuarioFactory())
    with (
        caplog.at_level(logging.ERROR, logger="grupos.services"),
        pytest.raises(CodigoDeConviteIndisponivel) as erro,
    ):
        _criar(UsuarioFactory(), nome="Sem vaga")
    assert "Nada foi criado" in erro.value.mensagem
    assert GrupoEstudo.objects.count() == 1
    assert any(r.getMessage() == "sem código de convite livre ao criar grupo" for r in caplog.records)


def test_mesmo_limite_vale_para_consultas_e_reinsercoes(monkeypatch, settings):
    """Com a consulta sempre enganada (corrida eterna), a reinserção também para no limite."""
    settings.CODIGO_CONVITE_ALFABETO = "A"
    settings.CODIGO_CONVITE_MAX_TENTATIVAS = 5
    _criar(UsuarioFactory())
    monkeypatch.setattr(codigos, "codigo_existe", lambda codigo: False)
    inseridos = []
    original_create = GrupoEstudo.objects.create

    def create(**kw):
        inseridos.append(kw["codigo_convite"])
        return original_create(**kw)

    monkeypatch.setattr(GrupoEstudo.objects, "create", create)
    with pytest.raises(CodigoDeConviteIndisponivel):
        _criar(UsuarioFactory(), nome="Corrida eterna")
    assert inseridos == ["AAAAAAA"] * 5
