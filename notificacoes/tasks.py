"""Tarefas da fila (django-tasks-db): a linha da tarefa nasce na mesma transação da mudança."""

from django_tasks import task

from .envio import enviar_pendentes, reagendar_se_couber
from .models import Notificacao


def _email_da_notificacao(notificacao) -> dict:
    return {
        "para": notificacao.destinatario.email,
        "assunto": f"Ponto.School: {notificacao.texto}",
        "template": "notificacoes/email_notificacao",
        "contexto": {"notificacao": notificacao, "destinatario": notificacao.destinatario},
    }


@task()
def enviar_emails_de_notificacoes(notificacao_ids: list[int], tentativa: int = 1) -> int:
    """Manda o e-mail de cada notificação ainda não enviada; devolve quantos saíram.

    A guarda `email_enviado_em` torna a tarefa idempotente: rodar de novo (reenfileirada
    depois de um worker morto, por exemplo) não repete e-mails já registrados como enviados, e a
    reserva de envio impede dois workers de mandarem o mesmo ao mesmo tempo. Uma falha é
    registrada na notificação e reagendada; nunca desfaz o que a causou.
    """
    pendentes = Notificacao.objects.filter(
        pk__in=notificacao_ids, email_enviado_em__isnull=True
    ).select_related("destinatario")
    enviados, falharam = enviar_pendentes(
        modelo=Notificacao,
        objetos=pendentes,
        tentativa=tentativa,
        montar=_email_da_notificacao,
        evento="e-mail de notificação",
    )
    reagendar_se_couber(enviar_emails_de_notificacoes, ids=falharam, tentativa=tentativa)
    return enviados
