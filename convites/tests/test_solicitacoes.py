"""Pedidos para entrar em grupos privados: pedir, cancelar, pedir de novo, e as decisões dos
administradores (aprovar, recusar, bloquear) — com a dona, um membro e alguém de fora."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from contas.tests.factories import UsuarioFactory
from convites.erros import MENSAGEM_CODIGO_INVALIDO
from convites.models import MENSAGEM_MAX, SolicitacaoParticipacao, StatusSolicitacao
from convites.tests.factories import SolicitacaoFactory
from grupos import services as grupos_services
from grupos.codigos import gerar_codigo_unico_grupo
from grupos.models import Bloqueio, GrupoEstudo, Origem, Papel, Participacao, Privacidade
from grupos.tests.factories import GrupoFactory, ParticipacaoFactory
from notificacoes.models import Notificacao
from pontoschool.testes import corpo_sem_csrf

pytestmark = pytest.mark.django_db

MENSAGEM_GRUPO_CHEIO = "Este grupo já atingiu o limite de membros."


@pytest.fixture
def dona():
    return UsuarioFactory(nome="Ana Dona", email="ana@exemplo.com.br")


@pytest.fixture
def grupo(dona):
    return GrupoFactory(
        criador=dona, nome="Cálculo I", descricao="Limites e derivadas", privacidade=Privacidade.PRIVADO
    )


@pytest.fixture
def membro(grupo):
    return ParticipacaoFactory(grupo=grupo, usuario=UsuarioFactory(nome="Bruno Membro")).usuario


@pytest.fixture
def estranho():
    return UsuarioFactory(nome="Carla de Fora", email="carla@exemplo.com.br")


@pytest.fixture
def pedido(grupo, membro, estranho):
    """Carla pediu para entrar (o membro existe para provar que ele não decide nada)."""
    return SolicitacaoFactory(grupo=grupo, usuario=estranho, mensagem="Quero estudar limites.")


def _detalhe(g):
    return reverse("grupos:detalhe", args=[g.uuid])


def _link(codigo):
    return reverse("convites:link_codigo", args=[codigo])


def _solicitar(g, codigo=None):
    return reverse("convites:solicitar", args=[codigo or g.codigo_convite])


def _acao(nome, g, solicitacao):
    return reverse(f"convites:{nome}", args=[g.uuid, solicitacao.pk])


def _mensagens(resposta):
    return [str(m) for m in get_messages(resposta.wsgi_request)]


def _cliente(usuario):
    cliente = Client()
    cliente.force_login(usuario)
    return cliente


def _estado():
    """Tudo o que uma ação de pedido pode mudar, para provar que nada mudou."""
    return (
        sorted(
            Participacao.objects.values_list("grupo_id", "usuario_id", "papel", "origem", "aprovado_por_id")
        ),
        sorted(
            SolicitacaoParticipacao.objects.values_list("pk", "grupo_id", "usuario_id", "status", "mensagem")
        ),
        sorted(Bloqueio.objects.values_list("grupo_id", "usuario_id", "motivo")),
        Notificacao.objects.count(),
        sorted(GrupoEstudo.objects.values_list("pk", "codigo_convite", "entrada_por_codigo_ativa")),
    )


# --- pedir -------------------------------------------------------------------------------


def test_solicitar_cria_um_pedido_pendente_e_avisa_cada_administrador(client, grupo, dona, membro, estranho):
    segunda_admin = ParticipacaoFactory(
        grupo=grupo, usuario=UsuarioFactory(nome="Dora Admin"), papel=Papel.ADMINISTRADOR
    ).usuario
    client.force_login(estranho)
    resposta = client.post(_solicitar(grupo), {"mensagem": "  Quero estudar limites.  "})

    assert resposta.status_code == 302
    assert resposta["Location"] == _link(grupo.codigo_convite)
    assert _mensagens(resposta) == [
        "Solicitação enviada! Os administradores do grupo vão analisar o seu pedido."
    ]
    solicitacao = SolicitacaoParticipacao.objects.get(grupo=grupo, usuario=estranho)
    assert solicitacao.status == StatusSolicitacao.PENDENTE
    assert solicitacao.mensagem == "Quero estudar limites."
    assert solicitacao.decidida_em is None and solicitacao.decidida_por is None
    assert not Participacao.objects.filter(grupo=grupo, usuario=estranho).exists()

    avisos = Notificacao.objects.filter(tipo="solicitacao_recebida")
    assert sorted(avisos.values_list("destinatario_id", flat=True)) == sorted([dona.pk, segunda_admin.pk])
    for aviso in avisos:
        assert "Carla de Fora" in aviso.texto and "Cálculo I" in aviso.texto
        assert aviso.link == f"/grupos/{grupo.uuid}/#solicitacoes"
        assert aviso.lida_em is None
    assert not Notificacao.objects.filter(destinatario=membro).exists()
    assert not Notificacao.objects.filter(destinatario=estranho).exists()


def test_depois_de_pedir_a_previa_mostra_pendente_e_oferece_cancelar(client, grupo, estranho):
    client.force_login(estranho)
    resposta = client.post(_solicitar(grupo), {"mensagem": ""}, follow=True)
    assert resposta.redirect_chain == [(_link(grupo.codigo_convite), 302)]
    html = resposta.content.decode()
    solicitacao = SolicitacaoParticipacao.objects.get(grupo=grupo, usuario=estranho)
    assert "Solicitação enviada!" in html
    assert "Sua solicitação está pendente." in html
    assert "Cancelar solicitação" in html
    assert reverse("convites:cancelar_solicitacao", args=[solicitacao.pk]) in html
    assert "Solicitar Participação" not in html
    assert solicitacao.mensagem == ""


def test_mensagem_e_opcional(client, grupo, estranho):
    client.force_login(estranho)
    resposta = client.post(_solicitar(grupo))
    assert resposta.status_code == 302
    assert SolicitacaoParticipacao.objects.get(grupo=grupo, usuario=estranho).mensagem == ""


def test_solicitar_pelo_codigo_em_minusculas_funciona_e_volta_ao_link_normalizado(client, grupo, estranho):
    client.force_login(estranho)
    resposta = client.post(_solicitar(grupo, grupo.codigo_convite.lower()), {"mensagem": "Oi"})
    assert resposta["Location"] == _link(grupo.codigo_convite)
    assert SolicitacaoParticipacao.objects.filter(
        grupo=grupo, usuario=estranho, status=StatusSolicitacao.PENDENTE
    ).exists()


def test_segundo_pedido_nao_cria_outro_pendente_nem_outro_aviso(client, grupo, dona, estranho):
    client.force_login(estranho)
    client.post(_solicitar(grupo), {"mensagem": "Primeira"}, follow=True)
    estado = _estado()
    resposta = client.post(_solicitar(grupo), {"mensagem": "Segunda"})
    assert resposta.status_code == 302
    assert resposta["Location"] == _link(grupo.codigo_convite)
    assert _mensagens(resposta) == ["Você já tem uma solicitação pendente para este grupo."]
    assert _estado() == estado
    solicitacao = SolicitacaoParticipacao.objects.get(grupo=grupo, usuario=estranho)
    assert solicitacao.mensagem == "Primeira"
    assert Notificacao.objects.filter(destinatario=dona, tipo="solicitacao_recebida").count() == 1


def test_cancelar_e_pedir_de_novo_cria_um_novo_pendente(client, grupo, dona, estranho):
    client.force_login(estranho)
    client.post(_solicitar(grupo), {"mensagem": "Primeira"}, follow=True)
    primeira = SolicitacaoParticipacao.objects.get(grupo=grupo, usuario=estranho)

    resposta = client.post(reverse("convites:cancelar_solicitacao", args=[primeira.pk]))
    assert resposta.status_code == 302
    assert resposta["Location"] == reverse("grupos:lista")
    assert _mensagens(resposta) == ["Solicitação cancelada."]
    primeira.refresh_from_db()
    assert primeira.status == StatusSolicitacao.CANCELADA
    assert primeira.decidida_em is not None
    previa = client.get(_link(grupo.codigo_convite)).content.decode()
    assert "Solicitar Participação" in previa
    assert "Cancelar solicitação" not in previa

    resposta = client.post(_solicitar(grupo), {"mensagem": "Segunda"})
    assert _mensagens(resposta) == [
        "Solicitação enviada! Os administradores do grupo vão analisar o seu pedido."
    ]
    pendentes = SolicitacaoParticipacao.objects.filter(
        grupo=grupo, usuario=estranho, status=StatusSolicitacao.PENDENTE
    )
    assert pendentes.count() == 1
    assert pendentes.get().pk != primeira.pk
    assert pendentes.get().mensagem == "Segunda"
    assert SolicitacaoParticipacao.objects.filter(grupo=grupo, usuario=estranho).count() == 2
    # Pedir de novo logo depois de cancelar não avisa de novo (freio contra spam); o pedido está
    # no painel do mesmo jeito.
    assert Notificacao.objects.filter(destinatario=dona, tipo="solicitacao_recebida").count() == 1


def test_pedir_cancelar_e_pedir_em_sequencia_nao_vira_spam_de_avisos(client, grupo, dona, estranho, settings):
    settings.AVISO_DE_SOLICITACAO_HORAS = 1
    client.force_login(estranho)
    for _ in range(5):
        client.post(_solicitar(grupo), {"mensagem": "oi"})
        pendente = SolicitacaoParticipacao.objects.get(
            grupo=grupo, usuario=estranho, status=StatusSolicitacao.PENDENTE
        )
        client.post(reverse("convites:cancelar_solicitacao", args=[pendente.pk]))
    assert Notificacao.objects.filter(destinatario=dona, tipo="solicitacao_recebida").count() == 1
    depois = timezone.now() + timedelta(hours=1, minutes=1)
    with time_machine.travel(depois, tick=False):
        client.post(_solicitar(grupo), {"mensagem": "de novo, uma hora depois"})
    assert Notificacao.objects.filter(destinatario=dona, tipo="solicitacao_recebida").count() == 2


def test_cancelar_nao_revela_o_codigo_novo_a_quem_pediu_com_o_antigo(client, grupo, dona, estranho):
    client.force_login(estranho)
    client.post(_solicitar(grupo), {"mensagem": "oi"})
    pedido = SolicitacaoParticipacao.objects.get(grupo=grupo, usuario=estranho)
    antigo = grupo.codigo_convite
    from grupos.services import gerar_novo_codigo

    novo = gerar_novo_codigo(admin=dona, grupo=grupo).codigo_convite
    resposta = client.post(reverse("convites:cancelar_solicitacao", args=[pedido.pk]), follow=True)
    html = resposta.content.decode()
    assert novo not in html and novo.lower() not in html
    assert antigo != novo


def test_ninguem_cancela_o_pedido_de_outra_pessoa(client, pedido, membro, dona):
    for quem in (membro, dona, UsuarioFactory()):
        estado = _estado()
        resposta = _cliente(quem).post(reverse("convites:cancelar_solicitacao", args=[pedido.pk]))
        assert resposta.status_code in (302, 404)
        assert _estado() == estado
        pedido.refresh_from_db()
        assert pedido.status == StatusSolicitacao.PENDENTE


def test_cancelar_um_pedido_ja_decidido_nao_muda_nada(client, pedido, estranho):
    SolicitacaoParticipacao.objects.filter(pk=pedido.pk).update(status=StatusSolicitacao.RECUSADA)
    client.force_login(estranho)
    estado = _estado()
    resposta = client.post(reverse("convites:cancelar_solicitacao", args=[pedido.pk]))
    assert resposta.status_code == 302
    assert _mensagens(resposta) == ["Esta solicitação não existe mais ou já foi decidida."]
    assert _estado() == estado


def test_quem_foi_recusado_pode_pedir_de_novo(client, grupo, dona, estranho):
    client.force_login(estranho)
    client.post(_solicitar(grupo), {"mensagem": "Primeira"})
    primeira = SolicitacaoParticipacao.objects.get(grupo=grupo, usuario=estranho)
    _cliente(dona).post(_acao("recusar", grupo, primeira))
    primeira.refresh_from_db()
    assert primeira.status == StatusSolicitacao.RECUSADA

    previa = client.get(_link(grupo.codigo_convite)).content.decode()
    assert "Solicitar Participação" in previa
    resposta = client.post(_solicitar(grupo), {"mensagem": "De novo"})
    assert _mensagens(resposta) == [
        "Solicitação enviada! Os administradores do grupo vão analisar o seu pedido."
    ]
    nova = SolicitacaoParticipacao.objects.get(
        grupo=grupo, usuario=estranho, status=StatusSolicitacao.PENDENTE
    )
    assert nova.pk != primeira.pk and nova.mensagem == "De novo"


def test_mensagem_com_mais_de_500_caracteres_da_400_e_nada_e_criado(client, grupo, estranho):
    client.force_login(estranho)
    estado = _estado()
    resposta = client.post(_solicitar(grupo), {"mensagem": "x" * (MENSAGEM_MAX + 1)})
    assert resposta.status_code == 400
    html = resposta.content.decode()
    assert "500 caracteres" in html
    assert "Solicitar Participação" in html
    assert "Cálculo I" in html
    assert _estado() == estado


def test_mensagem_com_exatamente_500_caracteres_e_aceita(client, grupo, estranho):
    client.force_login(estranho)
    resposta = client.post(_solicitar(grupo), {"mensagem": "x" * MENSAGEM_MAX})
    assert resposta.status_code == 302
    assert SolicitacaoParticipacao.objects.get(grupo=grupo, usuario=estranho).mensagem == "x" * MENSAGEM_MAX


def test_pedido_para_grupo_publico_e_recusado_com_explicacao(client, dona, estranho):
    publico = GrupoFactory(criador=dona, nome="Física", privacidade=Privacidade.PUBLICO)
    client.force_login(estranho)
    estado = _estado()
    resposta = client.post(_solicitar(publico), {"mensagem": "Oi"})
    assert resposta.status_code == 302
    assert resposta["Location"] == _link(publico.codigo_convite)
    assert _mensagens(resposta) == ["Este grupo é público: basta entrar pelo código."]
    assert _estado() == estado


def test_membro_pedindo_para_entrar_recebe_aviso_e_nada_e_criado(client, grupo, membro):
    client.force_login(membro)
    estado = _estado()
    resposta = client.post(_solicitar(grupo), {"mensagem": "Oi"})
    assert resposta.status_code == 302
    assert _mensagens(resposta) == ["Você já participa deste grupo."]
    assert _estado() == estado


def test_administradora_pedindo_para_entrar_recebe_aviso_e_nada_e_criado(client, grupo, dona):
    client.force_login(dona)
    estado = _estado()
    resposta = client.post(_solicitar(grupo))
    assert _mensagens(resposta) == ["Você já participa deste grupo."]
    assert _estado() == estado


def test_bloqueado_pedindo_para_entrar_recebe_a_pagina_de_codigo_invalido(client, grupo, dona, estranho):
    grupos_services.bloquear_usuario(admin=dona, grupo=grupo, usuario=estranho, motivo="spam")
    client.force_login(estranho)
    desconhecido = gerar_codigo_unico_grupo()
    referencia = client.post(_solicitar(grupo, desconhecido), {"mensagem": "Oi"})
    estado = _estado()
    resposta = client.post(_solicitar(grupo), {"mensagem": "Oi"})
    assert resposta.status_code == referencia.status_code == 404
    html = resposta.content.decode()
    assert MENSAGEM_CODIGO_INVALIDO in html
    assert "Cálculo I" not in html
    sem = corpo_sem_csrf(resposta).replace(f'value="{grupo.codigo_convite}"', 'value=""')
    ref = corpo_sem_csrf(referencia).replace(f'value="{desconhecido}"', 'value=""')
    assert sem == ref
    assert _estado() == estado


def test_pedido_com_codigo_invalido_ou_desativado_recebe_a_pagina_de_codigo_invalido(client, grupo, estranho):
    client.force_login(estranho)
    estado = _estado()
    for codigo in ("abc", gerar_codigo_unico_grupo()):
        resposta = client.post(_solicitar(grupo, codigo), {"mensagem": "Oi"})
        assert resposta.status_code == 404
        assert MENSAGEM_CODIGO_INVALIDO in resposta.content.decode()
        assert f'value="{escape(codigo)}"' in resposta.content.decode()
    GrupoEstudo.objects.filter(pk=grupo.pk).update(entrada_por_codigo_ativa=False)
    resposta = client.post(_solicitar(grupo), {"mensagem": "Oi"})
    assert resposta.status_code == 404
    assert MENSAGEM_CODIGO_INVALIDO in resposta.content.decode()
    assert _estado()[:4] == estado[:4]


def test_solicitar_exige_login(client, grupo):
    estado = _estado()
    resposta = client.post(_solicitar(grupo), {"mensagem": "Oi"})
    assert resposta.status_code == 302
    assert resposta["Location"].startswith(reverse("contas:entrar") + "?next=")
    assert _estado() == estado


def test_cancelar_exige_login(client, pedido):
    resposta = client.post(reverse("convites:cancelar_solicitacao", args=[pedido.pk]))
    assert resposta.status_code == 302
    assert resposta["Location"].startswith(reverse("contas:entrar") + "?next=")
    pedido.refresh_from_db()
    assert pedido.status == StatusSolicitacao.PENDENTE


def test_solicitar_exige_csrf(grupo, estranho):
    cliente = Client(enforce_csrf_checks=True)
    cliente.force_login(estranho)
    resposta = cliente.post(_solicitar(grupo), {"mensagem": "Oi"})
    assert resposta.status_code == 403
    assert not SolicitacaoParticipacao.objects.exists()


# --- aprovar -----------------------------------------------------------------------------


def test_aprovar_torna_membro_com_origem_solicitacao_e_avisa(client, grupo, dona, pedido, estranho):
    client.force_login(dona)
    resposta = client.post(_acao("aprovar", grupo, pedido))
    assert resposta.status_code == 302
    assert resposta["Location"] == _detalhe(grupo)
    assert _mensagens(resposta) == ["Carla de Fora agora é membro do grupo."]

    participacao = Participacao.objects.get(grupo=grupo, usuario=estranho)
    assert participacao.origem == Origem.SOLICITACAO
    assert participacao.aprovado_por == dona
    assert participacao.papel == Papel.MEMBRO
    pedido.refresh_from_db()
    assert pedido.status == StatusSolicitacao.APROVADA
    assert pedido.decidida_por == dona
    assert pedido.decidida_em is not None
    aviso = Notificacao.objects.get(destinatario=estranho)
    assert aviso.tipo == "solicitacao_aprovada"
    assert "Cálculo I" in aviso.texto
    assert aviso.link == _detalhe(grupo)

    html = client.get(_detalhe(grupo)).content.decode()
    assert "Solicitação aprovada por Ana Dona" in html
    assert "Nenhuma solicitação pendente." in html

    visto_pela_carla = _cliente(estranho).get(_detalhe(grupo))
    assert visto_pela_carla.status_code == 200
    assert "Solicitação aprovada por" not in visto_pela_carla.content.decode()


def test_aprovar_com_grupo_cheio_avisa_e_o_pedido_continua_pendente(client, dona, estranho):
    cheio = GrupoFactory(criador=dona, nome="Lotado", privacidade=Privacidade.PRIVADO, max_membros=2)
    ParticipacaoFactory(grupo=cheio)
    pedido = SolicitacaoFactory(grupo=cheio, usuario=estranho)
    estado = _estado()
    client.force_login(dona)
    resposta = client.post(_acao("aprovar", cheio, pedido))
    assert resposta.status_code == 302
    assert resposta["Location"] == _detalhe(cheio)
    assert _mensagens(resposta) == [MENSAGEM_GRUPO_CHEIO]
    assert _estado() == estado
    pedido.refresh_from_db()
    assert pedido.status == StatusSolicitacao.PENDENTE
    assert pedido.decidida_por is None
    assert not Participacao.objects.filter(grupo=cheio, usuario=estranho).exists()


def test_aprovar_um_pedido_cancelado_da_404_e_nada_muda(client, grupo, dona, pedido):
    SolicitacaoParticipacao.objects.filter(pk=pedido.pk).update(status=StatusSolicitacao.CANCELADA)
    estado = _estado()
    client.force_login(dona)
    assert client.post(_acao("aprovar", grupo, pedido)).status_code == 404
    assert client.post(_acao("recusar", grupo, pedido)).status_code == 404
    assert client.post(_acao("bloquear_solicitante", grupo, pedido)).status_code == 404
    assert _estado() == estado


def test_aprovar_duas_vezes_nao_cria_duas_participacoes(client, grupo, dona, pedido, estranho):
    client.force_login(dona)
    client.post(_acao("aprovar", grupo, pedido))
    estado = _estado()
    assert client.post(_acao("aprovar", grupo, pedido)).status_code == 404
    assert _estado() == estado
    assert Participacao.objects.filter(grupo=grupo, usuario=estranho).count() == 1


# --- recusar e bloquear -----------------------------------------------------------------


def test_recusar_marca_recusada_e_avisa_quem_pediu(client, grupo, dona, pedido, estranho):
    client.force_login(dona)
    resposta = client.post(_acao("recusar", grupo, pedido))
    assert resposta.status_code == 302
    assert resposta["Location"] == _detalhe(grupo)
    assert _mensagens(resposta) == ["Solicitação de Carla de Fora recusada."]
    pedido.refresh_from_db()
    assert pedido.status == StatusSolicitacao.RECUSADA
    assert pedido.decidida_por == dona
    assert pedido.decidida_em is not None
    assert not Participacao.objects.filter(grupo=grupo, usuario=estranho).exists()
    aviso = Notificacao.objects.get(destinatario=estranho)
    assert aviso.tipo == "solicitacao_recusada"
    assert "Cálculo I" in aviso.texto
    assert not Bloqueio.objects.exists()


def test_bloquear_solicitante_recusa_bloqueia_e_ele_so_ve_codigo_invalido(
    client, grupo, dona, pedido, estranho
):
    admin = _cliente(dona)
    resposta = admin.post(_acao("bloquear_solicitante", grupo, pedido), {"motivo": "  Propaganda  "})
    assert resposta.status_code == 302
    assert resposta["Location"] == _detalhe(grupo)
    assert _mensagens(resposta) == ["Solicitação recusada e pessoa bloqueada neste grupo."]
    pedido.refresh_from_db()
    assert pedido.status == StatusSolicitacao.RECUSADA
    assert pedido.decidida_por == dona
    bloqueio = Bloqueio.objects.get(grupo=grupo, usuario=estranho)
    assert bloqueio.motivo == "Propaganda"
    assert bloqueio.bloqueado_por == dona
    assert not Participacao.objects.filter(grupo=grupo, usuario=estranho).exists()
    # Nada diz à pessoa que ela foi bloqueada.
    assert not Notificacao.objects.filter(destinatario=estranho).exists()

    html = admin.get(_detalhe(grupo)).content.decode()
    assert "Bloqueados" in html
    assert "Carla de Fora" in html and "motivo: Propaganda" in html

    client.force_login(estranho)
    estado = _estado()
    pelo_campo = client.post(reverse("convites:entrar_por_codigo"), {"codigo": grupo.codigo_convite.lower()})
    assert pelo_campo.status_code == 404
    assert MENSAGEM_CODIGO_INVALIDO in pelo_campo.content.decode()
    pelo_link = client.get(_link(grupo.codigo_convite))
    assert pelo_link.status_code == 404
    assert MENSAGEM_CODIGO_INVALIDO in pelo_link.content.decode()
    assert "Cálculo I" not in pelo_link.content.decode()
    pedindo = client.post(_solicitar(grupo), {"mensagem": "De novo"})
    assert pedindo.status_code == 404
    assert MENSAGEM_CODIGO_INVALIDO in pedindo.content.decode()
    assert _estado() == estado


def test_depois_de_desbloqueado_o_solicitante_pode_pedir_de_novo(client, grupo, dona, pedido, estranho):
    admin = _cliente(dona)
    admin.post(_acao("bloquear_solicitante", grupo, pedido))
    bloqueio = Bloqueio.objects.get(grupo=grupo, usuario=estranho)
    resposta = admin.post(reverse("grupos:desbloquear", args=[grupo.uuid, bloqueio.pk]))
    assert resposta.status_code == 302
    assert not Bloqueio.objects.filter(pk=bloqueio.pk).exists()

    client.force_login(estranho)
    assert client.get(_link(grupo.codigo_convite)).status_code == 200
    client.post(_solicitar(grupo), {"mensagem": "Desculpa"})
    assert SolicitacaoParticipacao.objects.filter(
        grupo=grupo, usuario=estranho, status=StatusSolicitacao.PENDENTE
    ).exists()


# --- o painel de pendentes ----------------------------------------------------------------


def test_painel_de_pendentes_mostra_nome_email_data_e_mensagem_ao_administrador(client, grupo, dona, pedido):
    client.force_login(dona)
    html = client.get(_detalhe(grupo)).content.decode()
    assert 'id="solicitacoes"' in html
    assert "Solicitações pendentes (1)" in html
    assert "Carla de Fora" in html
    assert "carla@exemplo.com.br" in html
    assert timezone.localtime(pedido.criada_em).strftime("%d/%m/%Y %H:%M") in html
    assert "Quero estudar limites." in html
    assert _acao("aprovar", grupo, pedido) in html
    assert _acao("recusar", grupo, pedido) in html
    assert _acao("bloquear_solicitante", grupo, pedido) in html


def test_painel_de_pendentes_escapa_a_mensagem(client, grupo, dona, estranho):
    SolicitacaoFactory(grupo=grupo, usuario=estranho, mensagem='<script>alert("x")</script>')
    client.force_login(dona)
    html = client.get(_detalhe(grupo)).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert escape('<script>alert("x")</script>') in html


def test_painel_de_pendentes_nao_aparece_para_membro_comum(client, grupo, membro, pedido):
    client.force_login(membro)
    resposta = client.get(_detalhe(grupo))
    assert resposta.status_code == 200
    html = resposta.content.decode()
    assert "Solicitações pendentes" not in html
    assert 'id="solicitacoes"' not in html
    assert "carla@exemplo.com.br" not in html
    assert "Carla de Fora" not in html
    assert "Quero estudar limites." not in html
    assert _acao("aprovar", grupo, pedido) not in html


def test_painel_mostra_so_os_pendentes_do_proprio_grupo(client, grupo, dona, pedido):
    outro = GrupoFactory(criador=dona, nome="Outro", privacidade=Privacidade.PRIVADO)
    alheio = SolicitacaoFactory(grupo=outro, usuario=UsuarioFactory(nome="Eva Alheia"))
    decidido = SolicitacaoFactory(grupo=grupo, usuario=UsuarioFactory(nome="Fábio Decidido"))
    SolicitacaoParticipacao.objects.filter(pk=decidido.pk).update(status=StatusSolicitacao.RECUSADA)
    client.force_login(dona)
    html = client.get(_detalhe(grupo)).content.decode()
    assert "Carla de Fora" in html
    assert "Eva Alheia" not in html
    assert "Fábio Decidido" not in html
    assert _acao("aprovar", grupo, alheio) not in html


# --- permissões ----------------------------------------------------------------------------

ACOES = ["aprovar", "recusar", "bloquear_solicitante"]


@pytest.mark.parametrize("acao", ACOES)
def test_membro_comum_nao_decide_pedidos(client, grupo, membro, pedido, acao):
    client.force_login(membro)
    estado = _estado()
    resposta = client.post(_acao(acao, grupo, pedido), {"motivo": "x"})
    assert resposta.status_code == 403
    assert _estado() == estado
    pedido.refresh_from_db()
    assert pedido.status == StatusSolicitacao.PENDENTE


@pytest.mark.parametrize("acao", ACOES)
def test_quem_nao_e_do_grupo_recebe_404(client, grupo, pedido, acao):
    intruso = UsuarioFactory(nome="Ivo Intruso")
    client.force_login(intruso)
    estado = _estado()
    resposta = client.post(_acao(acao, grupo, pedido))
    assert resposta.status_code == 404
    assert "Cálculo I" not in resposta.content.decode()
    assert _estado() == estado


@pytest.mark.parametrize("acao", ACOES)
def test_quem_pediu_nao_decide_o_proprio_pedido(client, grupo, pedido, estranho, acao):
    client.force_login(estranho)
    estado = _estado()
    assert client.post(_acao(acao, grupo, pedido)).status_code == 404
    assert _estado() == estado


@pytest.mark.parametrize("acao", ACOES)
@pytest.mark.parametrize("dona_administra_o_outro", [True, False], ids=["admin-dos-dois", "outro-alheio"])
def test_pedido_de_outro_grupo_na_url_do_meu_grupo_da_404(client, grupo, dona, acao, dona_administra_o_outro):
    criador_do_outro = dona if dona_administra_o_outro else UsuarioFactory(nome="Otávio Outro")
    outro = GrupoFactory(criador=criador_do_outro, nome="Outro Grupo", privacidade=Privacidade.PRIVADO)
    pedido_alheio = SolicitacaoFactory(grupo=outro)
    meu_pedido = SolicitacaoFactory(grupo=grupo)
    client.force_login(dona)
    estado = _estado()
    url = reverse(f"convites:{acao}", args=[grupo.uuid, pedido_alheio.pk])
    resposta = client.post(url, {"motivo": "x"})
    assert resposta.status_code == 404
    assert _estado() == estado
    pedido_alheio.refresh_from_db()
    meu_pedido.refresh_from_db()
    assert pedido_alheio.status == meu_pedido.status == StatusSolicitacao.PENDENTE
    assert not Participacao.objects.filter(usuario=pedido_alheio.usuario).exists()
    assert not Bloqueio.objects.exists()


@pytest.mark.parametrize("acao", ACOES)
def test_get_nas_decisoes_da_405(client, grupo, dona, pedido, acao):
    client.force_login(dona)
    estado = _estado()
    assert client.get(_acao(acao, grupo, pedido)).status_code == 405
    assert _estado() == estado


def test_get_em_cancelar_da_405(client, pedido, estranho):
    client.force_login(estranho)
    assert client.get(reverse("convites:cancelar_solicitacao", args=[pedido.pk])).status_code == 405
    pedido.refresh_from_db()
    assert pedido.status == StatusSolicitacao.PENDENTE


@pytest.mark.parametrize("acao", ACOES)
def test_decidir_pedidos_exige_login(client, grupo, pedido, acao):
    estado = _estado()
    for metodo in (client.post, client.get):
        resposta = metodo(_acao(acao, grupo, pedido))
        assert resposta.status_code == 302
        assert resposta["Location"].startswith(reverse("contas:entrar") + "?next=")
    assert _estado() == estado


def test_aprovar_exige_csrf(grupo, dona, pedido, estranho):
    cliente = Client(enforce_csrf_checks=True)
    cliente.force_login(dona)
    estado = _estado()
    assert cliente.post(_acao("aprovar", grupo, pedido)).status_code == 403
    assert cliente.post(_acao("recusar", grupo, pedido)).status_code == 403
    assert cliente.post(_acao("bloquear_solicitante", grupo, pedido)).status_code == 403
    assert _estado() == estado

    cliente.get(_detalhe(grupo))
    token = cliente.cookies["csrftoken"].value
    resposta = cliente.post(_acao("aprovar", grupo, pedido), {"csrfmiddlewaretoken": token})
    assert resposta.status_code == 302
    assert Participacao.objects.filter(grupo=grupo, usuario=estranho, origem=Origem.SOLICITACAO).exists()


# --- orçamento de consultas ----------------------------------------------------------------


def test_pagina_do_grupo_custa_o_mesmo_com_1_ou_100_pedidos_pendentes(client, grupo, dona):
    SolicitacaoFactory(grupo=grupo)
    client.force_login(dona)
    with CaptureQueriesContext(connection) as com_um:
        resposta = client.get(_detalhe(grupo))
    assert resposta.status_code == 200
    assert "Solicitações pendentes (1)" in resposta.content.decode()

    for _ in range(99):
        SolicitacaoFactory(grupo=grupo)
    with CaptureQueriesContext(connection) as com_cem:
        html = client.get(_detalhe(grupo)).content.decode()
    assert "Solicitações pendentes (100)" in html
    assert html.count('class="membro solicitacao"') == 100
    assert len(com_cem) == len(com_um)
