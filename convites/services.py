"""Formas de entrar num grupo: pelo código (público) e por solicitação aprovada (privado)."""

import logging
from dataclasses import dataclass
from enum import StrEnum

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from grupos import services as grupos_services
from grupos.codigos import normalizar_codigo
from grupos.erros import DadosInvalidos, UsuarioBloqueado
from grupos.models import Bloqueio, GrupoEstudo, Origem, Papel, Participacao, Privacidade
from notificacoes.services import notificar
from pontoschool.db import violou_restricao

from .erros import CodigoInvalido, ErroConvite, GrupoNaoEPrivado, SolicitacaoNaoEncontrada
from .models import MENSAGEM_MAX, SolicitacaoParticipacao, StatusSolicitacao

logger = logging.getLogger(__name__)


class JaMembro(ErroConvite):
    mensagem = "Você já participa deste grupo."
    codigo = "ja_membro"
    status = 409


class Situacao(StrEnum):
    ENTROU = "entrou"
    JA_MEMBRO = "ja_membro"
    PRECISA_SOLICITAR = "precisa_solicitar"


@dataclass(frozen=True)
class ResultadoEntrada:
    situacao: Situacao
    grupo: GrupoEstudo


def buscar_por_codigo(*, usuario, codigo_digitado: str | None) -> GrupoEstudo:
    """O grupo de um código, numa consulta só pelo índice único, já com o que a prévia precisa
    (número de membros, se o usuário é membro, se tem pedido pendente).

    Malformado, inexistente, entrada desativada e usuário bloqueado dão o mesmo CodigoInvalido.
    """
    codigo = normalizar_codigo(codigo_digitado)
    if codigo is None:
        raise CodigoInvalido()
    grupo = (
        GrupoEstudo.objects.filter(codigo_convite=codigo, entrada_por_codigo_ativa=True)
        .annotate(
            bloqueado=Exists(Bloqueio.objects.filter(grupo=OuterRef("pk"), usuario=usuario)),
            e_membro=Exists(Participacao.objects.filter(grupo=OuterRef("pk"), usuario=usuario)),
            num_membros=Coalesce(
                Subquery(
                    Participacao.objects.filter(grupo=OuterRef("pk"))
                    .values("grupo")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            ),
            solicitacao_pendente_id=Subquery(
                SolicitacaoParticipacao.objects.filter(
                    grupo=OuterRef("pk"), usuario=usuario, status=StatusSolicitacao.PENDENTE
                ).values("pk")[:1]
            ),
        )
        .first()
    )
    if grupo is None or grupo.bloqueado:
        raise CodigoInvalido()
    return grupo


def _travar_e_conferir_codigo(grupo: GrupoEstudo, usuario) -> GrupoEstudo:
    """Sob a trava do grupo, confere de novo: o código pode ter mudado, sido desativado ou a
    pessoa bloqueada entre a consulta e agora."""
    travado = grupos_services.travar_grupo(grupo.pk)
    if (
        travado.codigo_convite != grupo.codigo_convite
        or not travado.entrada_por_codigo_ativa
        or grupos_services.esta_bloqueado(grupo=travado, usuario=usuario)
    ):
        raise CodigoInvalido()
    return travado


def entrar_por_codigo(*, usuario, codigo: str | None) -> ResultadoEntrada:
    """Público: entra como membro (se couber). Privado: devolve a prévia para pedir entrada."""
    grupo = buscar_por_codigo(usuario=usuario, codigo_digitado=codigo)
    if grupo.e_membro:
        return ResultadoEntrada(Situacao.JA_MEMBRO, grupo)
    if grupo.privacidade == Privacidade.PRIVADO:
        return ResultadoEntrada(Situacao.PRECISA_SOLICITAR, grupo)
    with transaction.atomic():
        _travar_e_conferir_codigo(grupo, usuario)
        try:
            _, criou = grupos_services.adicionar_membro(grupo=grupo, usuario=usuario, origem=Origem.CODIGO)
        except UsuarioBloqueado as erro:
            raise CodigoInvalido() from erro
    return ResultadoEntrada(Situacao.ENTROU if criou else Situacao.JA_MEMBRO, grupo)


def solicitar_participacao(
    *, usuario, codigo: str | None, mensagem: str = ""
) -> tuple[SolicitacaoParticipacao, bool]:
    """Cria o pedido pendente e avisa os administradores; devolve (pedido, criou?).

    Idempotente: com um pedido pendente, devolve o mesmo (duplo clique, recarga, envios
    paralelos). A trava do grupo serializa os envios; o índice único parcial é a garantia final.
    """
    mensagem = (mensagem or "").strip()
    if len(mensagem) > MENSAGEM_MAX:
        raise DadosInvalidos(f"A mensagem pode ter no máximo {MENSAGEM_MAX} caracteres.")
    grupo = buscar_por_codigo(usuario=usuario, codigo_digitado=codigo)
    if grupo.e_membro:
        raise JaMembro()
    if grupo.privacidade != Privacidade.PRIVADO:
        raise GrupoNaoEPrivado()
    with transaction.atomic():
        grupo = _travar_e_conferir_codigo(grupo, usuario)
        pendente = _pendente(grupo, usuario)
        if pendente is not None:
            return pendente, False
        if Participacao.objects.filter(grupo=grupo, usuario=usuario).exists():
            raise JaMembro()
        try:
            with transaction.atomic():
                solicitacao = SolicitacaoParticipacao.objects.create(
                    grupo=grupo, usuario=usuario, mensagem=mensagem
                )
        except IntegrityError as erro:
            if not violou_restricao(
                erro,
                nome="solicitacao_pendente_unica",
                tabela=SolicitacaoParticipacao._meta.db_table,
                colunas=("grupo_id", "usuario_id"),
            ):
                raise
            return _pendente(grupo, usuario), False
        administradores = [
            p.usuario
            for p in Participacao.objects.filter(grupo=grupo, papel=Papel.ADMINISTRADOR).select_related(
                "usuario"
            )
        ]
        notificar(
            destinatarios=administradores,
            tipo="solicitacao_recebida",
            texto=f"{usuario.nome} pediu para entrar no grupo “{grupo.nome}”.",
            link=f"/grupos/{grupo.uuid}/#solicitacoes",
        )
    logger.info("solicitação de participação criada", extra={"grupo": str(grupo.uuid), "usuario": usuario.pk})
    return solicitacao, True


def _pendente(grupo, usuario) -> SolicitacaoParticipacao | None:
    return SolicitacaoParticipacao.objects.filter(
        grupo=grupo, usuario=usuario, status=StatusSolicitacao.PENDENTE
    ).first()


def cancelar_solicitacao(*, usuario, solicitacao_id: int) -> SolicitacaoParticipacao:
    with transaction.atomic():
        solicitacao = (
            SolicitacaoParticipacao.objects.select_for_update()
            .filter(pk=solicitacao_id, usuario=usuario, status=StatusSolicitacao.PENDENTE)
            .first()
        )
        if solicitacao is None:
            raise SolicitacaoNaoEncontrada()
        solicitacao.status = StatusSolicitacao.CANCELADA
        solicitacao.decidida_em = timezone.now()
        solicitacao.save(update_fields=["status", "decidida_em"])
    logger.info("solicitação cancelada", extra={"solicitacao": solicitacao.pk, "usuario": usuario.pk})
    return solicitacao


def _pendente_do_grupo_travada(grupo, solicitacao_id) -> SolicitacaoParticipacao:
    solicitacao = (
        SolicitacaoParticipacao.objects.select_for_update()
        .select_related("usuario")
        .filter(pk=solicitacao_id, grupo=grupo, status=StatusSolicitacao.PENDENTE)
        .first()
    )
    if solicitacao is None:
        raise SolicitacaoNaoEncontrada()
    return solicitacao


def _decidir(solicitacao, *, status, admin) -> None:
    solicitacao.status = status
    solicitacao.decidida_em = timezone.now()
    solicitacao.decidida_por = admin
    solicitacao.save(update_fields=["status", "decidida_em", "decidida_por"])


def aprovar_solicitacao(*, admin, grupo: GrupoEstudo, solicitacao_id: int) -> SolicitacaoParticipacao:
    """Aprova: o solicitante vira membro (se couber — o limite vale sob a trava) e é avisado."""
    with transaction.atomic():
        grupo = grupos_services.travar_grupo(grupo.pk)
        grupos_services.exigir_administrador(grupo, admin)
        solicitacao = _pendente_do_grupo_travada(grupo, solicitacao_id)
        grupos_services.adicionar_membro(
            grupo=grupo, usuario=solicitacao.usuario, origem=Origem.SOLICITACAO, aprovado_por=admin
        )
        _decidir(solicitacao, status=StatusSolicitacao.APROVADA, admin=admin)
        notificar(
            destinatarios=[solicitacao.usuario],
            tipo="solicitacao_aprovada",
            texto=f"Sua solicitação para entrar no grupo “{grupo.nome}” foi aprovada!",
            link=f"/grupos/{grupo.uuid}/",
        )
    logger.info(
        "solicitação aprovada",
        extra={"grupo": str(grupo.uuid), "usuario": solicitacao.usuario_id, "por": admin.pk},
    )
    return solicitacao


def recusar_solicitacao(*, admin, grupo: GrupoEstudo, solicitacao_id: int) -> SolicitacaoParticipacao:
    with transaction.atomic():
        grupo = grupos_services.travar_grupo(grupo.pk)
        grupos_services.exigir_administrador(grupo, admin)
        solicitacao = _pendente_do_grupo_travada(grupo, solicitacao_id)
        _decidir(solicitacao, status=StatusSolicitacao.RECUSADA, admin=admin)
        notificar(
            destinatarios=[solicitacao.usuario],
            tipo="solicitacao_recusada",
            texto=f"Sua solicitação para entrar no grupo “{grupo.nome}” foi recusada.",
        )
    logger.info(
        "solicitação recusada",
        extra={"grupo": str(grupo.uuid), "usuario": solicitacao.usuario_id, "por": admin.pk},
    )
    return solicitacao


def bloquear_solicitante(*, admin, grupo: GrupoEstudo, solicitacao_id: int, motivo: str = "") -> None:
    """Recusa o pedido sem avisar e bloqueia a pessoa no grupo."""
    with transaction.atomic():
        grupo = grupos_services.travar_grupo(grupo.pk)
        grupos_services.exigir_administrador(grupo, admin)
        solicitacao = _pendente_do_grupo_travada(grupo, solicitacao_id)
        grupos_services.bloquear_usuario(admin=admin, grupo=grupo, usuario=solicitacao.usuario, motivo=motivo)
        _decidir(solicitacao, status=StatusSolicitacao.RECUSADA, admin=admin)
