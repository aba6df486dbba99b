"""O e-mail sai pela fila do banco: nasce na transação da mudança e só o worker o envia."""

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from contas.tests.factories import UsuarioFactory
from grupos.models import Papel, Participacao
from grupos.tests.factories import GrupoFactory, ParticipacaoFactory
from notificacoes.models import Notificacao
from notificacoes.services import notificar
from notificacoes.tasks import enviar_emails_de_notificacoes


class ErroDeProposito(Exception):
    pass


# --- outbox: rollback e commit (o worker usa transações próprias) -----------------------


@pytest.mark.django_db(transaction=True)
def test_rollback_nao_deixa_notificacao_nem_tarefa_nem_email(mailoutbox, drenar_fila):
    ana, bruno = UsuarioFactory(), UsuarioFactory()
    with pytest.raises(ErroDeProposito), transaction.atomic():
        notificar(destinatarios=[ana, bruno], tipo="aviso", texto="Isto nunca aconteceu")
        assert Notificacao.objects.count() == 2  # existia dentro da transação...
        raise ErroDeProposito
    assert not Notificacao.objects.exists()  # ...e sumiu com o rollback
    assert not DBTaskResult.objects.exists()
    drenar_fila()
    assert mailoutbox == []


@pytest.mark.django_db(transaction=True)
def test_worker_envia_um_email_por_destinatario_depois_do_commit(mailoutbox, drenar_fila, site_url):
    ana = UsuarioFactory(nome="Ana Souza", email="ana@exemplo.com.br")
    bruno = UsuarioFactory(nome="Bruno Lima", email="bruno@exemplo.com.br")
    carla = UsuarioFactory(nome="Carla Dias", email="carla@exemplo.com.br")
    texto = "Você agora é administrador do grupo “Cálculo I”."
    criadas = notificar(destinatarios=[ana, bruno, carla], tipo="promovido", texto=texto, link="/grupos/abc/")
    assert mailoutbox == []  # nada sai sem o worker

    drenar_fila()

    assert sorted(m.to[0] for m in mailoutbox) == [
        "ana@exemplo.com.br",
        "bruno@exemplo.com.br",
        "carla@exemplo.com.br",
    ]
    assert all(len(m.to) == 1 for m in mailoutbox)
    para_ana = next(m for m in mailoutbox if m.to == ["ana@exemplo.com.br"])
    assert para_ana.subject == f"Ponto.School: {texto}"
    assert para_ana.from_email == settings.DEFAULT_FROM_EMAIL
    assert para_ana.body.startswith("Olá, Ana!")
    assert texto in para_ana.body
    assert f"Veja no site: {site_url}/grupos/abc/" in para_ana.body
    assert "Você recebeu este e-mail porque tem uma conta na Ponto.School." in para_ana.body
    ((html, tipo),) = para_ana.alternatives
    assert tipo == "text/html"
    assert '<html lang="pt-BR">' in html
    assert "Olá, Ana!" in html
    assert "Cálculo I" in html
    assert f'href="{site_url}/grupos/abc/"' in html

    for n in Notificacao.objects.filter(pk__in=[c.pk for c in criadas]):
        assert n.email_enviado_em is not None
        assert n.email_tentativas == 1
        assert n.email_falha == ""
    tarefa = DBTaskResult.objects.get()
    assert tarefa.status == "SUCCESSFUL"
    assert tarefa.return_value == 3


@pytest.mark.django_db(transaction=True)
def test_drenar_a_fila_duas_vezes_nao_envia_duas_vezes(mailoutbox, drenar_fila):
    notificar(destinatarios=[UsuarioFactory(), UsuarioFactory()], tipo="aviso", texto="Uma vez só")
    drenar_fila()
    drenar_fila()
    assert len(mailoutbox) == 2


@pytest.mark.django_db(transaction=True)
def test_tarefa_reenfileirada_nao_repete_emails_ja_enviados(mailoutbox, drenar_fila):
    """Simula o worker que morreu depois de enviar: a mesma tarefa roda de novo."""
    criadas = notificar(destinatarios=[UsuarioFactory(), UsuarioFactory()], tipo="aviso", texto="Oi")
    drenar_fila()
    enviados_em = dict(Notificacao.objects.values_list("pk", "email_enviado_em"))
    enviar_emails_de_notificacoes.enqueue([n.pk for n in criadas])
    drenar_fila()
    assert len(mailoutbox) == 2
    assert dict(Notificacao.objects.values_list("pk", "email_enviado_em")) == enviados_em
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2
    assert list(DBTaskResult.objects.values_list("return_value", flat=True).order_by("enqueued_at")) == [2, 0]


@pytest.mark.django_db(transaction=True)
def test_link_do_email_vem_do_site_url_e_nao_do_host_da_requisicao(
    client, settings, mailoutbox, drenar_fila, site_url
):
    settings.ALLOWED_HOSTS = ["*"]
    dona = UsuarioFactory(nome="Ana Dona")
    grupo = GrupoFactory(criador=dona, nome="Cálculo I")
    bruno = ParticipacaoFactory(grupo=grupo, usuario=UsuarioFactory(email="bruno@exemplo.com.br"))
    client.force_login(dona)

    resposta = client.post(
        reverse("grupos:promover", args=[grupo.uuid, bruno.pk]), HTTP_HOST="atacante.example"
    )
    assert resposta.status_code == 302
    assert Participacao.objects.get(pk=bruno.pk).papel == Papel.ADMINISTRADOR
    drenar_fila()

    (mensagem,) = mailoutbox
    assert mensagem.to == ["bruno@exemplo.com.br"]
    html = mensagem.alternatives[0][0]
    link = f"{site_url}/grupos/{grupo.uuid}/"
    assert link in mensagem.body
    assert f'href="{link}"' in html
    assert "atacante.example" not in mensagem.body
    assert "atacante.example" not in html


# --- a tarefa chamada direto (síncrona) --------------------------------------------------


@pytest.mark.django_db
def test_tarefa_direta_envia_as_pendentes_e_devolve_quantas_sairam(mailoutbox):
    criadas = notificar(destinatarios=[UsuarioFactory(), UsuarioFactory()], tipo="aviso", texto="Oi")
    ids = [n.pk for n in criadas]
    assert enviar_emails_de_notificacoes.call(ids) == 2
    assert len(mailoutbox) == 2
    assert enviar_emails_de_notificacoes.call(ids) == 0
    assert len(mailoutbox) == 2


@pytest.mark.django_db
def test_tarefa_so_envia_as_notificacoes_pedidas(mailoutbox):
    ana, bruno = UsuarioFactory(), UsuarioFactory()
    (da_ana,) = notificar(destinatarios=[ana], tipo="aviso", texto="Para a Ana")
    notificar(destinatarios=[bruno], tipo="aviso", texto="Para o Bruno")
    assert enviar_emails_de_notificacoes.call([da_ana.pk]) == 1
    assert [m.to for m in mailoutbox] == [[ana.email]]
    assert Notificacao.objects.get(destinatario=bruno).email_enviado_em is None


@pytest.mark.django_db
def test_email_sem_link_nao_mostra_link(mailoutbox, site_url):
    (n,) = notificar(destinatarios=[UsuarioFactory()], tipo="recusada", texto="Sua solicitação foi recusada.")
    enviar_emails_de_notificacoes.call([n.pk])
    (mensagem,) = mailoutbox
    assert "Sua solicitação foi recusada." in mensagem.body
    assert "Veja no site" not in mensagem.body
    assert site_url not in mensagem.body
    assert "Ver no site" not in mensagem.alternatives[0][0]


@pytest.mark.django_db
def test_html_do_email_escapa_o_texto_e_o_texto_puro_nao(mailoutbox):
    (n,) = notificar(destinatarios=[UsuarioFactory()], tipo="aviso", texto='Grupo <b>"Física" & cia</b>')
    enviar_emails_de_notificacoes.call([n.pk])
    (mensagem,) = mailoutbox
    html = mensagem.alternatives[0][0]
    assert "<b>" not in html
    assert "&lt;b&gt;&quot;Física&quot; &amp; cia&lt;/b&gt;" in html
    assert 'Grupo <b>"Física" & cia</b>' in mensagem.body
