from django.conf import settings
from django.db import models
from django.db.models import Q


class Notificacao(models.Model):
    """Um aviso para uma pessoa. Não sabe nada de grupos: recebe um tipo, um texto e um link."""

    destinatario = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notificacoes"
    )
    tipo = models.CharField("tipo", max_length=40)
    texto = models.CharField("texto", max_length=300)
    link = models.CharField("link", max_length=300, blank=True)
    criada_em = models.DateTimeField("criada em", auto_now_add=True, db_index=True)
    lida_em = models.DateTimeField("lida em", null=True, blank=True)
    # Guarda de idempotência do e-mail: um reenvio da tarefa nunca manda duas vezes.
    email_enviado_em = models.DateTimeField("e-mail enviado em", null=True, blank=True)
    email_tentativas = models.PositiveSmallIntegerField("tentativas de e-mail", default=0)
    email_falha = models.CharField("última falha do e-mail", max_length=300, blank=True)
    # Reserva do envio: dois workers (ou uma tarefa reenfileirada) nunca mandam o mesmo e-mail
    # ao mesmo tempo; uma reserva velha (worker morto) vence e pode ser retomada.
    email_reservado_em = models.DateTimeField("envio reservado em", null=True, blank=True)

    class Meta:
        verbose_name = "notificação"
        verbose_name_plural = "notificações"
        ordering = ["-criada_em", "-pk"]
        indexes = [
            models.Index(fields=["destinatario", "-criada_em"], name="notificacao_recentes_idx"),
            # A contagem de não lidas do cabeçalho (toda página) lê só este índice parcial.
            models.Index(
                fields=["destinatario"], name="notificacao_nao_lidas_idx", condition=Q(lida_em__isnull=True)
            ),
        ]

    def __str__(self):
        return f"{self.destinatario_id}: {self.texto}"

    @property
    def lida(self) -> bool:
        return self.lida_em is not None
