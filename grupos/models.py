import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length, Substr
from django.db.models.lookups import Exact, In

from .codigos import ALFABETO, COMPRIMENTO

MAX_MEMBROS_MINIMO = 2


def _codigo_no_alfabeto(campo: str) -> Q:
    """CHECK portátil (SQLite e PostgreSQL, sem REGEXP): 7 caracteres, cada um do alfabeto.

    A comparação IN é sensível a maiúsculas nos dois bancos, então "abcdefg" é recusado.
    """
    condicao = Q(Exact(Length(campo), COMPRIMENTO))
    for posicao in range(1, COMPRIMENTO + 1):
        condicao &= Q(In(Substr(campo, posicao, 1), list(ALFABETO)))
    return condicao


class Privacidade(models.TextChoices):
    PUBLICO = "publico", "Público"
    PRIVADO = "privado", "Privado"


class Papel(models.TextChoices):
    ADMINISTRADOR = "administrador", "Administrador"
    MEMBRO = "membro", "Membro"


class Origem(models.TextChoices):
    CRIADOR = "criador", "Criador do grupo"
    CODIGO = "codigo", "Entrou pelo código"
    SOLICITACAO = "solicitacao", "Solicitação aprovada"
    CONVITE = "convite", "Convite"


class GrupoEstudo(models.Model):
    uuid = models.UUIDField("identificador público", default=uuid.uuid4, unique=True, editable=False)
    nome = models.CharField("nome", max_length=100)
    descricao = models.TextField("descrição", blank=True, max_length=2000)
    privacidade = models.CharField(
        "privacidade", max_length=10, choices=Privacidade.choices, default=Privacidade.PUBLICO
    )
    max_membros = models.PositiveIntegerField("limite de membros", default=50)
    codigo_convite = models.CharField("código de convite", max_length=COMPRIMENTO)
    entrada_por_codigo_ativa = models.BooleanField("entrada por código ativa", default=True)
    membros_podem_convidar = models.BooleanField("membros podem convidar", default=False)
    # Token de uso único do formulário de criação: o duplo clique reenvia o mesmo token e o
    # índice único (criador, chave) faz o segundo envio devolver o grupo do primeiro.
    chave_criacao = models.UUIDField("chave de criação", null=True, blank=True, editable=False)
    criador = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="criador",
        on_delete=models.SET_NULL,
        null=True,
        related_name="grupos_criados",
    )
    criado_em = models.DateTimeField("criado em", auto_now_add=True)
    atualizado_em = models.DateTimeField("atualizado em", auto_now=True)

    class Meta:
        db_table = "grupos_estudo"
        verbose_name = "grupo de estudo"
        verbose_name_plural = "grupos de estudo"
        ordering = ["nome"]
        constraints = [
            models.UniqueConstraint(fields=["codigo_convite"], name="grupo_codigo_convite_unico"),
            models.UniqueConstraint(
                fields=["criador", "chave_criacao"],
                condition=Q(chave_criacao__isnull=False),
                name="grupo_chave_criacao_unica",
            ),
            models.CheckConstraint(
                condition=_codigo_no_alfabeto("codigo_convite"), name="grupo_codigo_convite_formato"
            ),
            models.CheckConstraint(
                condition=Q(privacidade__in=Privacidade.values), name="grupo_privacidade_valida"
            ),
            models.CheckConstraint(
                condition=Q(max_membros__gte=MAX_MEMBROS_MINIMO), name="grupo_max_membros_minimo"
            ),
        ]

    def __str__(self):
        return f"{self.nome} ({self.codigo_convite})"


class Participacao(models.Model):
    """Um membro ativo de um grupo. Sair ou ser removido apaga a linha."""

    grupo = models.ForeignKey(GrupoEstudo, on_delete=models.CASCADE, related_name="participacoes")
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participacoes"
    )
    papel = models.CharField("papel", max_length=20, choices=Papel.choices, default=Papel.MEMBRO)
    origem = models.CharField("como entrou", max_length=20, choices=Origem.choices)
    aprovado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="aprovado por",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    entrou_em = models.DateTimeField("entrou em", auto_now_add=True)

    class Meta:
        db_table = "grupos_participacao"
        verbose_name = "participação"
        verbose_name_plural = "participações"
        ordering = ["entrou_em"]
        constraints = [
            models.UniqueConstraint(fields=["grupo", "usuario"], name="participacao_unica_por_grupo"),
            models.CheckConstraint(condition=Q(papel__in=Papel.values), name="participacao_papel_valido"),
            models.CheckConstraint(condition=Q(origem__in=Origem.values), name="participacao_origem_valida"),
        ]
        indexes = [models.Index(fields=["usuario", "grupo"], name="participacao_usuario_idx")]

    def __str__(self):
        return f"{self.usuario} em {self.grupo} ({self.get_papel_display()})"

    @property
    def e_administrador(self) -> bool:
        return self.papel == Papel.ADMINISTRADOR


class Bloqueio(models.Model):
    """Quem um administrador bloqueou: não entra por código nem por link, nem pede para entrar."""

    grupo = models.ForeignKey(GrupoEstudo, on_delete=models.CASCADE, related_name="bloqueios")
    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    motivo = models.CharField("motivo", max_length=300, blank=True)
    bloqueado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    criado_em = models.DateTimeField("bloqueado em", auto_now_add=True)

    class Meta:
        db_table = "grupos_bloqueio"
        verbose_name = "bloqueio"
        verbose_name_plural = "bloqueios"
        ordering = ["-criado_em"]
        constraints = [models.UniqueConstraint(fields=["grupo", "usuario"], name="bloqueio_unico_por_grupo")]

    def __str__(self):
        return f"{self.usuario} bloqueado em {self.grupo}"


class Escopo(models.TextChoices):
    GLOBAL = "GLOBAL", "Global (da equipe)"
    USER = "USER", "Do usuário"


MODELO_CODIGO_MAX = 50


class ModeloGrupo(models.Model):
    """Padrões para criar grupos (semente 001). `codigo` é único dentro do escopo: entre os
    GLOBAL, e por dono entre os USER — garantido por índices únicos parciais."""

    escopo = models.CharField("escopo", max_length=6, choices=Escopo.choices, default=Escopo.USER)
    dono = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dono",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="modelos_de_grupo",
    )
    codigo = models.CharField("código", max_length=MODELO_CODIGO_MAX)
    nome = models.CharField("nome do grupo", max_length=100)
    descricao = models.TextField("descrição", blank=True, max_length=2000)
    privacidade = models.CharField(
        "privacidade", max_length=10, choices=Privacidade.choices, default=Privacidade.PUBLICO
    )
    max_membros = models.PositiveIntegerField("limite de membros", default=50)
    criado_em = models.DateTimeField("criado em", auto_now_add=True)
    atualizado_em = models.DateTimeField("atualizado em", auto_now=True)

    class Meta:
        db_table = "grupos_modelo"
        verbose_name = "modelo de grupo"
        verbose_name_plural = "modelos de grupo"
        ordering = ["escopo", "nome", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(escopo="GLOBAL") & Q(dono__isnull=True))
                | (Q(escopo="USER") & Q(dono__isnull=False)),
                name="modelo_global_sem_dono",
            ),
            models.UniqueConstraint(
                fields=["codigo"], condition=Q(escopo="GLOBAL"), name="modelo_codigo_unico_global"
            ),
            models.UniqueConstraint(
                fields=["dono", "codigo"], condition=Q(escopo="USER"), name="modelo_codigo_unico_por_usuario"
            ),
            models.CheckConstraint(condition=~Q(codigo=""), name="modelo_codigo_nao_vazio"),
            models.CheckConstraint(
                condition=Q(max_membros__gte=MAX_MEMBROS_MINIMO), name="modelo_max_membros_minimo"
            ),
            models.CheckConstraint(
                condition=Q(privacidade__in=Privacidade.values), name="modelo_privacidade_valida"
            ),
        ]

    def __str__(self):
        return f"{self.nome} ({self.codigo})"
