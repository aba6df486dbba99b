import logging

from django.db import transaction
from django.utils import timezone

from .models import Notificacao
from .tasks import enviar_emails_de_notificacoes

logger = logging.getLogger(__name__)


def notificar(*, destinatarios, tipo: str, texto: str, link: str = "") -> list[Notificacao]:
    """Cria uma notificação por destinatário e enfileira o e-mail delas.

    Deve ser chamada dentro da transação da mudança que a motivou: a tarefa de e-mail é
    uma linha do banco, então rollback = nenhum e-mail; commit = o e-mail sai pelo worker.
    Custa duas consultas, quantos forem os destinatários.
    """
    destinatarios = list({d.pk: d for d in destinatarios}.values())
    if not destinatarios:
        return []
    with transaction.atomic():
        criadas = Notificacao.objects.bulk_create(
            [Notificacao(destinatario=d, tipo=tipo, texto=texto[:300], link=link) for d in destinatarios]
        )
        enviar_emails_de_notificacoes.enqueue([n.pk for n in criadas])
    return criadas


def marcar_como_lida(*, usuario, notificacao_id: int) -> Notificacao | None:
    notificacao = Notificacao.objects.filter(pk=notificacao_id, destinatario=usuario).first()
    if notificacao is not None and notificacao.lida_em is None:
        notificacao.lida_em = timezone.now()
        notificacao.save(update_fields=["lida_em"])
    return notificacao


def marcar_todas_como_lidas(*, usuario) -> int:
    return Notificacao.objects.filter(destinatario=usuario, lida_em__isnull=True).update(
        lida_em=timezone.now()
    )
