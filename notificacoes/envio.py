"""Envio de e-mail com guarda de idempotência e nova tentativa com espera crescente.

Genérico: serve às notificações e a quem mais tiver linhas "a enviar" (convites). Quem chama
informa como montar a mensagem e onde registrar envio e falha.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from pontoschool.email import enviar_email

logger = logging.getLogger(__name__)


def espera_antes_da_tentativa(tentativa: int) -> timedelta:
    """1 min, 5 min, 25 min, ... (limitado a 6 h) — dá tempo de o SMTP voltar."""
    base = settings.EMAIL_ESPERA_BASE_SEGUNDOS
    return timedelta(seconds=min(base * 5 ** (tentativa - 1), 6 * 3600))


def reagendar_se_couber(tarefa, *, ids: list[int], tentativa: int) -> bool:
    """Enfileira de novo só os que falharam, com espera; depois do limite, desiste (e registra)."""
    if not ids:
        return False
    if tentativa >= settings.EMAIL_MAX_TENTATIVAS:
        logger.error(
            "e-mail desistido após o limite de tentativas", extra={"ids": ids, "tentativas": tentativa}
        )
        return False
    quando = timezone.now() + espera_antes_da_tentativa(tentativa)
    tarefa.using(run_after=quando).enqueue(ids, tentativa=tentativa + 1)
    logger.warning(
        "e-mail reagendado", extra={"ids": ids, "tentativa": tentativa + 1, "quando": quando.isoformat()}
    )
    return True


def reservar_envio(modelo, pk: int) -> bool:
    """Marca a linha como "sendo enviada agora" se ninguém a enviou nem a está enviando.

    UPDATE condicional (atômico no banco): de dois workers, só um consegue. Uma reserva com mais
    de EMAIL_RESERVA_MINUTOS é de um worker que morreu e pode ser retomada — aí, se ele chegou a
    entregar ao SMTP sem registrar, sai um e-mail repetido (entrega "pelo menos uma vez"; o que
    ficou registrado como enviado nunca sai de novo).
    """
    agora = timezone.now()
    velha = agora - timedelta(minutes=settings.EMAIL_RESERVA_MINUTOS)
    return (
        modelo.objects.filter(pk=pk, email_enviado_em__isnull=True)
        .filter(Q(email_reservado_em__isnull=True) | Q(email_reservado_em__lt=velha))
        .update(email_reservado_em=agora)
        == 1
    )


class EnvioImpossivel(Exception):
    """Não dá para montar este e-mail (e tentar de novo não ajuda): registra e segue."""


def enviar_pendentes(*, modelo, objetos, tentativa: int, montar, evento: str) -> tuple[int, list[int]]:
    """O laço comum dos e-mails da fila: reserva, monta, envia e registra envio ou falha.

    `montar(obj)` devolve os argumentos de `enviar_email` (ou levanta EnvioImpossivel). Devolve
    (quantos saíram, ids que falharam e merecem nova tentativa). Uma falha nunca desfaz nada:
    fica em `email_falha` para quem administra ver.
    """
    enviados, falharam = 0, []
    for obj in objetos:
        try:
            argumentos = montar(obj)
        except EnvioImpossivel as erro:
            logger.error(f"{evento}: e-mail impossível", extra={"id": obj.pk, "motivo": str(erro)})
            modelo.objects.filter(pk=obj.pk).update(email_tentativas=tentativa, email_falha=str(erro)[:300])
            continue
        if not reservar_envio(modelo, obj.pk):
            continue  # outro worker está enviando (ou já enviou) este
        try:
            enviar_email(**argumentos)
        except Exception as erro:
            logger.exception(
                f"falha ao enviar {evento}",
                extra={
                    "modelo": modelo._meta.label,
                    "id": obj.pk,
                    "tentativa": tentativa,
                },
            )
            modelo.objects.filter(pk=obj.pk).update(
                email_tentativas=tentativa,
                email_falha=f"{type(erro).__name__}: {erro}"[:300],
                email_reservado_em=None,
            )
            falharam.append(obj.pk)
        else:
            modelo.objects.filter(pk=obj.pk).update(
                email_enviado_em=timezone.now(),
                email_tentativas=tentativa,
                email_falha="",
                email_reservado_em=None,
            )
            enviados += 1
            logger.info(f"{evento} enviado", extra={"id": obj.pk})
    return enviados, falharam
