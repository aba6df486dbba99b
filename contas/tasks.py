"""E-mail de confirmação, pela mesma fila durável dos outros e-mails."""

import logging

from django.conf import settings
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from pontoschool.email import enviar_email

from .models import Usuario
from .tokens import gerador_de_confirmacao

logger = logging.getLogger(__name__)


@task()
def enviar_email_de_confirmacao(usuario_id: int) -> bool:
    usuario = Usuario.objects.filter(pk=usuario_id, email_confirmado_em__isnull=True).first()
    if usuario is None:
        return False  # já confirmou (ou a conta sumiu): nada a mandar
    caminho = reverse(
        "contas:confirmar_email",
        args=[urlsafe_base64_encode(force_bytes(usuario.pk)), gerador_de_confirmacao.make_token(usuario)],
    )
    enviar_email(
        para=usuario.email,
        assunto="Confirme seu e-mail na Ponto.School",
        template="contas/email_confirmacao",
        contexto={"usuario": usuario, "link": settings.SITE_URL + caminho},
    )
    logger.info("e-mail de confirmação enviado", extra={"usuario": usuario.pk})
    return True
