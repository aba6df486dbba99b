"""Formas de entrar num grupo: código (público), solicitação aprovada (privado) e convites."""

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from contas import services as contas_services
from contas.models import normalizar_email
from grupos import services as grupos_services
from grupos.codigos import normalizar_codigo
from grupos.erros import DadosInvalidos, SemPermissao, UsuarioBloqueado
from grupos.models import Bloqueio, GrupoEstudo, Origem, Papel, Participacao, Privacidade
from notificacoes.services import notificar
from pontoschool.db import violou_restricao

from .enderecos import email_valido, separar_emails
from .erros import (
    CodigoInvalido,
    ConviteDeOutraPessoa,
    ConviteInvalido,
    ConviteNaoEncontrado,
    EmailNaoConfirmado,
    ErroConvite,
    GrupoNaoEPrivado,
    LimiteDeConvites,
    ListaDeEmailsInvalida,
    SolicitacaoNaoEncontrada,
)
from .models import (
    MENSAGEM_MAX,
    Convite,
    SolicitacaoParticipacao,
    StatusConvite,
    StatusSolicitacao,
    TipoConvite,
    UsoConvite,
    convite_utilizavel,
)
from .tasks import enviar_emails_de_convites
from .tokens import gerar_token, hash_do_token, novo_sal

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


def _sql_da_busca_por_codigo() -> str:
    """A consulta de `buscar_por_codigo` em SQL: é o caminho mais usado do site, e montar a mesma
    consulta pelo ORM (quatro subconsultas) custava ~2,5 ms de Python por requisição, contra
    0,2 ms de banco (medido; ver docs/desempenho.md). Nomes de tabela vêm dos modelos."""
    grupo = GrupoEstudo._meta.db_table
    participacao = Participacao._meta.db_table
    return (
        f"SELECT g.*, "  # noqa: S608 — só nomes de tabela dos modelos; os valores vão como parâmetros
        f"EXISTS (SELECT 1 FROM {Bloqueio._meta.db_table} b WHERE b.grupo_id = g.id AND b.usuario_id = %s) AS bloqueado, "
        f"EXISTS (SELECT 1 FROM {participacao} p WHERE p.grupo_id = g.id AND p.usuario_id = %s) AS e_membro, "
        f"(SELECT COUNT(*) FROM {participacao} p2 WHERE p2.grupo_id = g.id) AS num_membros, "
        f"(SELECT s.id FROM {SolicitacaoParticipacao._meta.db_table} s WHERE s.grupo_id = g.id "
        f"AND s.usuario_id = %s AND s.status = %s LIMIT 1) AS solicitacao_pendente_id "
        f"FROM {grupo} g WHERE g.codigo_convite = %s AND g.entrada_por_codigo_ativa"
    )


def buscar_por_codigo(*, usuario, codigo_digitado: str | None) -> GrupoEstudo:
    """O grupo de um código, numa consulta só pelo índice único, já com o que a prévia precisa
    (número de membros, se o usuário é membro, se tem pedido pendente).

    Malformado, inexistente, entrada desativada e usuário bloqueado dão o mesmo CodigoInvalido.
    """
    codigo = normalizar_codigo(codigo_digitado)
    if codigo is None:
        raise CodigoInvalido()
    parametros = [usuario.pk, usuario.pk, usuario.pk, StatusSolicitacao.PENDENTE.value, codigo]
    grupo = next(iter(GrupoEstudo.objects.raw(_sql_da_busca_por_codigo(), parametros)), None)
    if grupo is None or grupo.bloqueado:
        raise CodigoInvalido()
    grupo.bloqueado, grupo.e_membro = bool(grupo.bloqueado), bool(grupo.e_membro)
    return grupo


def _travar_e_conferir_codigo(grupo: GrupoEstudo) -> GrupoEstudo:
    """Sob a trava do grupo, confere de novo: o código pode ter mudado ou sido desativado entre
    a consulta e agora. (Bloqueio: `adicionar_membro` confere na entrada; o pedido confere.)"""
    travado = grupos_services.travar_grupo(grupo.pk)
    if travado.codigo_convite != grupo.codigo_convite or not travado.entrada_por_codigo_ativa:
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
        _travar_e_conferir_codigo(grupo)
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
        grupo = _travar_e_conferir_codigo(grupo)
        if grupos_services.esta_bloqueado(grupo=grupo, usuario=usuario):
            raise CodigoInvalido()
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
        # Pedir, cancelar e pedir de novo não pode virar uma enxurrada de avisos: um aviso por
        # pessoa e grupo a cada AVISO_DE_SOLICITACAO_HORAS (o pedido aparece no painel do mesmo jeito).
        recente = _agora() - timedelta(hours=settings.AVISO_DE_SOLICITACAO_HORAS)
        ja_avisados = (
            SolicitacaoParticipacao.objects.filter(grupo=grupo, usuario=usuario, criada_em__gte=recente)
            .exclude(pk=solicitacao.pk)
            .exists()
        )
        if not ja_avisados:
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
        SolicitacaoParticipacao.objects.select_for_update(of=("self",))
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


# --- convites por e-mail e por link (sementes 002 e 003) ---------------------------------


class SituacaoEmail(StrEnum):
    SERA_CONVIDADO = "sera_convidado"
    JA_MEMBRO = "ja_membro"
    CONVITE_PENDENTE = "convite_pendente"
    INVALIDO = "invalido"
    REPETIDO = "repetido"
    BLOQUEADO = "bloqueado"

    @property
    def rotulo(self) -> str:
        return {
            "sera_convidado": "será convidado",
            "ja_membro": "já é membro",
            "convite_pendente": "já tem convite pendente",
            "invalido": "inválido",
            "repetido": "repetido",
            "bloqueado": "não pode ser convidado",
        }[self.value]


@dataclass(frozen=True)
class ItemDaLista:
    email: str
    situacao: SituacaoEmail


@dataclass
class AnaliseDeEmails:
    itens: list[ItemDaLista]

    @property
    def a_convidar(self) -> list[str]:
        return [i.email for i in self.itens if i.situacao == SituacaoEmail.SERA_CONVIDADO]

    def contar(self, situacao: SituacaoEmail) -> int:
        return sum(1 for i in self.itens if i.situacao == situacao)


@dataclass
class ResultadoDosConvites:
    analise: AnaliseDeEmails
    convites: list


def _agora():
    return timezone.now()


def _pendentes_validos(grupo):
    agora = _agora()
    return Convite.objects.filter(grupo=grupo, tipo=TipoConvite.EMAIL, status=StatusConvite.PENDENTE).filter(
        Q(expira_em__isnull=True) | Q(expira_em__gt=agora)
    )


def _expirar_vencidos(grupo) -> None:
    """Marca como expirados os pendentes vencidos (libera o e-mail para um convite novo)."""
    Convite.objects.filter(grupo=grupo, status=StatusConvite.PENDENTE, expira_em__lte=_agora()).update(
        status=StatusConvite.EXPIRADO
    )


def analisar_emails(*, grupo: GrupoEstudo, emails) -> AnaliseDeEmails:
    """A revisão antes de enviar: cada endereço com a sua situação (três consultas, quantos forem).

    Mais de 50 endereços recusa a lista inteira.
    """
    brutos = separar_emails(emails)
    limite = settings.CONVITE_MAX_EMAILS_POR_LOTE
    if not brutos:
        raise ListaDeEmailsInvalida("Informe pelo menos um e-mail.")
    if len(brutos) > limite:
        raise ListaDeEmailsInvalida(
            f"Você pode convidar até {limite} e-mails de uma vez; a lista tem {len(brutos)}. Nada foi enviado."
        )
    normalizados = [normalizar_email(e) for e in brutos]
    candidatos = {e for e in normalizados if email_valido(e)}
    membros = set(
        Participacao.objects.filter(grupo=grupo, usuario__email__in=candidatos).values_list(
            "usuario__email", flat=True
        )
    )
    pendentes = set(_pendentes_validos(grupo).filter(email__in=candidatos).values_list("email", flat=True))
    bloqueados = set(
        Bloqueio.objects.filter(grupo=grupo, usuario__email__in=candidatos).values_list(
            "usuario__email", flat=True
        )
    )
    vistos: set[str] = set()
    itens = []
    for email in normalizados:
        if email in vistos:
            situacao = SituacaoEmail.REPETIDO
        elif email not in candidatos:
            situacao = SituacaoEmail.INVALIDO
        elif email in membros:
            situacao = SituacaoEmail.JA_MEMBRO
        elif email in bloqueados:
            situacao = SituacaoEmail.BLOQUEADO
        elif email in pendentes:
            situacao = SituacaoEmail.CONVITE_PENDENTE
        else:
            situacao = SituacaoEmail.SERA_CONVIDADO
        vistos.add(email)
        itens.append(ItemDaLista(email, situacao))
    return AnaliseDeEmails(itens)


def _exigir_quem_pode_convidar(grupo, quem, papel: str) -> Participacao:
    participacao = Participacao.objects.filter(grupo=grupo, usuario=quem).first()
    if participacao is None:
        raise SemPermissao("Só membros do grupo podem convidar.")
    if participacao.papel != Papel.ADMINISTRADOR:
        if not grupo.membros_podem_convidar:
            raise SemPermissao("Neste grupo, só administradores podem convidar.")
        if papel == Papel.ADMINISTRADOR:
            raise SemPermissao("Só administradores podem convidar administradores.")
    return participacao


def _novo_convite(*, grupo, tipo, papel, convidado_por, email="", expira_em=None, max_usos=None) -> Convite:
    identificador = uuid.uuid4()
    sal = novo_sal()
    return Convite(
        uuid=identificador,
        grupo=grupo,
        tipo=tipo,
        email=email,
        papel=papel,
        sal=sal,
        token_hash=hash_do_token(gerar_token(identificador, sal)),
        expira_em=expira_em,
        max_usos=max_usos,
        convidado_por=convidado_por,
    )


def convidar_por_email(
    *, quem, grupo: GrupoEstudo, emails, papel: str = Papel.MEMBRO
) -> ResultadoDosConvites:
    """Cria os convites de um lote (até 50) e enfileira os e-mails — nenhum SMTP na requisição.

    Sob a trava do grupo: membros + convites pendentes + novos cabem em `max_membros`, ou o
    lote inteiro é recusado. Membros, pendentes e repetidos são pulados (e contados); inválidos
    não impedem os válidos. Custa um número fixo de consultas, quantos forem os endereços.
    """
    if papel not in Papel.values:
        raise DadosInvalidos("Escolha o papel: membro ou administrador.")
    with transaction.atomic():
        grupo = grupos_services.travar_grupo(grupo.pk)
        _exigir_quem_pode_convidar(grupo, quem, papel)
        _expirar_vencidos(grupo)
        analise = analisar_emails(grupo=grupo, emails=emails)
        novos = analise.a_convidar
        convites = []
        if novos:
            vagas = (
                grupo.max_membros - grupos_services.contar_membros(grupo) - _pendentes_validos(grupo).count()
            )
            if len(novos) > vagas:
                raise LimiteDeConvites(vagas)
            expira_em = _agora() + timedelta(days=settings.CONVITE_VALIDADE_DIAS)
            convites = Convite.objects.bulk_create(
                [
                    _novo_convite(
                        grupo=grupo,
                        tipo=TipoConvite.EMAIL,
                        papel=papel,
                        convidado_por=quem,
                        email=email,
                        expira_em=expira_em,
                    )
                    for email in novos
                ]
            )
            enviar_emails_de_convites.enqueue([c.pk for c in convites])
    logger.info(
        "convites por e-mail criados",
        extra={
            "grupo": str(grupo.uuid),
            "por": quem.pk,
            "papel": papel,
            "quantidade": len(convites),
            "convites": [str(c.uuid) for c in convites],
        },
    )
    return ResultadoDosConvites(analise, convites)


VALIDADES_DE_LINK = {"1": 1, "7": 7, "30": 30, "": None}


def criar_link_de_convite(
    *, admin, grupo: GrupoEstudo, papel: str, validade_dias: int | None, max_usos: int | None
):
    if papel not in Papel.values:
        raise DadosInvalidos("Escolha o papel: membro ou administrador.")
    if validade_dias not in VALIDADES_DE_LINK.values():
        raise DadosInvalidos("Escolha a validade: 1 dia, 7 dias, 30 dias ou sem validade.")
    if max_usos is not None and not 1 <= max_usos <= 1000:
        raise DadosInvalidos("O número máximo de usos deve estar entre 1 e 1000 (ou em branco, sem limite).")
    with transaction.atomic():
        grupo = grupos_services.travar_grupo(grupo.pk)
        grupos_services.exigir_administrador(grupo, admin)
        convite = _novo_convite(
            grupo=grupo,
            tipo=TipoConvite.LINK,
            papel=papel,
            convidado_por=admin,
            expira_em=_agora() + timedelta(days=validade_dias) if validade_dias else None,
            max_usos=max_usos,
        )
        convite.save()
    logger.info(
        "link de convite criado",
        extra={"grupo": str(grupo.uuid), "por": admin.pk, "convite": str(convite.uuid), "papel": papel},
    )
    return convite


def _convite_do_grupo_travado(grupo, convite_uuid) -> Convite:
    convite = (
        Convite.objects.select_for_update()
        .filter(grupo=grupo, uuid=convite_uuid, status=StatusConvite.PENDENTE)
        .first()
    )
    if convite is None:
        raise ConviteNaoEncontrado()
    return convite


def cancelar_convite(*, admin, grupo: GrupoEstudo, convite_uuid) -> Convite:
    """FA02: cancela um convite (e-mail ou link); o token para de valer na hora."""
    with transaction.atomic():
        grupo = grupos_services.travar_grupo(grupo.pk)
        grupos_services.exigir_administrador(grupo, admin)
        convite = _convite_do_grupo_travado(grupo, convite_uuid)
        convite.status = StatusConvite.CANCELADO
        convite.respondido_em = _agora()
        convite.save(update_fields=["status", "respondido_em"])
    logger.info(
        "convite cancelado",
        extra={"grupo": str(grupo.uuid), "por": admin.pk, "convite": str(convite.uuid), "tipo": convite.tipo},
    )
    return convite


def reenviar_convite(*, admin, grupo: GrupoEstudo, convite_uuid) -> Convite:
    """FA01: novo token (o link antigo morre), nova validade e um novo e-mail na fila."""
    with transaction.atomic():
        grupo = grupos_services.travar_grupo(grupo.pk)
        grupos_services.exigir_administrador(grupo, admin)
        convite = _convite_do_grupo_travado(grupo, convite_uuid)
        if convite.tipo != TipoConvite.EMAIL:
            raise DadosInvalidos("Links não são reenviados: crie um link novo e revogue o antigo.")
        convite.sal = novo_sal()
        convite.token_hash = hash_do_token(gerar_token(convite.uuid, convite.sal))
        convite.expira_em = _agora() + timedelta(days=settings.CONVITE_VALIDADE_DIAS)
        convite.email_enviado_em = None
        convite.email_reservado_em = None
        convite.email_tentativas = 0
        convite.email_falha = ""
        convite.reenviado_em = _agora()
        convite.save()
        enviar_emails_de_convites.enqueue([convite.pk])
    logger.info(
        "convite reenviado", extra={"grupo": str(grupo.uuid), "por": admin.pk, "convite": str(convite.uuid)}
    )
    return convite


def convite_pelo_token(token: str | None) -> Convite:
    """O convite de um link /convites/<token>/, se ainda vale. Só leitura (um GET usa isto)."""
    if not token or len(token) > 128:
        raise ConviteInvalido()
    convite = (
        Convite.objects.select_related("grupo", "convidado_por")
        .filter(token_hash=hash_do_token(token))
        .first()
    )
    if convite is None or not convite_utilizavel(convite, _agora()):
        raise ConviteInvalido()
    return convite


def _convite_para_responder(*, usuario, token=None, convite_uuid=None) -> Convite:
    if token is not None:
        return convite_pelo_token(token)
    # Sem token, só o convite por e-mail endereçado a esta conta ("Meus convites") — e só se a
    # conta provou que o e-mail é dela: qualquer um pode se cadastrar com o e-mail de outra pessoa.
    if not usuario.email_confirmado:
        raise EmailNaoConfirmado()
    convite = (
        Convite.objects.select_related("grupo", "convidado_por")
        .filter(uuid=convite_uuid, tipo=TipoConvite.EMAIL, email=normalizar_email(usuario.email))
        .first()
    )
    if convite is None or not convite_utilizavel(convite, _agora()):
        raise ConviteInvalido()
    return convite


def aceitar_convite(*, usuario, token: str | None = None, convite_uuid=None) -> ResultadoEntrada:
    """Aceita: entra no grupo com o papel do convite (limite vale sob a trava), registra o uso e
    avisa quem convidou e os administradores. Convite por e-mail: só a conta daquele e-mail."""
    convite = _convite_para_responder(usuario=usuario, token=token, convite_uuid=convite_uuid)
    with transaction.atomic():
        grupo = grupos_services.travar_grupo(convite.grupo_id)
        convite = (
            Convite.objects.select_for_update(of=("self",)).select_related("convidado_por").get(pk=convite.pk)
        )
        if not convite_utilizavel(convite, _agora()):
            raise ConviteInvalido()
        if convite.tipo == TipoConvite.EMAIL and convite.email != normalizar_email(usuario.email):
            raise ConviteDeOutraPessoa()
        try:
            participacao, criou = grupos_services.adicionar_membro(
                grupo=grupo,
                usuario=usuario,
                origem=Origem.CONVITE,
                papel=convite.papel,
                aprovado_por=convite.convidado_por,
            )
        except UsuarioBloqueado as erro:
            raise ConviteInvalido() from erro
        if convite.tipo == TipoConvite.EMAIL:
            convite.status = StatusConvite.ACEITO
            convite.respondido_em = _agora()
            convite.save(update_fields=["status", "respondido_em"])
            if token is not None:
                # O link chegou à caixa deste e-mail: vale como confirmação.
                contas_services.confirmar_email(usuario=usuario)
        if criou:
            if convite.tipo == TipoConvite.LINK:
                Convite.objects.filter(pk=convite.pk).update(usos=F("usos") + 1)
            # Quem saiu (ou foi removido) e volta pelo mesmo link reaproveita o registro de uso.
            UsoConvite.objects.update_or_create(
                convite=convite,
                usuario=usuario,
                defaults={"participacao": participacao, "usado_em": _agora()},
            )
            SolicitacaoParticipacao.objects.filter(
                grupo=grupo, usuario=usuario, status=StatusSolicitacao.PENDENTE
            ).update(status=StatusSolicitacao.CANCELADA, decidida_em=_agora())
            avisar = [
                p.usuario
                for p in Participacao.objects.filter(grupo=grupo, papel=Papel.ADMINISTRADOR).select_related(
                    "usuario"
                )
                if p.usuario_id != usuario.pk
            ]
            if convite.convidado_por and convite.convidado_por.pk != usuario.pk:
                avisar.append(convite.convidado_por)
            notificar(
                destinatarios=avisar,
                tipo="convite_aceito",
                texto=f"{usuario.nome} aceitou o convite e entrou no grupo “{grupo.nome}”.",
                link=f"/grupos/{grupo.uuid}/",
            )
    logger.info(
        "convite aceito",
        extra={
            "grupo": str(grupo.uuid),
            "usuario": usuario.pk,
            "convite": str(convite.uuid),
            "tipo": convite.tipo,
            "entrou": criou,
        },
    )
    return ResultadoEntrada(Situacao.ENTROU if criou else Situacao.JA_MEMBRO, grupo)


def recusar_convite(*, usuario, token: str | None = None, convite_uuid=None) -> Convite:
    """Recusa. Convite por e-mail: só quem o recebeu, e quem convidou é avisado. Link: nada
    muda (recusar um link é só não usá-lo)."""
    convite = _convite_para_responder(usuario=usuario, token=token, convite_uuid=convite_uuid)
    if convite.tipo == TipoConvite.LINK:
        return convite
    with transaction.atomic():
        grupos_services.travar_grupo(convite.grupo_id)
        convite = (
            Convite.objects.select_for_update(of=("self",))
            .select_related("grupo", "convidado_por")
            .get(pk=convite.pk)
        )
        if not convite_utilizavel(convite, _agora()):
            raise ConviteInvalido()
        if convite.email != normalizar_email(usuario.email):
            raise ConviteDeOutraPessoa()
        convite.status = StatusConvite.RECUSADO
        convite.respondido_em = _agora()
        convite.save(update_fields=["status", "respondido_em"])
        if convite.convidado_por:
            notificar(
                destinatarios=[convite.convidado_por],
                tipo="convite_recusado",
                texto=f"{usuario.nome} recusou o convite para o grupo “{convite.grupo.nome}”.",
            )
    logger.info(
        "convite recusado",
        extra={"grupo": str(convite.grupo.uuid), "usuario": usuario.pk, "convite": str(convite.uuid)},
    )
    return convite


def alterar_membros_podem_convidar(*, admin, grupo: GrupoEstudo, permitir: bool) -> GrupoEstudo:
    with transaction.atomic():
        grupo = grupos_services.travar_grupo(grupo.pk)
        grupos_services.exigir_administrador(grupo, admin)
        grupo.membros_podem_convidar = permitir
        grupo.save(update_fields=["membros_podem_convidar", "atualizado_em"])
    logger.info(
        "permissão de convite alterada",
        extra={"grupo": str(grupo.uuid), "permitir": permitir, "por": admin.pk},
    )
    return grupo
