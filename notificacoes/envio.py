"""Envio de e-mail com guarda de idempotência e nova tentativa com espera crescente.

Genérico: serve às notificações e a quem mais tiver linhas "a enviar" (convites). Quem chama
informa como montar a mensagem e onde registrar envio e falha.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone

logger = logging.getLogger(__name__)


def enviar_email(*, para: str, assunto: str, template: str, contexto: dict) -> None:
    """Monta texto e HTML a partir de `<template>.txt` e `<template>.html` e envia."""
    contexto = {"site_url": settings.SITE_URL, **contexto}
    assunto = " ".join(assunto.split())  # quebra de linha no assunto faz o Django recusar o envio
    texto = render_to_string(f"{template}.txt", contexto)
    html = render_to_string(f"{template}.html", contexto)
    mensagem = EmailMultiAlternatives(subject=assunto, body=texto, to=[para])
    mensagem.attach_alternative(html, "text/html")
    mensagem.send()


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
