"""E-mails de convite pela fila (a linha da tarefa nasce na transação que criou o convite)."""

import logging

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from notificacoes.envio import reagendar_se_couber, reservar_envio
from pontoschool.email import enviar_email

from .models import Convite, StatusConvite, TipoConvite
from .tokens import token_do_convite

logger = logging.getLogger(__name__)


def link_do_convite(convite) -> str | None:
    token = token_do_convite(convite)
    return settings.SITE_URL + reverse("convites:convite", args=[token]) if token else None


@task()
def enviar_emails_de_convites(convite_ids: list[int], tentativa: int = 1) -> int:
    """Manda o e-mail de cada convite pendente ainda não enviado; devolve quantos saíram.

    `email_enviado_em` é a guarda: reexecutar (reenfileirada depois de um worker morto) não
    repete um e-mail já registrado, e a reserva impede dois workers no mesmo convite. O link é recalculado aqui (o banco não guarda o token);
    se o convite foi reenviado nesse meio-tempo, sai o link novo. Uma falha fica registrada no
    convite (o administrador vê) e é tentada de novo mais tarde; o convite continua valendo.
    """
    pendentes = Convite.objects.filter(
        pk__in=convite_ids,
        tipo=TipoConvite.EMAIL,
        status=StatusConvite.PENDENTE,
        email_enviado_em__isnull=True,
    ).select_related("grupo", "convidado_por")
    enviados, falharam = 0, []
    for convite in pendentes:
        link = link_do_convite(convite)
        if link is None:
            # SECRET_KEY trocada sem a antiga em SECRET_KEY_FALLBACKS: o link não se refaz. Fica
            # registrado para o administrador ver e reenviar (o reenvio gera um token novo).
            logger.error(
                "token do convite irreproduzível (SECRET_KEY trocada?)", extra={"convite": str(convite.uuid)}
            )
            Convite.objects.filter(pk=convite.pk).update(
                email_tentativas=tentativa,
                email_falha="O link do convite não pôde ser gerado; reenvie o convite.",
            )
            continue
        if not reservar_envio(Convite, convite.pk):
            continue  # outro worker está enviando (ou já enviou) este
        quem = convite.convidado_por.nome if convite.convidado_por else "Um administrador"
        try:
            enviar_email(
                para=convite.email,
                assunto=f"{quem} convidou você para o grupo de estudo “{convite.grupo.nome}”",
                template="convites/email_convite",
                contexto={"convite": convite, "quem": quem, "link": link},
            )
        except Exception as erro:
            logger.exception(
                "falha ao enviar e-mail de convite",
                extra={
                    "convite": str(convite.uuid),
                    "grupo": str(convite.grupo.uuid),
                    "tentativa": tentativa,
                },
            )
            Convite.objects.filter(pk=convite.pk).update(
                email_tentativas=tentativa,
                email_falha=f"{type(erro).__name__}: {erro}"[:300],
                email_reservado_em=None,
            )
            falharam.append(convite.pk)
        else:
            Convite.objects.filter(pk=convite.pk).update(
                email_enviado_em=timezone.now(),
                email_tentativas=tentativa,
                email_falha="",
                email_reservado_em=None,
            )
            enviados += 1
            logger.info(
                "e-mail de convite enviado",
                extra={"convite": str(convite.uuid), "grupo": str(convite.grupo.uuid)},
            )
    reagendar_se_couber(enviar_emails_de_convites, ids=falharam, tentativa=tentativa)
    return enviados
