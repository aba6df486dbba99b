from django.conf import settings
from django.db import models
from django.db.models import Q

from grupos.models import GrupoEstudo

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
