from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from .models import Bloqueio, Escopo, GrupoEstudo, ModeloGrupo, Participacao


def _contagem_de_membros():
    return Coalesce(
        Subquery(
            Participacao.objects.filter(grupo=OuterRef("grupo"))
            .values("grupo")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    )


def participacoes_do_usuario(usuario):
    """Os grupos de um usuário, com papel e número de membros, numa consulta só."""
    return (
        Participacao.objects.filter(usuario=usuario)
        .select_related("grupo")
        .annotate(num_membros=_contagem_de_membros())
        .order_by("grupo__nome", "grupo__pk")
    )


def participacao_do_membro(*, grupo_uuid, usuario) -> Participacao | None:
    """A participação do usuário no grupo, com o grupo e o número de membros; None se não é membro."""
    return (
        Participacao.objects.select_related("grupo")
        .annotate(num_membros=_contagem_de_membros())
        .filter(grupo__uuid=grupo_uuid, usuario=usuario)
        .first()
    )


def membros_do_grupo(grupo: GrupoEstudo):
    return (
        Participacao.objects.filter(grupo=grupo)
        .select_related("usuario", "aprovado_por")
        .order_by("papel", "usuario__nome", "pk")
    )


def bloqueios_do_grupo(grupo: GrupoEstudo):
    return (
        Bloqueio.objects.filter(grupo=grupo).select_related("usuario", "bloqueado_por").order_by("-criado_em")
    )


def modelos_visiveis(usuario):
    """Os globais (da equipe) e os do próprio usuário."""
    return ModeloGrupo.objects.filter(Q(escopo=Escopo.GLOBAL) | Q(escopo=Escopo.USER, dono=usuario)).order_by(
        "escopo", "nome", "pk"
    )
