"""Tarefas da fila (django-tasks-db): a linha da tarefa nasce na mesma transação da mudança."""

import logging

from django.utils import timezone
from django_tasks import task

from pontoschool.email import enviar_email

from .envio import reagendar_se_couber, reservar_envio
from .models import Notificacao

logger = logging.getLogger(__name__)


@task()
def enviar_emails_de_notificacoes(notificacao_ids: list[int], tentativa: int = 1) -> int:
    """Manda o e-mail de cada notificação ainda não enviada; devolve quantos saíram.

    A guarda `email_enviado_em` torna a tarefa idempotente: rodar de novo (reenfileirada
    depois de um worker morto, por exemplo) não repete e-mails já registrados como enviados, e a
    reserva (`reservar_envio`) impede dois workers de mandarem o mesmo ao mesmo tempo.
    Uma falha é registrada na notificação e reagendada; nunca desfaz o que a causou.
    """
    pendentes = Notificacao.objects.filter(
        pk__in=notificacao_ids, email_enviado_em__isnull=True
    ).select_related("destinatario")
    enviados, falharam = 0, []
    for notificacao in pendentes:
        if not reservar_envio(Notificacao, notificacao.pk):
            continue  # outro worker está enviando (ou já enviou) esta
        destinatario = notificacao.destinatario
        try:
            enviar_email(
                para=destinatario.email,
                assunto=f"Ponto.School: {notificacao.texto}",
                template="notificacoes/email_notificacao",
                contexto={"notificacao": notificacao, "destinatario": destinatario},
            )
        except Exception as erro:
            logger.exception(
                "falha ao enviar e-mail de notificação",
                extra={"notificacao": notificacao.pk, "usuario": destinatario.pk, "tentativa": tentativa},
            )
            Notificacao.objects.filter(pk=notificacao.pk).update(
                email_tentativas=tentativa,
                email_falha=f"{type(erro).__name__}: {erro}"[:300],
                email_reservado_em=None,
            )
            falharam.append(notificacao.pk)
        else:
            Notificacao.objects.filter(pk=notificacao.pk).update(
                email_enviado_em=timezone.now(),
                email_tentativas=tentativa,
                email_falha="",
                email_reservado_em=None,
            )
            enviados += 1
    reagendar_se_couber(enviar_emails_de_notificacoes, ids=falharam, tentativa=tentativa)
    return enviados
