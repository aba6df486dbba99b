from django.conf import settings
from django.db import models


class ChaveIdempotencia(models.Model):
    """Idempotency-Key de um POST da API: a primeira resposta fica guardada e é devolvida nas
    repetições. O índice único (usuário, chave) é o que segura dois pedidos simultâneos."""

    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    chave = models.CharField("chave", max_length=255)
    rota = models.CharField("método e caminho", max_length=300)
    hash_corpo = models.CharField("hash do corpo", max_length=64)
    status_http = models.PositiveSmallIntegerField("status HTTP")
    resposta = models.JSONField("resposta", null=True)
    criada_em = models.DateTimeField("criada em", auto_now_add=True, db_index=True)

    class Meta:
        db_table = "api_chave_idempotencia"
        verbose_name = "chave de idempotência"
        verbose_name_plural = "chaves de idempotência"
        constraints = [
            models.UniqueConstraint(fields=["usuario", "chave"], name="idempotencia_chave_por_usuario")
        ]

    def __str__(self):
        return f"{self.usuario_id}:{self.chave}"
