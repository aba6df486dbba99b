"""Formatos da API (nomes em inglês, como as sementes; mensagens em pt-BR)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from convites.tasks import link_do_convite
from grupos.models import Papel, Privacidade

PRIVACIDADE = {Privacidade.PUBLICO: "public", Privacidade.PRIVADO: "private"}
PRIVACIDADE_DE = {v: k for k, v in PRIVACIDADE.items()}
PAPEL = {Papel.ADMINISTRADOR: "admin", Papel.MEMBRO: "member"}
PAPEL_DE = {v: k for k, v in PAPEL.items()}
ORIGEM = {"criador": "creator", "codigo": "code", "solicitacao": "approved_request", "convite": "invite"}
STATUS_SOLICITACAO = {
    "pendente": "pending",
    "aprovada": "approved",
    "recusada": "rejected",
    "cancelada": "cancelled",
}
STATUS_CONVITE = {
    "pendente": "pending",
    "aceito": "accepted",
    "recusado": "rejected",
    "cancelado": "cancelled",
    "expirado": "expired",
}
SITUACAO_EMAIL = {
    "sera_convidado": "invited",
    "ja_membro": "already_member",
    "convite_pendente": "already_invited",
    "invalido": "invalid",
    "repetido": "duplicate",
    "bloqueado": "not_allowed",
}


class ErroSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Mensagem em pt-BR, pronta para mostrar ao usuário.")
    code = serializers.CharField(help_text="Código estável do erro, para o app decidir o que fazer.")
    errors = serializers.DictField(required=False, help_text="Só em 400 de validação: mensagens por campo.")


class PessoaSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="nome")


class GrupoResumoSerializer(serializers.Serializer):
    """O que quem ainda não é membro pode ver (prévia de um grupo privado)."""

    id = serializers.UUIDField(source="uuid")
    name = serializers.CharField(source="nome")
    description = serializers.CharField(source="descricao")
    privacy = serializers.SerializerMethodField()
    member_count = serializers.IntegerField(source="num_membros")

    @extend_schema_field(serializers.ChoiceField(choices=["public", "private"]))
    def get_privacy(self, grupo):
        return PRIVACIDADE[grupo.privacidade]


class GrupoSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="grupo.uuid")
    name = serializers.CharField(source="grupo.nome")
    description = serializers.CharField(source="grupo.descricao")
    privacy = serializers.SerializerMethodField()
    max_members = serializers.IntegerField(source="grupo.max_membros")
    member_count = serializers.IntegerField(source="num_membros")
    invite_code = serializers.CharField(source="grupo.codigo_convite")
    code_enabled = serializers.BooleanField(source="grupo.entrada_por_codigo_ativa")
    members_can_invite = serializers.BooleanField(source="grupo.membros_podem_convidar")
    my_role = serializers.SerializerMethodField()
    share_link = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(source="grupo.criado_em")

    @extend_schema_field(serializers.ChoiceField(choices=["public", "private"]))
    def get_privacy(self, participacao):
        return PRIVACIDADE[participacao.grupo.privacidade]

    @extend_schema_field(serializers.ChoiceField(choices=["admin", "member"]))
    def get_my_role(self, participacao):
        return PAPEL[participacao.papel]

    def get_share_link(self, participacao) -> str:
        from grupos.compartilhar import link_do_codigo

        return link_do_codigo(participacao.grupo.codigo_convite)


class MembroSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Id da participação no grupo.")
    user = PessoaSerializer(source="usuario")
    role = serializers.SerializerMethodField()
    origin = serializers.SerializerMethodField()
    joined_at = serializers.DateTimeField(source="entrou_em")

    @extend_schema_field(serializers.ChoiceField(choices=["admin", "member"]))
    def get_role(self, p):
        return PAPEL[p.papel]

    @extend_schema_field(serializers.ChoiceField(choices=list(ORIGEM.values()), allow_null=True))
    def get_origin(self, p):
        """Como a pessoa entrou: só para administradores (como na página); para os outros, null."""
        return ORIGEM[p.origem] if self.context.get("mostrar_origem") else None


class GrupoDetalheSerializer(GrupoSerializer):
    members = serializers.SerializerMethodField()

    @extend_schema_field(MembroSerializer(many=True))
    def get_members(self, participacao):
        return MembroSerializer(
            self.context["membros"], many=True, context={"mostrar_origem": participacao.e_administrador}
        ).data


class CriarGrupoSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    description = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    privacy = serializers.ChoiceField(choices=["public", "private"], default="public")
    max_members = serializers.IntegerField(default=50, min_value=2, max_value=500)


class CodigoSerializer(serializers.Serializer):
    code = serializers.CharField(
        max_length=100, help_text="O código como a pessoa digitou (sem diferença de caixa)."
    )


class ResultadoEntradaSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["joined", "already_member", "requires_approval"])
    requires_approval = serializers.BooleanField()
    group = GrupoResumoSerializer()
    pending_request_id = serializers.IntegerField(allow_null=True)


class PedirEntradaSerializer(serializers.Serializer):
    code = serializers.CharField(
        max_length=100, help_text="O código do grupo (exigido: é a prova de que a pessoa o recebeu)."
    )
    message = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=500,
        default="",
        help_text="O que você quer estudar? (opcional)",
    )


class SolicitacaoSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    user = PessoaSerializer(source="usuario")
    email = serializers.EmailField(source="usuario.email")
    message = serializers.CharField(source="mensagem")
    status = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(source="criada_em")

    @extend_schema_field(serializers.ChoiceField(choices=list(STATUS_SOLICITACAO.values())))
    def get_status(self, s):
        return STATUS_SOLICITACAO[s.status]


class MinhaSolicitacaoSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.SerializerMethodField()
    created = serializers.BooleanField(
        help_text="false quando já havia um pedido pendente (nada novo foi criado)."
    )

    @extend_schema_field(serializers.ChoiceField(choices=list(STATUS_SOLICITACAO.values())))
    def get_status(self, s):
        return STATUS_SOLICITACAO[s.status]


class EmailsSerializer(serializers.Serializer):
    emails = serializers.ListField(
        child=serializers.CharField(max_length=320, allow_blank=True),
        allow_empty=False,
        help_text="Até 50 e-mails. Minúsculas/maiúsculas não importam; repetidos são ignorados.",
    )
    role = serializers.ChoiceField(choices=["member", "admin"], default="member")


class ResultadoEmailSerializer(serializers.Serializer):
    email = serializers.CharField()
    status = serializers.ChoiceField(choices=list(SITUACAO_EMAIL.values()))


class ResultadoLoteSerializer(serializers.Serializer):
    success = serializers.BooleanField()
    message = serializers.CharField()
    invited = serializers.IntegerField()
    results = ResultadoEmailSerializer(many=True)


class CriarConviteSerializer(serializers.Serializer):
    invite_type = serializers.ChoiceField(choices=["email", "link"])
    email = serializers.CharField(required=False, allow_blank=True, max_length=320)
    role = serializers.ChoiceField(choices=["member", "admin"], default="member")
    expires_in_days = serializers.ChoiceField(
        choices=[1, 7, 30],
        required=False,
        allow_null=True,
        default=7,
        help_text="Só para link: 1, 7, 30 ou null (sem validade).",
    )
    max_uses = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=1000,
        default=None,
        help_text="Só para link: null = sem limite.",
    )

    def validate(self, dados):
        if dados["invite_type"] == "email" and not (dados.get("email") or "").strip():
            raise serializers.ValidationError({"email": ["Informe o e-mail para um convite por e-mail."]})
        return dados


class ConviteSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    group = serializers.SerializerMethodField()
    invite_type = serializers.CharField(source="tipo")
    email = serializers.CharField(allow_blank=True)
    role = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    expires_at = serializers.DateTimeField(source="expira_em", allow_null=True)
    created_at = serializers.DateTimeField(source="criado_em")
    invited_by = serializers.SerializerMethodField()
    invite_link = serializers.SerializerMethodField()
    uses = serializers.IntegerField(source="usos")
    max_uses = serializers.IntegerField(source="max_usos", allow_null=True)
    email_sent_at = serializers.DateTimeField(source="email_enviado_em", allow_null=True)
    email_error = serializers.SerializerMethodField()

    def get_group(self, c) -> dict:
        return {"id": str(c.grupo.uuid), "name": c.grupo.nome}

    @extend_schema_field(serializers.ChoiceField(choices=["admin", "member"]))
    def get_role(self, c):
        return PAPEL[c.papel]

    @extend_schema_field(serializers.ChoiceField(choices=list(STATUS_CONVITE.values())))
    def get_status(self, c):
        return STATUS_CONVITE[c.status]

    def get_invited_by(self, c) -> str | None:
        return c.convidado_por.nome if c.convidado_por else None

    def get_invite_link(self, c) -> str | None:
        """Para os administradores (nunca para quem só foi convidado)."""
        if not self.context.get("mostrar_link"):
            return None
        return link_do_convite(c)

    def get_email_error(self, c) -> str | None:
        if c.email_falha:
            return "O e-mail não pôde ser enviado, mas o convite pode ser aceito pelo link ou reenviado."
        return None


class ResponderConviteSerializer(serializers.Serializer):
    token = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=128,
        help_text="O token do link (/convites/<token>/). Obrigatório para links; convites por e-mail "
        "endereçados a você podem ser respondidos só pelo id.",
    )


class NotificacaoSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    type = serializers.CharField(source="tipo")
    text = serializers.CharField(source="texto")
    link = serializers.CharField()
    created_at = serializers.DateTimeField(source="criada_em")
    read_at = serializers.DateTimeField(source="lida_em", allow_null=True)


class ModeloEntradaSerializer(serializers.Serializer):
    scope = serializers.ChoiceField(
        choices=["GLOBAL", "USER"], default="USER", help_text="GLOBAL só para a equipe."
    )
    code = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=50,
        help_text="Opcional: vazio ou ausente = gerado (G-… ou U-…). Único dentro do escopo.",
    )
    autoCode = serializers.BooleanField(
        required=False, default=False, help_text="true: ignora `code` e gera um."
    )
    name = serializers.CharField(max_length=100)
    description = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    privacy = serializers.ChoiceField(choices=["public", "private"], default="public")
    max_members = serializers.IntegerField(default=50, min_value=2, max_value=500)


class ModeloSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    scope = serializers.CharField(source="escopo")
    code = serializers.CharField(source="codigo")
    name = serializers.CharField(source="nome")
    description = serializers.CharField(source="descricao")
    privacy = serializers.SerializerMethodField()
    max_members = serializers.IntegerField(source="max_membros")
    owner_id = serializers.IntegerField(source="dono_id", allow_null=True)

    @extend_schema_field(serializers.ChoiceField(choices=["public", "private"]))
    def get_privacy(self, modelo):
        return PRIVACIDADE[modelo.privacidade]
