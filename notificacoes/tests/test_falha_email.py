"""SMTP fora do ar: a falha fica registrada na notificação, nada é desfeito e o e-mail é reagendado."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from contas.tests.factories import UsuarioFactory
from notificacoes.models import Notificacao
from notificacoes.services import notificar
from notificacoes.tasks import enviar_emails_de_notificacoes

from .backend_que_falha import (
    BACKEND_EM_MEMORIA,
    BACKEND_QUE_FALHA,
    BACKEND_QUE_FALHA_PARA_ALGUNS,
    MENSAGEM_DA_FALHA,
)

INSTANTE = datetime(2025, 3, 10, 15, 0, tzinfo=UTC)


@pytest.fixture
def smtp_fora_do_ar(settings):
    settings.EMAIL_BACKEND = BACKEND_QUE_FALHA
    settings.EMAIL_ESPERA_BASE_SEGUNDOS = 60
    settings.EMAIL_MAX_TENTATIVAS = 5


def _tarefas_novas(antes: set) -> list[DBTaskResult]:
    return list(DBTaskResult.objects.exclude(id__in=antes))


def _ids_das_tarefas() -> set:
    return set(DBTaskResult.objects.values_list("id", flat=True))


@pytest.mark.django_db
def test_falha_no_smtp_registra_na_notificacao_loga_e_reagenda(smtp_fora_do_ar, caplog, mailoutbox):
    ana = UsuarioFactory()
    (n,) = notificar(destinatarios=[ana], tipo="aviso", texto="Seu grupo tem novidades", link="/grupos/")
    antes = _ids_das_tarefas()

    with (
        time_machine.travel(INSTANTE, tick=False),
        caplog.at_level(logging.WARNING, logger="notificacoes"),
    ):
        assert enviar_emails_de_notificacoes.call([n.pk]) == 0

    n.refresh_from_db()  # nada foi desfeito: a notificação continua lá, não lida
    assert (n.destinatario, n.texto, n.lida_em) == (ana, "Seu grupo tem novidades", None)
    assert n.email_enviado_em is None
    assert n.email_tentativas == 1
    assert n.email_falha == f"SMTPException: {MENSAGEM_DA_FALHA}"
    assert mailoutbox == []

    (erro,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert erro.name == "notificacoes.envio"
    assert erro.getMessage() == "falha ao enviar e-mail de notificação"
    assert erro.exc_info is not None
    assert (erro.modelo, erro.id, erro.tentativa) == ("notificacoes.Notificacao", n.pk, 1)
    assert not hasattr(erro, "para")  # o endereço não vai para o log

    (nova,) = _tarefas_novas(antes)
    assert nova.status == "READY"
    assert nova.task_path == "notificacoes.tasks.enviar_emails_de_notificacoes"
    assert nova.args_kwargs == {"args": [[n.pk]], "kwargs": {"tentativa": 2}}
    assert nova.run_after == INSTANTE + timedelta(seconds=60)  # um minuto depois da falha


@pytest.mark.django_db
@pytest.mark.parametrize("tentativa,espera", [(1, 60), (2, 300), (3, 1500), (4, 7500)])
def test_espera_antes_de_nova_tentativa_cresce_cinco_vezes(smtp_fora_do_ar, tentativa, espera):
    (n,) = notificar(destinatarios=[UsuarioFactory()], tipo="aviso", texto="Oi")
    antes = _ids_das_tarefas()
    with time_machine.travel(INSTANTE, tick=False):
        enviar_emails_de_notificacoes.call([n.pk], tentativa=tentativa)
    (nova,) = _tarefas_novas(antes)
    assert nova.run_after == INSTANTE + timedelta(seconds=espera)
    assert nova.args_kwargs["kwargs"] == {"tentativa": tentativa + 1}
    n.refresh_from_db()
    assert n.email_tentativas == tentativa


@pytest.mark.django_db
def test_espera_nunca_passa_de_seis_horas(smtp_fora_do_ar, settings):
    settings.EMAIL_MAX_TENTATIVAS = 20
    (n,) = notificar(destinatarios=[UsuarioFactory()], tipo="aviso", texto="Oi")
    antes = _ids_das_tarefas()
    with time_machine.travel(INSTANTE, tick=False):
        enviar_emails_de_notificacoes.call([n.pk], tentativa=10)
    (nova,) = _tarefas_novas(antes)
    assert nova.run_after == INSTANTE + timedelta(hours=6)


@pytest.mark.django_db
def test_na_ultima_tentativa_desiste_sem_reenfileirar_e_registra(smtp_fora_do_ar, caplog):
    (n,) = notificar(destinatarios=[UsuarioFactory()], tipo="aviso", texto="Oi")
    antes = _ids_das_tarefas()
    with caplog.at_level(logging.WARNING, logger="notificacoes"):
        enviar_emails_de_notificacoes.call([n.pk], tentativa=5)
    assert _tarefas_novas(antes) == []
    n.refresh_from_db()
    assert n.email_tentativas == 5
    assert n.email_enviado_em is None
    assert "e-mail desistido após o limite de tentativas" in [r.getMessage() for r in caplog.records]


@pytest.mark.django_db
def test_so_quem_falhou_e_reagendado(settings, mailoutbox):
    settings.EMAIL_BACKEND = BACKEND_QUE_FALHA_PARA_ALGUNS
    ok = UsuarioFactory(email="ok@exemplo.com.br")
    ruim = UsuarioFactory(email="falha@exemplo.com.br")
    criadas = notificar(destinatarios=[ok, ruim], tipo="aviso", texto="Oi")
    antes = _ids_das_tarefas()

    assert enviar_emails_de_notificacoes.call([c.pk for c in criadas]) == 1

    assert [m.to for m in mailoutbox] == [["ok@exemplo.com.br"]]
    da_ruim = Notificacao.objects.get(destinatario=ruim)
    assert da_ruim.email_falha.startswith("SMTPRecipientsRefused")
    assert Notificacao.objects.get(destinatario=ok).email_enviado_em is not None
    (nova,) = _tarefas_novas(antes)
    assert nova.args_kwargs == {"args": [[da_ruim.pk]], "kwargs": {"tentativa": 2}}


@pytest.mark.django_db
def test_quando_o_smtp_volta_a_tarefa_envia_uma_vez_e_limpa_a_falha(smtp_fora_do_ar, settings, mailoutbox):
    (n,) = notificar(destinatarios=[UsuarioFactory()], tipo="aviso", texto="Oi")
    enviar_emails_de_notificacoes.call([n.pk])
    settings.EMAIL_BACKEND = BACKEND_EM_MEMORIA
    antes = _ids_das_tarefas()

    assert enviar_emails_de_notificacoes.call([n.pk], tentativa=2) == 1
    assert enviar_emails_de_notificacoes.call([n.pk], tentativa=3) == 0

    assert len(mailoutbox) == 1
    n.refresh_from_db()
    assert n.email_enviado_em is not None
    assert n.email_tentativas == 2
    assert n.email_falha == ""
    assert _tarefas_novas(antes) == []


# --- pelo worker de verdade -----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_worker_reagenda_espera_a_hora_e_envia_quando_o_smtp_volta(
    smtp_fora_do_ar, settings, mailoutbox, drenar_fila
):
    (n,) = notificar(destinatarios=[UsuarioFactory()], tipo="aviso", texto="Oi")

    drenar_fila()

    n.refresh_from_db()
    assert (n.email_tentativas, n.email_enviado_em) == (1, None)
    assert DBTaskResult.objects.get(status="SUCCESSFUL")  # a falha do e-mail não derruba a tarefa
    retentativa = DBTaskResult.objects.get(status="READY")
    assert retentativa.run_after > timezone.now() + timedelta(seconds=50)

    settings.EMAIL_BACKEND = BACKEND_EM_MEMORIA
    drenar_fila()  # cedo demais: a nova tentativa ainda não roda
    assert DBTaskResult.objects.get(pk=retentativa.pk).status == "READY"
    assert mailoutbox == []

    with time_machine.travel(retentativa.run_after + timedelta(seconds=1)):
        drenar_fila()

    assert len(mailoutbox) == 1
    n.refresh_from_db()
    assert n.email_enviado_em is not None
    assert (n.email_tentativas, n.email_falha) == (2, "")
    assert not DBTaskResult.objects.filter(status="READY").exists()


@pytest.mark.django_db(transaction=True)
def test_depois_do_limite_de_tentativas_o_worker_para_de_reenfileirar(
    smtp_fora_do_ar, settings, caplog, mailoutbox, drenar_fila
):
    settings.EMAIL_MAX_TENTATIVAS = 3
    (n,) = notificar(destinatarios=[UsuarioFactory()], tipo="aviso", texto="Oi")
    agora = timezone.now()

    with caplog.at_level(logging.WARNING, logger="notificacoes"):
        for rodada in range(6):  # a cada rodada, 7 h depois: mais que qualquer espera
            with time_machine.travel(agora + timedelta(hours=7 * rodada)):
                drenar_fila()

    n.refresh_from_db()
    assert n.email_tentativas == 3
    assert n.email_enviado_em is None
    assert DBTaskResult.objects.count() == 3  # a original e duas novas tentativas
    assert not DBTaskResult.objects.filter(status="READY").exists()
    mensagens = [r.getMessage() for r in caplog.records]
    assert mensagens.count("falha ao enviar e-mail de notificação") == 3
    assert mensagens.count("e-mail reagendado") == 2
    assert mensagens.count("e-mail desistido após o limite de tentativas") == 1
    assert mailoutbox == []

    settings.EMAIL_BACKEND = BACKEND_EM_MEMORIA
    assert enviar_emails_de_notificacoes.call([n.pk]) == 1
    assert enviar_emails_de_notificacoes.call([n.pk]) == 0
    assert len(mailoutbox) == 1
