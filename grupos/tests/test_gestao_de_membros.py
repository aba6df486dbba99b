"""O que os administradores fazem na página do grupo: remover, promover, rebaixar, bloquear e
desbloquear membros, trocar, desativar e ativar o código; e qualquer membro pode sair.

Três pessoas: a dona (administradora), um membro e alguém de fora."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from contas.tests.factories import UsuarioFactory
from grupos import services
from grupos.models import Bloqueio, GrupoEstudo, Origem, Papel, Participacao, Privacidade
from grupos.tests.factories import GrupoFactory, ParticipacaoFactory
from notificacoes.models import Notificacao

pytestmark = pytest.mark.django_db

# A mensagem genérica da especificação para código que não leva a um grupo.
CODIGO_INVALIDO = "Código inválido ou grupo não encontrado. Verifique o código e tente novamente."
ULTIMO_ADMIN = "O grupo precisa de pelo menos um administrador. Promova outro membro antes."
ENTRAR = reverse("convites:entrar_por_codigo")


@pytest.fixture
def dona():
    return UsuarioFactory(nome="Ana Dona")


@pytest.fixture
def grupo(dona):
    return GrupoFactory(criador=dona, nome="Física Básica", privacidade=Privacidade.PUBLICO)


@pytest.fixture
def membro(grupo):
    return ParticipacaoFactory(grupo=grupo, usuario=UsuarioFactory(nome="Bruno Membro")).usuario


@pytest.fixture
def estranho():
    return UsuarioFactory(nome="Carla de Fora")


def _p(grupo, usuario) -> Participacao:
    return Participacao.objects.get(grupo=grupo, usuario=usuario)


def _url(nome, grupo, *ids):
    return reverse(f"grupos:{nome}", args=[grupo.uuid, *ids])


def _detalhe(grupo):
    return reverse("grupos:detalhe", args=[grupo.uuid])


def _mensagens(resposta):
    return [str(m) for m in get_messages(resposta.wsgi_request)]


def _cliente(usuario):
    cliente = Client()
    cliente.force_login(usuario)
    return cliente


def _estado():
    """Tudo o que uma ação de gestão pode mudar, em todos os grupos."""
    return (
        sorted(Participacao.objects.values_list("pk", "grupo_id", "usuario_id", "papel")),
        sorted(Bloqueio.objects.values_list("pk", "grupo_id", "usuario_id", "motivo")),
        sorted(GrupoEstudo.objects.values_list("pk", "codigo_convite", "entrada_por_codigo_ativa")),
        Notificacao.objects.count(),
    )


# --- remover ------------------------------------------------------------------------------


def test_administradora_remove_um_membro(client, grupo, dona, membro):
    client.force_login(dona)
    resposta = client.post(_url("remover_membro", grupo, _p(grupo, membro).pk))
    assert resposta.status_code == 302
    assert resposta["Location"] == _detalhe(grupo)
    assert _mensagens(resposta) == ["Membro removido do grupo."]
    assert not Participacao.objects.filter(grupo=grupo, usuario=membro).exists()
    assert _p(grupo, dona).papel == Papel.ADMINISTRADOR
    aviso = Notificacao.objects.get(destinatario=membro)
    assert aviso.tipo == "membro_removido"
    assert "Física Básica" in aviso.texto
    assert _cliente(membro).get(_detalhe(grupo)).status_code == 404


def test_membro_removido_pode_voltar_pelo_codigo(client, grupo, dona, membro):
    _cliente(dona).post(_url("remover_membro", grupo, _p(grupo, membro).pk))
    client.force_login(membro)
    resposta = client.post(ENTRAR, {"codigo": grupo.codigo_convite})
    assert resposta["Location"] == _detalhe(grupo)
    assert _p(grupo, membro).origem == Origem.CODIGO


def test_administradora_nao_se_remove_pelo_botao_de_remover(client, grupo, dona, membro):
    client.force_login(dona)
    estado = _estado()
    resposta = client.post(_url("remover_membro", grupo, _p(grupo, dona).pk))
    assert resposta.status_code == 302
    assert resposta["Location"] == _detalhe(grupo)
    assert _mensagens(resposta) == ["Para sair do grupo, use “Sair do grupo”."]
    assert _estado() == estado


def test_administradora_remove_outro_administrador(client, grupo, dona, membro):
    services.alterar_papel(
        admin=dona, grupo=grupo, participacao_id=_p(grupo, membro).pk, papel=Papel.ADMINISTRADOR
    )
    client.force_login(dona)
    client.post(_url("remover_membro", grupo, _p(grupo, membro).pk))
    assert not Participacao.objects.filter(grupo=grupo, usuario=membro).exists()
    assert _p(grupo, dona).papel == Papel.ADMINISTRADOR


# --- promover e rebaixar ---------------------------------------------------------------------


def test_administradora_promove_um_membro(client, grupo, dona, membro):
    client.force_login(dona)
    resposta = client.post(_url("promover", grupo, _p(grupo, membro).pk))
    assert resposta.status_code == 302
    assert resposta["Location"] == _detalhe(grupo)
    assert _mensagens(resposta) == ["Membro promovido a administrador."]
    assert _p(grupo, membro).papel == Papel.ADMINISTRADOR
    assert Notificacao.objects.get(destinatario=membro).tipo == "promovido"
    html = _cliente(membro).get(_detalhe(grupo)).content.decode()
    assert "Você: administrador" in html
    assert "Bloqueados" in html


def test_administradora_rebaixa_outro_administrador(client, grupo, dona, membro):
    client.force_login(dona)
    client.post(_url("promover", grupo, _p(grupo, membro).pk))
    resposta = client.post(_url("rebaixar", grupo, _p(grupo, membro).pk))
    assert resposta["Location"] == _detalhe(grupo)
    assert _mensagens(resposta)[-1] == "Administrador rebaixado a membro."
    assert _p(grupo, membro).papel == Papel.MEMBRO
    assert _p(grupo, dona).papel == Papel.ADMINISTRADOR


def test_membro_promovido_pode_agir_como_administrador(client, grupo, dona, membro, estranho):
    ParticipacaoFactory(grupo=grupo, usuario=estranho)
    _cliente(dona).post(_url("promover", grupo, _p(grupo, membro).pk))
    client.force_login(membro)
    client.post(_url("remover_membro", grupo, _p(grupo, estranho).pk))
    assert not Participacao.objects.filter(grupo=grupo, usuario=estranho).exists()


# --- o último administrador ------------------------------------------------------------------


def test_ultima_administradora_nao_pode_sair(client, grupo, dona, membro):
    client.force_login(dona)
    estado = _estado()
    resposta = client.post(_url("sair", grupo))
    assert resposta.status_code == 302
    assert resposta["Location"] == _detalhe(grupo)
    assert _mensagens(resposta) == [
        "Você é o único administrador do grupo. Promova outro membro a administrador antes de sair (ou exclua o grupo)."
    ]
    assert _estado() == estado
    assert _p(grupo, dona).papel == Papel.ADMINISTRADOR


def test_ultima_administradora_nao_pode_se_rebaixar(client, grupo, dona, membro):
    client.force_login(dona)
    estado = _estado()
    resposta = client.post(_url("rebaixar", grupo, _p(grupo, dona).pk))
    assert resposta.status_code == 302
    assert resposta["Location"] == _detalhe(grupo)
    assert _mensagens(resposta) == [ULTIMO_ADMIN]
    assert _estado() == estado


def test_ultima_administradora_sozinha_no_grupo_nao_pode_sair(client, dona):
    sozinha = GrupoFactory(criador=dona)
    client.force_login(dona)
    client.post(_url("sair", sozinha))
    assert _p(sozinha, dona).papel == Papel.ADMINISTRADOR


def test_depois_de_promover_outro_a_administradora_pode_se_rebaixar(client, grupo, dona, membro):
    client.force_login(dona)
    client.post(_url("promover", grupo, _p(grupo, membro).pk))
    resposta = client.post(_url("rebaixar", grupo, _p(grupo, dona).pk))
    assert _mensagens(resposta)[-1] == "Administrador rebaixado a membro."
    assert _p(grupo, dona).papel == Papel.MEMBRO
    assert _p(grupo, membro).papel == Papel.ADMINISTRADOR
    # Agora a última administradora é a outra pessoa, e a regra vale para ela.
    outra = _cliente(membro)
    resposta = outra.post(_url("rebaixar", grupo, _p(grupo, membro).pk))
    assert _mensagens(resposta) == [ULTIMO_ADMIN]
    assert _p(grupo, membro).papel == Papel.ADMINISTRADOR
    assert outra.post(_url("sair", grupo))["Location"] == _detalhe(grupo)
    assert Participacao.objects.filter(grupo=grupo, usuario=membro).exists()


def test_depois_de_promover_outro_a_administradora_pode_sair(client, grupo, dona, membro):
    client.force_login(dona)
    client.post(_url("promover", grupo, _p(grupo, membro).pk), follow=True)
    resposta = client.post(_url("sair", grupo))
    assert resposta.status_code == 302
    assert resposta["Location"] == reverse("grupos:lista")
    assert _mensagens(resposta) == ["Você saiu do grupo “Física Básica”."]
    assert not Participacao.objects.filter(grupo=grupo, usuario=dona).exists()
    assert _p(grupo, membro).papel == Papel.ADMINISTRADOR
    assert client.get(_detalhe(grupo)).status_code == 404


# --- sair ---------------------------------------------------------------------------------


def test_qualquer_membro_pode_sair(client, grupo, dona, membro):
    client.force_login(membro)
    resposta = client.post(_url("sair", grupo))
    assert resposta.status_code == 302
    assert resposta["Location"] == reverse("grupos:lista")
    assert _mensagens(resposta) == ["Você saiu do grupo “Física Básica”."]
    assert not Participacao.objects.filter(grupo=grupo, usuario=membro).exists()
    assert Participacao.objects.filter(grupo=grupo).count() == 1
    assert client.get(_detalhe(grupo)).status_code == 404


def test_quem_nao_e_do_grupo_nao_sai_dele_404(client, grupo, membro, estranho):
    client.force_login(estranho)
    estado = _estado()
    assert client.post(_url("sair", grupo)).status_code == 404
    assert _estado() == estado


# --- bloquear e desbloquear ---------------------------------------------------------------


def test_bloquear_membro_com_motivo_tira_do_grupo_e_aparece_na_lista_de_bloqueados(
    client, grupo, dona, membro
):
    client.force_login(dona)
    resposta = client.post(
        _url("bloquear_membro", grupo, _p(grupo, membro).pk), {"motivo": " Spam no grupo "}
    )
    assert resposta.status_code == 302
    assert resposta["Location"] == _detalhe(grupo)
    assert _mensagens(resposta) == ["Bruno Membro foi removido(a) e bloqueado(a) neste grupo."]
    assert not Participacao.objects.filter(grupo=grupo, usuario=membro).exists()
    bloqueio = Bloqueio.objects.get(grupo=grupo, usuario=membro)
    assert bloqueio.motivo == "Spam no grupo"
    assert bloqueio.bloqueado_por == dona

    html = client.get(_detalhe(grupo)).content.decode()
    secao = html.split('id="titulo-bloqueios"')[1].split("</section>")[0]
    assert "Bruno Membro" in secao
    assert "motivo: Spam no grupo" in secao
    assert "por Ana Dona" in secao
    assert _url("desbloquear", grupo, bloqueio.pk) in secao
    assert "Ninguém bloqueado." not in html


def test_lista_de_bloqueados_nao_aparece_para_membro_comum(client, grupo, dona, membro, estranho):
    services.bloquear_usuario(admin=dona, grupo=grupo, usuario=estranho, motivo="Motivo interno")
    client.force_login(membro)
    html = client.get(_detalhe(grupo)).content.decode()
    assert "Bloqueados" not in html
    assert "Motivo interno" not in html
    assert "Carla de Fora" not in html


def test_membro_bloqueado_nao_volta_pelo_codigo_nem_pelo_link_ate_ser_desbloqueado(
    client, grupo, dona, membro
):
    admin = _cliente(dona)
    admin.post(_url("bloquear_membro", grupo, _p(grupo, membro).pk), {"motivo": "Spam"}, follow=True)
    bloqueio = Bloqueio.objects.get(grupo=grupo, usuario=membro)

    client.force_login(membro)
    estado = _estado()
    pelo_campo = client.post(ENTRAR, {"codigo": grupo.codigo_convite})
    assert pelo_campo.status_code == 404
    assert CODIGO_INVALIDO in pelo_campo.content.decode()
    assert f'value="{grupo.codigo_convite}"' in pelo_campo.content.decode()
    pelo_link = client.get(reverse("convites:link_codigo", args=[grupo.codigo_convite]))
    assert pelo_link.status_code == 404
    assert CODIGO_INVALIDO in pelo_link.content.decode()
    botao = client.post(reverse("convites:entrar_pelo_link", args=[grupo.codigo_convite]))
    assert botao.status_code == 404
    assert _estado() == estado
    assert client.get(_detalhe(grupo)).status_code == 404

    resposta = admin.post(_url("desbloquear", grupo, bloqueio.pk))
    assert resposta["Location"] == _detalhe(grupo)
    assert _mensagens(resposta) == ["Bloqueio removido. A pessoa pode voltar a entrar pelo código."]
    assert not Bloqueio.objects.filter(grupo=grupo, usuario=membro).exists()

    resposta = client.post(ENTRAR, {"codigo": grupo.codigo_convite.lower()})
    assert resposta.status_code == 302
    assert resposta["Location"] == _detalhe(grupo)
    assert _p(grupo, membro).papel == Papel.MEMBRO


def test_administrador_nao_pode_ser_bloqueado_antes_de_ser_rebaixado(client, grupo, dona, membro):
    client.force_login(dona)
    client.post(_url("promover", grupo, _p(grupo, membro).pk), follow=True)
    estado = _estado()
    resposta = client.post(_url("bloquear_membro", grupo, _p(grupo, membro).pk), {"motivo": "x"})
    assert resposta.status_code == 302
    assert _mensagens(resposta) == ["Rebaixe este administrador a membro antes de bloqueá-lo."]
    assert _estado() == estado
    assert _p(grupo, membro).papel == Papel.ADMINISTRADOR
    assert not Bloqueio.objects.exists()

    client.post(_url("rebaixar", grupo, _p(grupo, membro).pk), follow=True)
    client.post(_url("bloquear_membro", grupo, _p(grupo, membro).pk))
    assert Bloqueio.objects.filter(grupo=grupo, usuario=membro).exists()
    assert not Participacao.objects.filter(grupo=grupo, usuario=membro).exists()


def test_administradora_nao_bloqueia_a_si_mesma(client, grupo, dona, membro):
    client.force_login(dona)
    estado = _estado()
    resposta = client.post(_url("bloquear_membro", grupo, _p(grupo, dona).pk))
    assert resposta.status_code == 302
    assert _mensagens(resposta) == ["Você não pode bloquear a si mesmo."]
    assert _estado() == estado


def test_desbloquear_um_bloqueio_que_nao_existe_da_404(client, grupo, dona):
    client.force_login(dona)
    estado = _estado()
    assert client.post(_url("desbloquear", grupo, 999999)).status_code == 404
    assert _estado() == estado


# --- código: desativar, ativar, gerar novo ---------------------------------------------------


def test_desativar_entrada_por_codigo_faz_o_codigo_dar_a_mensagem_generica(
    client, grupo, dona, membro, estranho
):
    admin = _cliente(dona)
    resposta = admin.post(_url("desativar_codigo", grupo))
    assert resposta.status_code == 302
    assert resposta["Location"] == _detalhe(grupo)
    assert _mensagens(resposta) == [
        "Entrada por código desativada. Ninguém entra pelo código até você ativá-la de novo."
    ]
    grupo.refresh_from_db()
    assert grupo.entrada_por_codigo_ativa is False

    html = _cliente(membro).get(_detalhe(grupo)).content.decode()
    assert "A entrada por código está desativada" in html
    html_admin = admin.get(_detalhe(grupo)).content.decode()
    assert "A entrada por código está desativada" in html_admin
    assert _url("ativar_codigo", grupo) in html_admin
    assert _url("desativar_codigo", grupo) not in html_admin

    client.force_login(estranho)
    pelo_campo = client.post(ENTRAR, {"codigo": grupo.codigo_convite})
    assert pelo_campo.status_code == 404
    assert CODIGO_INVALIDO in pelo_campo.content.decode()
    pelo_link = client.get(reverse("convites:link_codigo", args=[grupo.codigo_convite]))
    assert pelo_link.status_code == 404
    assert CODIGO_INVALIDO in pelo_link.content.decode()
    assert "Física Básica" not in pelo_link.content.decode()
    assert client.post(reverse("convites:entrar_pelo_link", args=[grupo.codigo_convite])).status_code == 404
    assert not Participacao.objects.filter(grupo=grupo, usuario=estranho).exists()

    resposta = admin.post(_url("ativar_codigo", grupo))
    assert resposta["Location"] == _detalhe(grupo)
    assert _mensagens(resposta) == ["Entrada por código ativada."]
    grupo.refresh_from_db()
    assert grupo.entrada_por_codigo_ativa is True
    assert (
        "A entrada por código está desativada" not in _cliente(membro).get(_detalhe(grupo)).content.decode()
    )

    assert client.get(reverse("convites:link_codigo", args=[grupo.codigo_convite])).status_code == 200
    resposta = client.post(ENTRAR, {"codigo": grupo.codigo_convite})
    assert resposta["Location"] == _detalhe(grupo)
    assert Participacao.objects.filter(grupo=grupo, usuario=estranho).exists()


def test_desativar_o_codigo_nao_tira_ninguem_do_grupo(client, grupo, dona, membro):
    _cliente(dona).post(_url("desativar_codigo", grupo))
    assert Participacao.objects.filter(grupo=grupo).count() == 2
    assert _cliente(membro).get(_detalhe(grupo)).status_code == 200


def test_gerar_novo_codigo_troca_o_codigo_e_mantem_os_membros(client, grupo, dona, membro):
    antigo = grupo.codigo_convite
    client.force_login(dona)
    resposta = client.post(_url("gerar_novo_codigo", grupo))
    assert resposta["Location"] == _detalhe(grupo)
    grupo.refresh_from_db()
    assert grupo.codigo_convite != antigo
    assert Participacao.objects.filter(grupo=grupo).count() == 2
    html = client.get(_detalhe(grupo)).content.decode()
    assert f"data-codigo>{grupo.codigo_convite}</strong>" in html
    assert antigo not in html


# --- permissões -----------------------------------------------------------------------------


@pytest.fixture
def cenario(grupo, dona, membro):
    """Um segundo membro (alvo das ações) e um bloqueio, para toda ação ter em quem agir."""
    alvo = ParticipacaoFactory(grupo=grupo, usuario=UsuarioFactory(nome="Davi Alvo"))
    bloqueado = UsuarioFactory(nome="Eva Bloqueada")
    bloqueio = services.bloquear_usuario(admin=dona, grupo=grupo, usuario=bloqueado, motivo="x")
    return {
        "remover_membro": (alvo.pk,),
        "promover": (alvo.pk,),
        "rebaixar": (_p(grupo, dona).pk,),
        "bloquear_membro": (alvo.pk,),
        "desbloquear": (bloqueio.pk,),
        "gerar_novo_codigo": (),
        "desativar_codigo": (),
        "ativar_codigo": (),
    }


ACOES_DE_ADMIN = [
    "remover_membro",
    "promover",
    "rebaixar",
    "bloquear_membro",
    "desbloquear",
    "gerar_novo_codigo",
    "desativar_codigo",
    "ativar_codigo",
]


@pytest.mark.parametrize("acao", ACOES_DE_ADMIN)
def test_membro_comum_recebe_403_nas_acoes_de_administrador(client, grupo, membro, cenario, acao):
    if acao == "ativar_codigo":
        GrupoEstudo.objects.filter(pk=grupo.pk).update(entrada_por_codigo_ativa=False)
    client.force_login(membro)
    estado = _estado()
    resposta = client.post(_url(acao, grupo, *cenario[acao]), {"motivo": "tentativa"})
    assert resposta.status_code == 403
    assert _estado() == estado


@pytest.mark.parametrize("acao", ACOES_DE_ADMIN)
def test_quem_e_de_fora_recebe_404_nas_acoes_de_administrador(client, grupo, estranho, cenario, acao):
    if acao == "ativar_codigo":
        GrupoEstudo.objects.filter(pk=grupo.pk).update(entrada_por_codigo_ativa=False)
    client.force_login(estranho)
    estado = _estado()
    resposta = client.post(_url(acao, grupo, *cenario[acao]), {"motivo": "tentativa"})
    assert resposta.status_code == 404
    assert grupo.nome not in resposta.content.decode()
    assert grupo.codigo_convite not in resposta.content.decode()
    assert _estado() == estado


@pytest.mark.parametrize("acao", ACOES_DE_ADMIN)
def test_get_nas_acoes_de_administrador_da_405(client, grupo, dona, cenario, acao):
    client.force_login(dona)
    estado = _estado()
    assert client.get(_url(acao, grupo, *cenario[acao])).status_code == 405
    assert _estado() == estado


def test_get_em_sair_da_405(client, grupo, membro):
    client.force_login(membro)
    assert client.get(_url("sair", grupo)).status_code == 405
    assert Participacao.objects.filter(grupo=grupo, usuario=membro).exists()


@pytest.mark.parametrize("acao", [*ACOES_DE_ADMIN, "sair"])
def test_acoes_exigem_login(client, grupo, cenario, acao):
    estado = _estado()
    resposta = client.post(_url(acao, grupo, *cenario.get(acao, ())))
    assert resposta.status_code == 302
    assert resposta["Location"].startswith(reverse("contas:entrar") + "?next=")
    assert _estado() == estado


@pytest.mark.parametrize("acao", ["remover_membro", "promover", "rebaixar", "bloquear_membro"])
@pytest.mark.parametrize("dona_administra_o_outro", [True, False], ids=["admin-dos-dois", "outro-alheio"])
def test_participacao_de_outro_grupo_na_url_do_meu_grupo_da_404(
    client, grupo, dona, membro, acao, dona_administra_o_outro
):
    criador_do_outro = dona if dona_administra_o_outro else UsuarioFactory(nome="Otávio Outro")
    outro = GrupoFactory(criador=criador_do_outro, nome="Outro Grupo")
    alheio = ParticipacaoFactory(grupo=outro, usuario=UsuarioFactory(nome="Gil Alheio"))
    if acao == "rebaixar":
        Participacao.objects.filter(pk=alheio.pk).update(papel=Papel.ADMINISTRADOR)
    client.force_login(dona)
    estado = _estado()
    resposta = client.post(_url(acao, grupo, alheio.pk), {"motivo": "x"})
    assert resposta.status_code == 404
    assert _estado() == estado
    assert Participacao.objects.filter(pk=alheio.pk, grupo=outro).exists()


@pytest.mark.parametrize("dona_administra_o_outro", [True, False], ids=["admin-dos-dois", "outro-alheio"])
def test_bloqueio_de_outro_grupo_na_url_do_meu_grupo_da_404(client, grupo, dona, dona_administra_o_outro):
    criador_do_outro = dona if dona_administra_o_outro else UsuarioFactory(nome="Otávio Outro")
    outro = GrupoFactory(criador=criador_do_outro, nome="Outro Grupo")
    bloqueio = services.bloquear_usuario(admin=criador_do_outro, grupo=outro, usuario=UsuarioFactory())
    client.force_login(dona)
    estado = _estado()
    assert client.post(_url("desbloquear", grupo, bloqueio.pk)).status_code == 404
    assert _estado() == estado
    assert Bloqueio.objects.filter(pk=bloqueio.pk, grupo=outro).exists()


def test_administradora_de_um_grupo_e_so_membro_de_outro_recebe_403_no_outro(client, dona, grupo):
    outro = GrupoFactory(nome="Grupo da Outra")
    ParticipacaoFactory(grupo=outro, usuario=dona)
    vitima = ParticipacaoFactory(grupo=outro)
    client.force_login(dona)
    estado = _estado()
    assert client.post(_url("remover_membro", outro, vitima.pk)).status_code == 403
    assert client.post(_url("gerar_novo_codigo", outro)).status_code == 403
    assert _estado() == estado


def test_remover_membro_exige_csrf(grupo, dona, membro):
    cliente = Client(enforce_csrf_checks=True)
    cliente.force_login(dona)
    estado = _estado()
    assert cliente.post(_url("remover_membro", grupo, _p(grupo, membro).pk)).status_code == 403
    assert cliente.post(_url("desativar_codigo", grupo)).status_code == 403
    assert cliente.post(_url("sair", grupo)).status_code == 403
    assert _estado() == estado


def test_administrador_exclui_o_grupo_confirmando_o_nome_e_os_membros_sao_avisados(client):
    from grupos.models import GrupoEstudo
    from notificacoes.models import Notificacao

    dona = UsuarioFactory()
    grupo = GrupoFactory(criador=dona, nome="Grupo Efêmero")
    outro = ParticipacaoFactory(grupo=grupo).usuario
    client.force_login(dona)
    url = reverse("grupos:excluir", args=[grupo.uuid])
    assert client.get(url).status_code == 405
    client.post(url, {"confirmacao": "nome errado"})
    assert GrupoEstudo.objects.filter(pk=grupo.pk).exists()
    resposta = client.post(url, {"confirmacao": "Grupo Efêmero"})
    assert resposta["Location"] == reverse("grupos:lista")
    assert not GrupoEstudo.objects.filter(pk=grupo.pk).exists()
    assert Notificacao.objects.filter(destinatario=outro, tipo="grupo_excluido").exists()


def test_membro_comum_nao_exclui_o_grupo(client):
    from grupos.models import GrupoEstudo

    grupo = GrupoFactory(nome="Firme")
    membro = ParticipacaoFactory(grupo=grupo).usuario
    client.force_login(membro)
    assert (
        client.post(reverse("grupos:excluir", args=[grupo.uuid]), {"confirmacao": "Firme"}).status_code == 403
    )
    client.force_login(UsuarioFactory())
    assert (
        client.post(reverse("grupos:excluir", args=[grupo.uuid]), {"confirmacao": "Firme"}).status_code == 404
    )
    assert GrupoEstudo.objects.filter(pk=grupo.pk).exists()
