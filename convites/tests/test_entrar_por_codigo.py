"""Entrar num grupo pelo código: o campo de "Grupos de Estudo" (POST /grupos/entrar/) e o link
compartilhado /g/<CODIGO>/ — com a dona (administradora), um membro e alguém de fora."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from contas.tests.factories import UsuarioFactory
from convites.erros import MENSAGEM_CODIGO_INVALIDO
from convites.models import SolicitacaoParticipacao
from grupos import services as grupos_services
from grupos.codigos import gerar_codigo_unico_grupo
from grupos.models import Bloqueio, GrupoEstudo, Origem, Papel, Participacao, Privacidade
from grupos.tests.factories import GrupoFactory, ParticipacaoFactory
from notificacoes.models import Notificacao
from pontoschool.testes import corpo_sem_csrf

pytestmark = pytest.mark.django_db

ENTRAR = reverse("convites:entrar_por_codigo")


@pytest.fixture
def dona():
    return UsuarioFactory(nome="Ana Dona")


@pytest.fixture
def grupo(dona):
    return GrupoFactory(
        criador=dona, nome="Física Básica", descricao="Cinemática e dinâmica", privacidade=Privacidade.PUBLICO
    )


@pytest.fixture
def privado(dona):
    return GrupoFactory(
        criador=dona, nome="Cálculo I", descricao="Limites e derivadas", privacidade=Privacidade.PRIVADO
    )


@pytest.fixture
def membro(grupo, privado):
    usuario = UsuarioFactory(nome="Bruno Membro")
    ParticipacaoFactory(grupo=grupo, usuario=usuario)
    ParticipacaoFactory(grupo=privado, usuario=usuario)
    return usuario


@pytest.fixture
def estranho():
    return UsuarioFactory(nome="Carla de Fora")


def _detalhe(g):
    return reverse("grupos:detalhe", args=[g.uuid])


def _link(codigo):
    return reverse("convites:link_codigo", args=[codigo])


def _mensagens(resposta):
    return [str(m) for m in get_messages(resposta.wsgi_request)]


def _cliente(usuario):
    cliente = Client()
    cliente.force_login(usuario)
    return cliente


def _contagens():
    return (
        Participacao.objects.count(),
        SolicitacaoParticipacao.objects.count(),
        Notificacao.objects.count(),
        Bloqueio.objects.count(),
    )


def _sem_o_digitado(resposta, digitado):
    """O corpo sem tokens CSRF e sem o texto digitado (que a página devolve no campo)."""
    corpo = corpo_sem_csrf(resposta)
    alvo = f'value="{escape(digitado)}"'
    assert alvo in corpo, "o texto digitado deveria voltar no campo"
    return corpo.replace(alvo, 'value=""')


# --- grupo público --------------------------------------------------------------------


def test_codigo_de_grupo_publico_faz_entrar_como_membro(client, grupo, estranho):
    client.force_login(estranho)
    resposta = client.post(ENTRAR, {"codigo": grupo.codigo_convite})
    assert resposta.status_code == 302
    assert resposta["Location"] == _detalhe(grupo)
    assert _mensagens(resposta) == ["Você entrou no grupo “Física Básica”!"]
    participacao = Participacao.objects.get(grupo=grupo, usuario=estranho)
    assert participacao.origem == Origem.CODIGO
    assert participacao.papel == Papel.MEMBRO
    assert participacao.aprovado_por is None
    pagina = client.get(_detalhe(grupo))
    assert pagina.status_code == 200
    assert "Carla de Fora (você)" in pagina.content.decode()


def test_depois_de_entrar_a_pagina_do_grupo_mostra_a_mensagem_de_sucesso(client, grupo, estranho):
    client.force_login(estranho)
    resposta = client.post(ENTRAR, {"codigo": grupo.codigo_convite}, follow=True)
    assert resposta.redirect_chain == [(_detalhe(grupo), 302)]
    assert "Você entrou no grupo “Física Básica”!" in resposta.content.decode()


@pytest.mark.parametrize(
    "digitar",
    [
        pytest.param(lambda c: c.lower(), id="minusculas"),
        pytest.param(lambda c: f"{c[:3]} {c[3:]}", id="espaco-no-meio"),
        pytest.param(lambda c: f"{c[:2]} {c[2:4]}  {c[4:]}".lower(), id="varios-espacos-minusculas"),
        pytest.param(lambda c: f"{c[:3]}-{c[3:]}", id="hifen"),
        pytest.param(lambda c: f"{c[:3]}-{c[3:]}".lower(), id="hifen-minusculas"),
        pytest.param(lambda c: f"   {c}  ", id="brancos-em-volta"),
        pytest.param(lambda c: f"\t {c.lower()} \n", id="tab-e-quebra-de-linha"),
    ],
)
def test_codigo_digitado_de_outro_jeito_encontra_o_grupo(client, grupo, estranho, digitar):
    client.force_login(estranho)
    resposta = client.post(ENTRAR, {"codigo": digitar(grupo.codigo_convite)})
    assert resposta.status_code == 302
    assert resposta["Location"] == _detalhe(grupo)
    assert Participacao.objects.filter(grupo=grupo, usuario=estranho, origem=Origem.CODIGO).exists()


def test_quem_ja_e_membro_vai_para_o_grupo_com_aviso_e_nada_muda(client, grupo, membro):
    antes = Participacao.objects.get(grupo=grupo, usuario=membro)
    contagens = _contagens()
    client.force_login(membro)
    resposta = client.post(ENTRAR, {"codigo": grupo.codigo_convite.lower()})
    assert resposta.status_code == 302
    assert resposta["Location"] == _detalhe(grupo)
    assert _mensagens(resposta) == ["Você já participa do grupo “Física Básica”."]
    assert _contagens() == contagens
    depois = Participacao.objects.get(grupo=grupo, usuario=membro)
    assert (depois.pk, depois.papel, depois.origem, depois.entrou_em) == (
        antes.pk,
        antes.papel,
        antes.origem,
        antes.entrou_em,
    )


def test_administradora_digitando_o_proprio_codigo_continua_administradora(client, grupo, dona):
    client.force_login(dona)
    resposta = client.post(ENTRAR, {"codigo": grupo.codigo_convite})
    assert resposta["Location"] == _detalhe(grupo)
    assert _mensagens(resposta) == ["Você já participa do grupo “Física Básica”."]
    participacao = Participacao.objects.get(grupo=grupo, usuario=dona)
    assert (participacao.papel, participacao.origem) == (Papel.ADMINISTRADOR, Origem.CRIADOR)


def test_membro_de_grupo_privado_digitando_o_codigo_vai_para_o_grupo(client, privado, membro):
    contagens = _contagens()
    client.force_login(membro)
    resposta = client.post(ENTRAR, {"codigo": privado.codigo_convite})
    assert resposta["Location"] == _detalhe(privado)
    assert _mensagens(resposta) == ["Você já participa do grupo “Cálculo I”."]
    assert _contagens() == contagens


def test_grupo_cheio_explica_com_409_e_ninguem_entra(client, dona, estranho):
    cheio = GrupoFactory(criador=dona, nome="Turma Lotada", max_membros=2)
    ParticipacaoFactory(grupo=cheio)
    contagens = _contagens()
    client.force_login(estranho)
    digitado = cheio.codigo_convite.lower()
    resposta = client.post(ENTRAR, {"codigo": digitado})
    assert resposta.status_code == 409
    html = resposta.content.decode()
    assert "Este grupo já atingiu o limite de membros." in html
    assert f'value="{digitado}"' in html
    assert MENSAGEM_CODIGO_INVALIDO not in html
    assert not Participacao.objects.filter(grupo=cheio, usuario=estranho).exists()
    assert Participacao.objects.filter(grupo=cheio).count() == 2
    assert _contagens() == contagens


def test_grupo_cheio_nao_impede_quem_ja_e_membro_de_ir_para_o_grupo(client, dona):
    cheio = GrupoFactory(criador=dona, nome="Turma Lotada", max_membros=2)
    dentro = ParticipacaoFactory(grupo=cheio).usuario
    client.force_login(dentro)
    resposta = client.post(ENTRAR, {"codigo": cheio.codigo_convite})
    assert resposta.status_code == 302
    assert resposta["Location"] == _detalhe(cheio)
    assert _mensagens(resposta) == ["Você já participa do grupo “Turma Lotada”."]


# --- grupo privado ----------------------------------------------------------------------


def test_codigo_de_grupo_privado_leva_a_previa_sem_criar_nada(client, privado, membro, estranho):
    contagens = _contagens()
    client.force_login(estranho)
    resposta = client.post(ENTRAR, {"codigo": f" {privado.codigo_convite.lower()} "})
    assert resposta.status_code == 302
    assert resposta["Location"] == _link(privado.codigo_convite)
    assert _contagens() == contagens

    previa = client.get(resposta["Location"])
    assert previa.status_code == 200
    html = previa.content.decode()
    assert "Cálculo I" in html
    assert "Limites e derivadas" in html
    assert "2 membros" in html
    assert "Solicitar Participação" in html
    assert reverse("convites:solicitar", args=[privado.codigo_convite]) in html
    assert "O que você quer estudar?" in html
    # Nada do que é só para membros: nem a lista de membros, nem o cartão do código.
    assert "Ana Dona" not in html
    assert "Bruno Membro" not in html
    assert "Membros" not in html
    assert "Código do Grupo:" not in html
    assert "data-codigo" not in html
    assert "Compartilhar Grupo" not in html
    assert _detalhe(privado) not in html
    assert _contagens() == contagens


# --- código inválido: a mesma resposta qualquer que seja o motivo --------------------------


def _preparar_caso(caso, *, dona, estranho):
    """Devolve o texto que `estranho` vai digitar para cair em `caso`."""
    if caso == "desativado":
        g = GrupoFactory(criador=dona, nome="Desativado")
        GrupoEstudo.objects.filter(pk=g.pk).update(entrada_por_codigo_ativa=False)
        return g.codigo_convite
    if caso == "desativado-privado-minusculas":
        g = GrupoFactory(criador=dona, nome="Desativado Privado", privacidade=Privacidade.PRIVADO)
        GrupoEstudo.objects.filter(pk=g.pk).update(entrada_por_codigo_ativa=False)
        return g.codigo_convite.lower()
    if caso == "bloqueado":
        g = GrupoFactory(criador=dona, nome="Bloqueou a Carla")
        grupos_services.bloquear_usuario(admin=dona, grupo=g, usuario=estranho, motivo="spam")
        return g.codigo_convite
    if caso == "bloqueado-privado-com-hifen":
        g = GrupoFactory(criador=dona, nome="Privado que bloqueou", privacidade=Privacidade.PRIVADO)
        grupos_services.bloquear_usuario(admin=dona, grupo=g, usuario=estranho)
        c = g.codigo_convite
        return f"{c[:3]}-{c[3:]}".lower()
    if caso == "desconhecido-minusculas":
        return gerar_codigo_unico_grupo().lower()
    return {
        "curto": "abc",
        "com-zero": "ABCDEF0",
        "s-longo-unicode": "ſſſſſſſ",
        "comprido": "ABCDEFGH",
        "vazio": "",
        "so-espacos": "   ",
        "com-letra-I": "ABCDEFI",
    }[caso]


CASOS_INVALIDOS = [
    "desconhecido-minusculas",
    "curto",
    "com-zero",
    "s-longo-unicode",
    "comprido",
    "vazio",
    "so-espacos",
    "com-letra-I",
    "desativado",
    "desativado-privado-minusculas",
    "bloqueado",
    "bloqueado-privado-com-hifen",
]


@pytest.mark.parametrize("caso", CASOS_INVALIDOS)
def test_codigo_invalido_no_campo_da_a_mesma_resposta_qualquer_que_seja_o_motivo(
    client, grupo, dona, estranho, caso
):
    digitado = _preparar_caso(caso, dona=dona, estranho=estranho)
    client.force_login(estranho)
    referencia_digitada = gerar_codigo_unico_grupo()
    referencia = client.post(ENTRAR, {"codigo": referencia_digitada})
    contagens = _contagens()

    resposta = client.post(ENTRAR, {"codigo": digitado})

    assert resposta.status_code == referencia.status_code == 404
    html = resposta.content.decode()
    assert MENSAGEM_CODIGO_INVALIDO in html
    assert html.count(MENSAGEM_CODIGO_INVALIDO) == 1
    assert 'placeholder="Insira o código do grupo"' in html
    assert _sem_o_digitado(resposta, digitado) == _sem_o_digitado(referencia, referencia_digitada)
    assert _contagens() == contagens
    assert not Participacao.objects.filter(usuario=estranho).exists()


@pytest.mark.parametrize("caso", [c for c in CASOS_INVALIDOS if c not in {"vazio", "so-espacos"}])
def test_codigo_invalido_no_link_da_a_mesma_resposta_qualquer_que_seja_o_motivo(
    client, grupo, dona, estranho, caso
):
    digitado = _preparar_caso(caso, dona=dona, estranho=estranho)
    client.force_login(estranho)
    referencia_digitada = gerar_codigo_unico_grupo()
    referencia = client.get(_link(referencia_digitada))
    contagens = _contagens()

    resposta = client.get(_link(digitado))

    assert resposta.status_code == referencia.status_code == 404
    html = resposta.content.decode()
    assert MENSAGEM_CODIGO_INVALIDO in html
    assert _sem_o_digitado(resposta, digitado) == _sem_o_digitado(referencia, referencia_digitada)
    assert _contagens() == contagens


def test_bloqueado_nao_entra_pelo_botao_do_link(client, grupo, dona, estranho):
    grupos_services.bloquear_usuario(admin=dona, grupo=grupo, usuario=estranho)
    contagens = _contagens()
    client.force_login(estranho)
    resposta = client.post(reverse("convites:entrar_pelo_link", args=[grupo.codigo_convite]))
    assert resposta.status_code == 404
    assert MENSAGEM_CODIGO_INVALIDO in resposta.content.decode()
    assert "Física Básica" not in resposta.content.decode()
    assert _contagens() == contagens


def test_codigo_invalido_nao_mostra_nada_do_grupo(client, dona, estranho):
    g = GrupoFactory(criador=dona, nome="Grupo Secreto Demais", descricao="Descrição secreta")
    grupos_services.bloquear_usuario(admin=dona, grupo=g, usuario=estranho)
    client.force_login(estranho)
    for resposta in (client.post(ENTRAR, {"codigo": g.codigo_convite}), client.get(_link(g.codigo_convite))):
        html = resposta.content.decode()
        assert "Grupo Secreto Demais" not in html
        assert "Descrição secreta" not in html
        assert "bloque" not in html.lower()


# --- código novo ---------------------------------------------------------------------------


def test_depois_de_gerar_novo_codigo_o_antigo_falha_e_o_novo_funciona(client, grupo, dona, estranho):
    antigo = grupo.codigo_convite
    admin = _cliente(dona)
    resposta = admin.post(reverse("grupos:gerar_novo_codigo", args=[grupo.uuid]))
    assert resposta["Location"] == _detalhe(grupo)
    grupo.refresh_from_db()
    novo = grupo.codigo_convite
    assert novo != antigo
    assert _mensagens(resposta) == [f"Novo código gerado: {novo}. O código anterior não funciona mais."]

    client.force_login(estranho)
    pelo_campo = client.post(ENTRAR, {"codigo": antigo})
    assert pelo_campo.status_code == 404
    assert MENSAGEM_CODIGO_INVALIDO in pelo_campo.content.decode()
    pelo_link = client.get(_link(antigo))
    assert pelo_link.status_code == 404
    assert MENSAGEM_CODIGO_INVALIDO in pelo_link.content.decode()
    assert client.post(reverse("convites:entrar_pelo_link", args=[antigo])).status_code == 404
    assert not Participacao.objects.filter(grupo=grupo, usuario=estranho).exists()

    resposta = client.post(ENTRAR, {"codigo": novo.lower()})
    assert resposta["Location"] == _detalhe(grupo)
    assert Participacao.objects.filter(grupo=grupo, usuario=estranho, origem=Origem.CODIGO).exists()
    assert client.get(_link(novo)).status_code == 200


def test_codigo_antigo_falha_mesmo_para_quem_ja_tinha_aberto_o_link(client, grupo, dona, estranho):
    client.force_login(estranho)
    antigo = grupo.codigo_convite
    assert client.get(_link(antigo)).status_code == 200
    grupos_services.gerar_novo_codigo(admin=dona, grupo=grupo)
    assert client.get(_link(antigo)).status_code == 404
    assert client.post(reverse("convites:entrar_pelo_link", args=[antigo])).status_code == 404
    assert not Participacao.objects.filter(grupo=grupo, usuario=estranho).exists()


# --- o link /g/<CODIGO>/ -----------------------------------------------------------------


def test_link_em_minusculas_mostra_a_previa_do_grupo_publico(client, grupo, estranho):
    client.force_login(estranho)
    resposta = client.get(_link(grupo.codigo_convite.lower()))
    assert resposta.status_code == 200
    html = resposta.content.decode()
    assert "Física Básica" in html
    assert "Cinemática e dinâmica" in html
    assert "1 membro" in html
    assert "Entrar no Grupo" in html
    assert reverse("convites:entrar_pelo_link", args=[grupo.codigo_convite]) in html
    assert "Ana Dona" not in html
    assert "Código do Grupo:" not in html


def test_link_em_minusculas_de_grupo_privado_oferece_solicitar(client, privado, estranho):
    client.force_login(estranho)
    resposta = client.get(_link(privado.codigo_convite.lower()))
    assert resposta.status_code == 200
    html = resposta.content.decode()
    assert "Cálculo I" in html and "Limites e derivadas" in html
    assert "1 membro" in html
    assert "Solicitar Participação" in html
    assert "Ana Dona" not in html


@pytest.mark.parametrize(
    "escrever",
    [
        pytest.param(lambda c: f"{c[:3]}-{c[3:]}", id="hifen"),
        pytest.param(lambda c: f"{c[:3]}-{c[3:]}".lower(), id="hifen-minusculas"),
        pytest.param(lambda c: f"{c[:3]} {c[3:]}", id="espaco"),
    ],
)
def test_link_escrito_de_outro_jeito_tambem_encontra_o_grupo(client, privado, estranho, escrever):
    client.force_login(estranho)
    resposta = client.get(_link(escrever(privado.codigo_convite)))
    assert resposta.status_code == 200
    assert "Cálculo I" in resposta.content.decode()
    assert reverse("convites:solicitar", args=[privado.codigo_convite]) in resposta.content.decode()


def test_link_para_quem_ja_e_membro_leva_ao_grupo(client, grupo, membro):
    client.force_login(membro)
    html = client.get(_link(grupo.codigo_convite)).content.decode()
    assert "Você já participa deste grupo." in html
    assert _detalhe(grupo) in html
    assert "Solicitar Participação" not in html


def test_link_de_grupo_publico_cheio_avisa_e_nao_oferece_entrar(client, dona, estranho):
    cheio = GrupoFactory(criador=dona, nome="Turma Lotada", max_membros=2)
    ParticipacaoFactory(grupo=cheio)
    client.force_login(estranho)
    html = client.get(_link(cheio.codigo_convite)).content.decode()
    assert "Este grupo já atingiu o limite de membros." in html
    assert reverse("convites:entrar_pelo_link", args=[cheio.codigo_convite]) not in html


@pytest.mark.parametrize("minusculas", [False, True])
def test_visitante_sem_login_ve_so_links_de_entrar_e_criar_conta_que_voltam_ao_link(
    client, privado, minusculas
):
    codigo = privado.codigo_convite.lower() if minusculas else privado.codigo_convite
    caminho = _link(codigo)
    resposta = client.get(caminho)
    assert resposta.status_code == 200
    html = resposta.content.decode()
    assert f'href="{reverse("contas:entrar")}?next={caminho}"' in html
    assert f'href="{reverse("contas:cadastro")}?next={caminho}"' in html
    assert "Cálculo I" not in html
    assert "Limites e derivadas" not in html
    assert "membro" not in html
    assert privado.codigo_convite not in html.replace(f"next={caminho}", "")
    assert "Solicitar Participação" not in html


def test_visitante_sem_login_nao_distingue_codigo_existente_de_inexistente(client, privado):
    existente = client.get(_link(privado.codigo_convite))
    inexistente_digitado = gerar_codigo_unico_grupo()
    inexistente = client.get(_link(inexistente_digitado))
    assert existente.status_code == inexistente.status_code == 200
    assert corpo_sem_csrf(existente).replace(privado.codigo_convite, "X") == corpo_sem_csrf(
        inexistente
    ).replace(inexistente_digitado, "X")


def test_visitante_que_cria_conta_pelo_link_volta_para_a_previa(client, privado):
    caminho = _link(privado.codigo_convite.lower())
    client.get(caminho)
    resposta = client.post(
        f"{reverse('contas:cadastro')}?next={caminho}",
        {"nome": "Dani Nova", "email": "dani@exemplo.com.br", "senha": "uma-senha-boa-123", "next": caminho},
    )
    assert resposta.status_code == 302
    assert resposta["Location"] == caminho
    previa = client.get(caminho)
    assert previa.status_code == 200
    assert "Cálculo I" in previa.content.decode()
    assert "Solicitar Participação" in previa.content.decode()


def test_visitante_que_entra_pelo_link_volta_para_a_previa(client, grupo, estranho):
    caminho = _link(grupo.codigo_convite)
    resposta = client.post(
        f"{reverse('contas:entrar')}?next={caminho}",
        {"username": estranho.email, "password": "senha-de-teste-123", "next": caminho},
    )
    assert resposta.status_code == 302
    assert resposta["Location"] == caminho
    assert "Física Básica" in client.get(caminho).content.decode()


@pytest.mark.parametrize("qual", ["publico", "privado"])
def test_get_no_link_nunca_cria_participacao_nem_solicitacao(client, grupo, privado, estranho, qual):
    g = grupo if qual == "publico" else privado
    client.force_login(estranho)
    contagens = _contagens()
    for caminho in (_link(g.codigo_convite), _link(g.codigo_convite.lower())):
        assert client.get(caminho).status_code == 200
        assert client.head(caminho).status_code == 200
    assert _contagens() == contagens
    assert not Participacao.objects.filter(grupo=g, usuario=estranho).exists()
    assert not SolicitacaoParticipacao.objects.filter(grupo=g, usuario=estranho).exists()


@pytest.mark.parametrize(
    "nome_url", ["convites:entrar_pelo_link", "convites:solicitar"], ids=["entrar", "solicitar"]
)
def test_get_nas_acoes_do_link_da_405_e_nao_muda_nada(client, grupo, privado, estranho, nome_url):
    client.force_login(estranho)
    contagens = _contagens()
    for g in (grupo, privado):
        assert client.get(reverse(nome_url, args=[g.codigo_convite])).status_code == 405
    assert _contagens() == contagens


def test_get_no_campo_de_codigo_da_405(client, grupo, estranho):
    client.force_login(estranho)
    assert client.get(ENTRAR, {"codigo": grupo.codigo_convite}).status_code == 405
    assert not Participacao.objects.filter(usuario=estranho).exists()


def test_post_no_botao_do_link_entra_no_grupo_publico(client, grupo, estranho):
    client.force_login(estranho)
    resposta = client.post(reverse("convites:entrar_pelo_link", args=[grupo.codigo_convite.lower()]))
    assert resposta.status_code == 302
    assert resposta["Location"] == _detalhe(grupo)
    assert _mensagens(resposta) == ["Você entrou no grupo “Física Básica”!"]
    participacao = Participacao.objects.get(grupo=grupo, usuario=estranho)
    assert (participacao.origem, participacao.papel) == (Origem.CODIGO, Papel.MEMBRO)


def test_post_no_botao_do_link_de_grupo_privado_volta_a_previa_sem_criar_nada(client, privado, estranho):
    client.force_login(estranho)
    contagens = _contagens()
    resposta = client.post(reverse("convites:entrar_pelo_link", args=[privado.codigo_convite]))
    assert resposta.status_code == 302
    assert resposta["Location"] == _link(privado.codigo_convite)
    assert _contagens() == contagens


def test_post_no_botao_do_link_com_grupo_cheio_avisa_e_ninguem_entra(client, dona, estranho):
    cheio = GrupoFactory(criador=dona, nome="Turma Lotada", max_membros=2)
    ParticipacaoFactory(grupo=cheio)
    client.force_login(estranho)
    resposta = client.post(reverse("convites:entrar_pelo_link", args=[cheio.codigo_convite]))
    assert resposta.status_code == 302
    assert resposta["Location"] == _link(cheio.codigo_convite)
    assert _mensagens(resposta) == ["Este grupo já atingiu o limite de membros."]
    assert Participacao.objects.filter(grupo=cheio).count() == 2


def test_post_no_botao_do_link_por_quem_ja_e_membro_nao_muda_nada(client, grupo, membro):
    contagens = _contagens()
    client.force_login(membro)
    resposta = client.post(reverse("convites:entrar_pelo_link", args=[grupo.codigo_convite]))
    assert resposta["Location"] == _detalhe(grupo)
    assert _mensagens(resposta) == ["Você já participa do grupo “Física Básica”."]
    assert _contagens() == contagens


# --- login e CSRF ----------------------------------------------------------------------


def test_entrar_pelo_campo_exige_login(client, grupo):
    resposta = client.post(ENTRAR, {"codigo": grupo.codigo_convite})
    assert resposta.status_code == 302
    assert resposta["Location"].startswith(reverse("contas:entrar") + "?next=")
    assert Participacao.objects.filter(grupo=grupo).count() == 1


def test_entrar_pelo_botao_do_link_exige_login(client, grupo):
    caminho = reverse("convites:entrar_pelo_link", args=[grupo.codigo_convite])
    resposta = client.post(caminho)
    assert resposta.status_code == 302
    assert resposta["Location"].startswith(reverse("contas:entrar") + "?next=")
    assert Participacao.objects.filter(grupo=grupo).count() == 1


def test_entrar_pelo_campo_exige_csrf(grupo, estranho):
    cliente = Client(enforce_csrf_checks=True)
    cliente.force_login(estranho)
    resposta = cliente.post(ENTRAR, {"codigo": grupo.codigo_convite})
    assert resposta.status_code == 403
    assert not Participacao.objects.filter(grupo=grupo, usuario=estranho).exists()

    cliente.get(reverse("grupos:lista"))
    token = cliente.cookies["csrftoken"].value
    resposta = cliente.post(ENTRAR, {"codigo": grupo.codigo_convite, "csrfmiddlewaretoken": token})
    assert resposta.status_code == 302
    assert Participacao.objects.filter(grupo=grupo, usuario=estranho).exists()


def test_entrar_pelo_botao_do_link_exige_csrf(grupo, estranho):
    cliente = Client(enforce_csrf_checks=True)
    cliente.force_login(estranho)
    resposta = cliente.post(reverse("convites:entrar_pelo_link", args=[grupo.codigo_convite]))
    assert resposta.status_code == 403
    assert not Participacao.objects.filter(grupo=grupo, usuario=estranho).exists()


# --- orçamento de consultas --------------------------------------------------------------


def _consultas_para_entrar(grupo) -> int:
    cliente = _cliente(UsuarioFactory())
    with CaptureQueriesContext(connection) as consultas:
        resposta = cliente.post(ENTRAR, {"codigo": grupo.codigo_convite.lower()})
    assert resposta.status_code == 302
    assert resposta["Location"] == _detalhe(grupo)
    return len(consultas)


def test_entrar_pelo_codigo_custa_o_mesmo_numero_de_consultas_com_2_ou_40_membros(dona):
    pequeno = GrupoFactory(criador=dona, max_membros=100)
    ParticipacaoFactory(grupo=pequeno)
    grande = GrupoFactory(criador=dona, max_membros=100)
    for _ in range(39):
        ParticipacaoFactory(grupo=grande)
    assert Participacao.objects.filter(grupo=pequeno).count() == 2
    assert Participacao.objects.filter(grupo=grande).count() == 40

    com_dois = _consultas_para_entrar(pequeno)
    com_quarenta = _consultas_para_entrar(grande)

    assert com_quarenta == com_dois
    assert com_dois <= 20
    assert Participacao.objects.filter(grupo=grande).count() == 41
