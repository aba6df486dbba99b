import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from grupos.models import GrupoEstudo, Papel, Participacao

MENSAGEM_MAX = 500


class StatusSolicitacao(models.TextChoices):
    PENDENTE = "pendente", "Pendente"
    APROVADA = "aprovada", "Aprovada"
    RECUSADA = "recusada", "Recusada"
    CANCELADA = "cancelada", "Cancelada"


class SolicitacaoParticipacao(models.Model):
    """Pedido para entrar num grupo privado, feito por quem tem o código."""

    grupo = models.ForeignKey(GrupoEstudo, on_delete=models.CASCADE, related_name="solicitacoes")
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="solicitacoes"
    )
    mensagem = models.CharField("mensagem aos administradores", max_length=MENSAGEM_MAX, blank=True)
    status = models.CharField(
        "situação", max_length=10, choices=StatusSolicitacao.choices, default=StatusSolicitacao.PENDENTE
    )
    criada_em = models.DateTimeField("pedida em", auto_now_add=True)
    decidida_em = models.DateTimeField("decidida em", null=True, blank=True)
    decidida_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        db_table = "convites_solicitacao"
        verbose_name = "solicitação de participação"
        verbose_name_plural = "solicitações de participação"
        ordering = ["criada_em", "pk"]
        constraints = [
            # Duplo clique, recarga ou envios paralelos: no máximo uma pendente por pessoa e grupo.
            models.UniqueConstraint(
                fields=["grupo", "usuario"],
                condition=Q(status="pendente"),
                name="solicitacao_pendente_unica",
            ),
            models.CheckConstraint(
                condition=Q(status__in=StatusSolicitacao.values), name="solicitacao_status_valido"
            ),
        ]
        indexes = [
            models.Index(
                fields=["grupo", "criada_em"],
                name="solicitacao_pendentes_idx",
                condition=Q(status="pendente"),
            ),
        ]

    def __str__(self):
        return f"{self.usuario} → {self.grupo} ({self.get_status_display()})"


class TipoConvite(models.TextChoices):
    EMAIL = "email", "Por e-mail"
    LINK = "link", "Link compartilhável"


class StatusConvite(models.TextChoices):
    PENDENTE = "pendente", "Pendente"
    ACEITO = "aceito", "Aceito"
    RECUSADO = "recusado", "Recusado"
    CANCELADO = "cancelado", "Cancelado"
    EXPIRADO = "expirado", "Expirado"


class Convite(models.Model):
    """Convite por e-mail (para um endereço) ou por link (para quem tiver o link).

    O token nunca é gravado: o banco guarda um `sal` aleatório e o SHA-256 do token, que é
    HMAC(SECRET_KEY, uuid + sal). Assim o e-mail (montado pelo worker) e a página do
    administrador conseguem mostrar o link, e quem só lê o banco não consegue.
    """

    uuid = models.UUIDField("identificador público", default=uuid.uuid4, unique=True, editable=False)
    grupo = models.ForeignKey(GrupoEstudo, on_delete=models.CASCADE, related_name="convites")
    tipo = models.CharField("tipo", max_length=10, choices=TipoConvite.choices)
    email = models.EmailField("e-mail convidado", max_length=254, blank=True)
    papel = models.CharField("papel", max_length=20, choices=Papel.choices, default=Papel.MEMBRO)
    sal = models.CharField("sal do token", max_length=64)
    token_hash = models.CharField("hash do token", max_length=64, unique=True)
    status = models.CharField(
        "situação", max_length=10, choices=StatusConvite.choices, default=StatusConvite.PENDENTE
    )
    expira_em = models.DateTimeField("expira em", null=True, blank=True)
    max_usos = models.PositiveIntegerField("máximo de usos", null=True, blank=True)
    usos = models.PositiveIntegerField("usos", default=0)
    convidado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="convites_feitos"
    )
    criado_em = models.DateTimeField("criado em", auto_now_add=True)
    respondido_em = models.DateTimeField("respondido em", null=True, blank=True)
    email_enviado_em = models.DateTimeField("e-mail enviado em", null=True, blank=True)
    email_tentativas = models.PositiveSmallIntegerField("tentativas de e-mail", default=0)
    email_falha = models.CharField("última falha do e-mail", max_length=300, blank=True)
    # Reserva do envio: dois workers (ou uma tarefa reenfileirada) nunca mandam o mesmo e-mail
    # ao mesmo tempo; uma reserva velha (worker morto) vence e pode ser retomada.
    email_reservado_em = models.DateTimeField("envio reservado em", null=True, blank=True)
    reenviado_em = models.DateTimeField("reenviado em", null=True, blank=True)

    class Meta:
        db_table = "convites_convite"
        verbose_name = "convite"
        verbose_name_plural = "convites"
        ordering = ["-criado_em", "-pk"]
        constraints = [
            # FE02 até sob concorrência: um convite pendente por e-mail e grupo.
            models.UniqueConstraint(
                fields=["grupo", "email"],
                condition=Q(status="pendente", tipo="email"),
                name="convite_pendente_unico_por_email",
            ),
            models.CheckConstraint(
                condition=(Q(tipo="email") & ~Q(email="")) | (Q(tipo="link") & Q(email="")),
                name="convite_email_so_no_tipo_email",
            ),
            models.CheckConstraint(
                condition=Q(max_usos__isnull=True) | (Q(tipo="link") & Q(usos__lte=models.F("max_usos"))),
                name="convite_usos_dentro_do_maximo",
            ),
            models.CheckConstraint(condition=Q(tipo__in=TipoConvite.values), name="convite_tipo_valido"),
            models.CheckConstraint(
                condition=Q(status__in=StatusConvite.values), name="convite_status_valido"
            ),
            models.CheckConstraint(condition=Q(papel__in=Papel.values), name="convite_papel_valido"),
        ]
        indexes = [
            models.Index(fields=["email"], name="convite_pendente_email_idx", condition=Q(status="pendente")),
            models.Index(
                fields=["grupo", "tipo"], name="convite_pendente_grupo_idx", condition=Q(status="pendente")
            ),
        ]

    def __str__(self):
        alvo = self.email or "link"
        return f"Convite {alvo} → {self.grupo} ({self.get_status_display()})"


class UsoConvite(models.Model):
    """Quem entrou por qual convite (um por pessoa e convite; o de link tem vários)."""

    convite = models.ForeignKey(Convite, on_delete=models.CASCADE, related_name="usos_registrados")
    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    participacao = models.OneToOneField(
        Participacao, on_delete=models.SET_NULL, null=True, blank=True, related_name="uso_convite"
    )
    usado_em = models.DateTimeField("usado em", default=timezone.now)

    class Meta:
        db_table = "convites_uso"
        verbose_name = "uso de convite"
        verbose_name_plural = "usos de convites"
        ordering = ["usado_em", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["convite", "usuario"], name="uso_convite_unico_por_pessoa")
        ]

    def __str__(self):
        return f"{self.usuario_id} entrou pelo convite {self.convite_id}"


def convite_utilizavel(convite: Convite, agora) -> bool:
    """Pendente, dentro da validade e (link) com usos sobrando."""
    return (
        convite.status == StatusConvite.PENDENTE
        and (convite.expira_em is None or convite.expira_em > agora)
        and (convite.max_usos is None or convite.usos < convite.max_usos)
    )
