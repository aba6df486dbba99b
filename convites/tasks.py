"""E-mails de convite pela fila (a linha da tarefa nasce na transação que criou o convite)."""

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from notificacoes.envio import EnvioImpossivel, enviar_pendentes, reagendar_se_couber

from .models import Convite, StatusConvite, TipoConvite
from .tokens import token_do_convite


def link_do_convite(convite) -> str | None:
    token = token_do_convite(convite)
    return settings.SITE_URL + reverse("convites:convite", args=[token]) if token else None


def _email_do_convite(convite) -> dict:
    link = link_do_convite(convite)
    if link is None:
        # SECRET_KEY trocada sem a antiga em SECRET_KEY_FALLBACKS: o link não se refaz. Fica
        # registrado para o administrador ver e reenviar (o reenvio gera um token novo).
        raise EnvioImpossivel("O link do convite não pôde ser gerado; reenvie o convite.")
    quem = convite.convidado_por.nome if convite.convidado_por else "Um administrador"
    return {
        "para": convite.email,
        "assunto": f"{quem} convidou você para o grupo de estudo “{convite.grupo.nome}”",
        "template": "convites/email_convite",
        "contexto": {"convite": convite, "quem": quem, "link": link},
    }


@task()
def enviar_emails_de_convites(convite_ids: list[int], tentativa: int = 1) -> int:
    """Manda o e-mail de cada convite pendente ainda não enviado; devolve quantos saíram.

    `email_enviado_em` é a guarda: reexecutar (reenfileirada depois de um worker morto) não
    repete um e-mail já registrado, e a reserva impede dois workers no mesmo convite. O link é
    recalculado aqui (o banco não guarda o token); se o convite foi reenviado nesse meio-tempo,
    sai o link novo. Uma falha fica registrada no convite (o administrador vê) e é tentada de
    novo mais tarde; o convite continua valendo.
    """
    pendentes = Convite.objects.filter(
        pk__in=convite_ids,
        tipo=TipoConvite.EMAIL,
        status=StatusConvite.PENDENTE,
        email_enviado_em__isnull=True,
    ).select_related("grupo", "convidado_por")
    enviados, falharam = enviar_pendentes(
        modelo=Convite,
        objetos=pendentes,
        tentativa=tentativa,
        montar=_email_do_convite,
        evento="e-mail de convite",
    )
    reagendar_se_couber(enviar_emails_de_convites, ids=falharam, tentativa=tentativa)
    return enviados
