from django.db.models import Prefetch, Q
from django.utils import timezone

from contas.models import normalizar_email

from .models import (
    Convite,
    SolicitacaoParticipacao,
    StatusConvite,
    StatusSolicitacao,
    TipoConvite,
    UsoConvite,
)


def solicitacoes_pendentes(grupo):
    return (
        SolicitacaoParticipacao.objects.filter(grupo=grupo, status=StatusSolicitacao.PENDENTE)
        .select_related("usuario")
        .order_by("criada_em", "pk")
    )


def convites_por_email_pendentes(grupo):
    """Os pendentes (inclusive os que já venceram, para o administrador reenviar)."""
    return (
        Convite.objects.filter(grupo=grupo, tipo=TipoConvite.EMAIL, status=StatusConvite.PENDENTE)
        .select_related("convidado_por")
        .order_by("-criado_em", "-pk")
    )


def links_ativos(grupo):
    """Links pendentes, com quem entrou por cada um (duas consultas, quantos forem)."""
    return (
        Convite.objects.filter(grupo=grupo, tipo=TipoConvite.LINK, status=StatusConvite.PENDENTE)
        .select_related("convidado_por")
        .prefetch_related(Prefetch("usos_registrados", queryset=UsoConvite.objects.select_related("usuario")))
        .order_by("-criado_em", "-pk")
    )


def _meus_convites(usuario):
    return Convite.objects.filter(
        tipo=TipoConvite.EMAIL, status=StatusConvite.PENDENTE, email=normalizar_email(usuario.email)
    ).filter(Q(expira_em__isnull=True) | Q(expira_em__gt=timezone.now()))


def meus_convites(usuario):
    """Convites pendentes para o meu e-mail — inclusive os enviados antes de eu ter conta."""
    return _meus_convites(usuario).select_related("grupo", "convidado_por").order_by("-criado_em", "-pk")


def contar_meus_convites(usuario) -> int:
    return _meus_convites(usuario).count()
