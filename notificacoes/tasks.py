"""Tarefas da fila (django-tasks-db): a linha da tarefa nasce na mesma transação da mudança."""

import logging

from django.utils import timezone
from django_tasks import task

from .envio import enviar_email, reagendar_se_couber
from .models import Notificacao

logger = logging.getLogger(__name__)


@task()
def enviar_emails_de_notificacoes(notificacao_ids: list[int], tentativa: int = 1) -> int:
    """Manda o e-mail de cada notificação ainda não enviada; devolve quantos saíram.

    A guarda `email_enviado_em` torna a tarefa idempotente: rodar de novo (reenfileirada
    depois de um worker morto, por exemplo) não repete e-mails já registrados como enviados.
    Uma falha é registrada na notificação e reagendada; nunca desfaz o que a causou.
    """
    pendentes = Notificacao.objects.filter(
        pk__in=notificacao_ids, email_enviado_em__isnull=True
    ).select_related("destinatario")
    enviados, falharam = 0, []
    for notificacao in pendentes:
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
                email_tentativas=tentativa, email_falha=f"{type(erro).__name__}: {erro}"[:300]
            )
            falharam.append(notificacao.pk)
        else:
            Notificacao.objects.filter(pk=notificacao.pk).update(
                email_enviado_em=timezone.now(), email_tentativas=tentativa, email_falha=""
            )
            enviados += 1
    reagendar_se_couber(enviar_emails_de_notificacoes, ids=falharam, tentativa=tentativa)
    return enviados
