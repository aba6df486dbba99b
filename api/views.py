"""A API para os apps: as mesmas funções de serviço das páginas, com nomes da semente em inglês.

Regra: nenhuma regra de negócio mora aqui. Cada view valida o formato, chama um serviço e
devolve o resultado; os erros de domínio viram {"detail", "code"} em api/excecoes.py.
"""

from django.conf import settings
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from contas.limites import espera_se_excedeu
from contas.models import normalizar_email
from convites import limites
from convites import selectors as convites_selectors
from convites import services as convites_services
from grupos import selectors as grupos_selectors
from grupos import services as grupos_services
from grupos.erros import SemPermissao
from notificacoes import selectors as notificacoes_selectors
from notificacoes import services as notificacoes_services
from pontoschool.erros import ErroDominio

from . import serializers as s
from .idempotencia import idempotente

ERROS = {
    400: OpenApiResponse(s.ErroSerializer, description="Dados inválidos"),
    401: OpenApiResponse(s.ErroSerializer, description="Sem credenciais ou token inválido/expirado"),
    403: OpenApiResponse(s.ErroSerializer, description="Sem permissão"),
    404: OpenApiResponse(s.ErroSerializer, description="Não encontrado (ou você não é membro)"),
    409: OpenApiResponse(
        s.ErroSerializer, description="Conflito (limite de membros, já é membro, código em uso…)"
    ),
    422: OpenApiResponse(s.ErroSerializer, description="Idempotency-Key reutilizada com outro corpo"),
}
LIMITE = {
    429: OpenApiResponse(
        s.ErroSerializer, description="Tentativas demais de código; veja o cabeçalho Retry-After"
    ),
    503: OpenApiResponse(
        s.ErroSerializer, description="Limite de tentativas indisponível; tente depois (Retry-After)"
    ),
}
CHAVE = OpenApiParameter(
    "Idempotency-Key",
    {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
    OpenApiParameter.HEADER,
    required=False,
    description="Opcional. Repetir o pedido com a mesma chave e o mesmo corpo devolve a primeira resposta "
    "sem criar nada de novo (use um UUID por operação). A chave vale por 24 h.",
)


def _erros(*codigos, extra=None):
    return {c: ERROS[c] for c in codigos} | (extra or {})


class NaoEncontrado(ErroDominio):
    mensagem = "Não encontrado."
    codigo = "nao_encontrado"
    status = 404


def _participacao(request, grupo_id):
    """Só membros enxergam o grupo: para os outros ele não existe (404)."""
    participacao = grupos_selectors.participacao_do_membro(grupo_uuid=grupo_id, usuario=request.user)
    if participacao is None:
        raise NaoEncontrado("Grupo não encontrado.")
    return participacao


def _administrador(request, grupo_id):
    participacao = _participacao(request, grupo_id)
    if not participacao.e_administrador:
        raise SemPermissao()
    return participacao


def _grupo(request, grupo_id):
    participacao = _participacao(request, grupo_id)
    return s.GrupoSerializer(participacao).data


def _resumo(grupo) -> dict:
    return s.GrupoResumoSerializer(grupo).data


# --- grupos -----------------------------------------------------------------------------------


class GruposView(APIView):
    @extend_schema(
        tags=["Grupos"],
        summary="Meus grupos",
        responses={200: s.GrupoSerializer(many=True), **_erros(401)},
    )
    def get(self, request):
        return Response(
            s.GrupoSerializer(grupos_selectors.participacoes_do_usuario(request.user), many=True).data
        )

    @extend_schema(
        tags=["Grupos"],
        summary="Criar grupo",
        description="Cria o grupo com um código de convite único (`invite_code`); quem cria vira administrador.",
        request=s.CriarGrupoSerializer,
        parameters=[CHAVE],
        responses={201: s.GrupoSerializer, **_erros(400, 401, 422)},
    )
    @idempotente
    def post(self, request):
        dados = s.CriarGrupoSerializer(data=request.data)
        dados.is_valid(raise_exception=True)
        d = dados.validated_data
        grupo = grupos_services.criar_grupo(
            criador=request.user,
            nome=d["name"],
            descricao=d["description"],
            privacidade=s.PRIVACIDADE_DE[d["privacy"]],
            max_membros=d["max_members"],
        )
        return Response(_grupo(request, grupo.uuid), status=status.HTTP_201_CREATED)


class GrupoView(APIView):
    @extend_schema(
        tags=["Grupos"],
        summary="Um grupo (só para membros)",
        responses={200: s.GrupoDetalheSerializer, **_erros(401, 404)},
    )
    def get(self, request, grupo_id):
        participacao = _participacao(request, grupo_id)
        membros = grupos_selectors.membros_do_grupo(participacao.grupo)
        return Response(s.GrupoDetalheSerializer(participacao, context={"membros": membros}).data)


class EntrarView(APIView):
    @extend_schema(
        tags=["Entrar por código"],
        summary="Entrar com um código",
        description=(
            "Normaliza o código (caixa, espaços e hífens não importam) e:\n\n"
            "- grupo **público**: entra (`status: joined`) ou já era membro (`already_member`);\n"
            "- grupo **privado**: devolve a prévia com `requires_approval: true` — peça entrada em "
            "`POST /api/v1/groups/{id}/join-requests` com o mesmo código.\n\n"
            "Código inexistente, malformado, desativado ou de um grupo que bloqueou você: sempre o mesmo "
            "404 `codigo_invalido`. Cada tentativa conta no limite (429 com `Retry-After`)."
        ),
        request=s.CodigoSerializer,
        parameters=[CHAVE],
        responses={200: s.ResultadoEntradaSerializer, **_erros(400, 401, 404, 409, 422), **LIMITE},
    )
    @idempotente
    def post(self, request):
        dados = s.CodigoSerializer(data=request.data)
        dados.is_valid(raise_exception=True)
        texto = dados.validated_data["code"]
        resultado = limites.consultar_com_limite(
            request,
            texto,
            lambda: convites_services.entrar_por_codigo(usuario=request.user, codigo=texto),
            usar_sessao=False,
        )
        situacao = {
            convites_services.Situacao.ENTROU: "joined",
            convites_services.Situacao.JA_MEMBRO: "already_member",
            convites_services.Situacao.PRECISA_SOLICITAR: "requires_approval",
        }[resultado.situacao]
        grupo = resultado.grupo  # já veio com a prévia (membros, pedido pendente) da mesma consulta
        if resultado.situacao == convites_services.Situacao.ENTROU:
            grupo.num_membros += 1  # a contagem é de antes desta entrada
        return Response(
            {
                "status": situacao,
                "requires_approval": situacao == "requires_approval",
                "group": _resumo(grupo),
                "pending_request_id": grupo.solicitacao_pendente_id,
            }
        )


class SolicitacoesView(APIView):
    @extend_schema(
        tags=["Solicitações"],
        summary="Solicitações pendentes (administradores)",
        responses={200: s.SolicitacaoSerializer(many=True), **_erros(401, 403, 404)},
    )
    def get(self, request, grupo_id):
        grupo = _administrador(request, grupo_id).grupo
        return Response(
            s.SolicitacaoSerializer(convites_selectors.solicitacoes_pendentes(grupo), many=True).data
        )

    @extend_schema(
        tags=["Solicitações"],
        summary="Pedir para entrar num grupo privado",
        description=(
            "Exige o código do grupo (é a prova de que você o recebeu). Avisa todos os administradores. "
            "Com um pedido pendente, devolve o mesmo (`created: false`) — nunca dois."
        ),
        request=s.PedirEntradaSerializer,
        parameters=[CHAVE],
        responses={
            201: s.MinhaSolicitacaoSerializer,
            200: s.MinhaSolicitacaoSerializer,
            **_erros(400, 401, 404, 409, 422),
            **LIMITE,
        },
    )
    @idempotente
    def post(self, request, grupo_id):
        dados = s.PedirEntradaSerializer(data=request.data)
        dados.is_valid(raise_exception=True)
        texto = dados.validated_data["code"]
        grupo = limites.consultar_com_limite(
            request,
            texto,
            lambda: convites_services.buscar_por_codigo(usuario=request.user, codigo_digitado=texto),
            usar_sessao=False,
        )
        if grupo.uuid != grupo_id:
            raise convites_services.CodigoInvalido()
        solicitacao, criou = convites_services.solicitar_participacao(
            usuario=request.user, codigo=texto, mensagem=dados.validated_data["message"]
        )
        solicitacao.created = criou
        return Response(
            s.MinhaSolicitacaoSerializer(solicitacao).data,
            status=status.HTTP_201_CREATED if criou else status.HTTP_200_OK,
        )


class DecisaoView(APIView):
    acao = None  # "approve" | "reject"

    @extend_schema(
        tags=["Solicitações"],
        summary="Aprovar ou recusar uma solicitação (administradores)",
        request=None,
        responses={200: s.SolicitacaoSerializer, **_erros(401, 403, 404, 409)},
    )
    def post(self, request, grupo_id, solicitacao_id):
        grupo = _administrador(request, grupo_id).grupo
        servico = (
            convites_services.aprovar_solicitacao
            if self.acao == "approve"
            else convites_services.recusar_solicitacao
        )
        solicitacao = servico(admin=request.user, grupo=grupo, solicitacao_id=solicitacao_id)
        return Response(s.SolicitacaoSerializer(solicitacao).data)


class CancelarSolicitacaoView(APIView):
    @extend_schema(
        tags=["Solicitações"],
        summary="Cancelar o meu pedido pendente",
        request=None,
        responses={200: s.SolicitacaoSerializer, **_erros(401, 404)},
    )
    def post(self, request, solicitacao_id):
        solicitacao = convites_services.cancelar_solicitacao(
            usuario=request.user, solicitacao_id=solicitacao_id
        )
        return Response(s.SolicitacaoSerializer(solicitacao).data)


class CodigoView(APIView):
    acao = None  # "regenerate" | "disable" | "enable"

    @extend_schema(
        tags=["Grupos"],
        summary="Código do grupo: gerar novo, desativar ou ativar (administradores)",
        description="`regenerate`: o código antigo para de funcionar na hora. `disable`: o código dá "
        "404 `codigo_invalido` até `enable`.",
        request=None,
        responses={200: s.GrupoSerializer, **_erros(401, 403, 404)},
    )
    def post(self, request, grupo_id):
        grupo = _administrador(request, grupo_id).grupo
        if self.acao == "regenerate":
            grupos_services.gerar_novo_codigo(admin=request.user, grupo=grupo)
        else:
            grupos_services.definir_entrada_por_codigo(
                admin=request.user, grupo=grupo, ativa=self.acao == "enable"
            )
        return Response(_grupo(request, grupo_id))


# --- convites (sementes 002 e 003) ------------------------------------------------------------


class MembrosView(APIView):
    @extend_schema(
        tags=["Convites"],
        summary="Convidar vários por e-mail (semente 002)",
        description=(
            "Cria um convite por endereço novo (ninguém entra sem aceitar). Até 50 e-mails; "
            "membros, pendentes e repetidos são pulados e contados em `results`; inválidos não impedem "
            "os válidos. Membros + pendentes + novos precisam caber em `max_members` (senão 409 e nada é "
            "criado). Quem pode: administradores; membros, se o grupo permitir."
        ),
        request=s.EmailsSerializer,
        parameters=[CHAVE],
        responses={200: s.ResultadoLoteSerializer, **_erros(400, 401, 403, 404, 409, 422)},
        examples=[],
    )
    @idempotente
    def post(self, request, grupo_id):
        grupo = _participacao(request, grupo_id).grupo
        dados = s.EmailsSerializer(data=request.data)
        dados.is_valid(raise_exception=True)
        resultado = convites_services.convidar_por_email(
            quem=request.user,
            grupo=grupo,
            emails=dados.validated_data["emails"],
            papel=s.PAPEL_DE[dados.validated_data["role"]],
        )
        enviados = len(resultado.convites)
        return Response(
            {
                "success": True,
                "message": f"{enviados} convite{'s' if enviados != 1 else ''} enviado{'s' if enviados != 1 else ''} "
                f"para o grupo {grupo.nome}",
                "invited": enviados,
                "results": [
                    {"email": item.email, "status": s.SITUACAO_EMAIL[item.situacao]}
                    for item in resultado.analise.itens
                ],
            }
        )


_MENSAGENS_DE_UM_EMAIL = {
    "ja_membro": ("Este e-mail já é de um membro do grupo.", "ja_membro", 409),
    "convite_pendente": ("Já existe um convite pendente para este e-mail.", "convite_pendente", 409),
    "invalido": ("E-mail inválido.", "email_invalido", 400),
    "bloqueado": ("Este e-mail não pode ser convidado para o grupo.", "nao_pode_ser_convidado", 409),
}


class ConvitesView(APIView):
    @extend_schema(
        tags=["Convites"],
        summary="Convites pendentes e links ativos do grupo (administradores)",
        responses={200: s.ConviteSerializer(many=True), **_erros(401, 403, 404)},
    )
    def get(self, request, grupo_id):
        grupo = _administrador(request, grupo_id).grupo
        convites = [
            *convites_selectors.convites_por_email_pendentes(grupo),
            *convites_selectors.links_ativos(grupo),
        ]
        return Response(s.ConviteSerializer(convites, many=True, context={"mostrar_link": True}).data)

    @extend_schema(
        tags=["Convites"],
        summary="Convidar por e-mail ou gerar link (semente 003)",
        description=(
            "`invite_type: email` manda um e-mail com o link de aceite (FE02: membro ou pendente → 409). "
            "`invite_type: link` (só administradores) devolve `invite_link` para compartilhar; opcionais "
            "`expires_in_days` (1, 7, 30 ou null) e `max_uses`."
        ),
        request=s.CriarConviteSerializer,
        parameters=[CHAVE],
        responses={201: s.ConviteSerializer, **_erros(400, 401, 403, 404, 409, 422)},
    )
    @idempotente
    def post(self, request, grupo_id):
        participacao = _participacao(request, grupo_id)
        grupo = participacao.grupo
        dados = s.CriarConviteSerializer(data=request.data)
        dados.is_valid(raise_exception=True)
        d = dados.validated_data
        papel = s.PAPEL_DE[d["role"]]
        if d["invite_type"] == "link":
            convite = convites_services.criar_link_de_convite(
                admin=request.user,
                grupo=grupo,
                papel=papel,
                validade_dias=d.get("expires_in_days"),
                max_usos=d.get("max_uses"),
            )
        else:
            resultado = convites_services.convidar_por_email(
                quem=request.user, grupo=grupo, emails=[d["email"]], papel=papel
            )
            if not resultado.convites:
                mensagem, codigo, http = _MENSAGENS_DE_UM_EMAIL[resultado.analise.itens[0].situacao]
                return Response({"detail": mensagem, "code": codigo}, status=http)
            (convite,) = resultado.convites
        contexto = {"mostrar_link": participacao.e_administrador or convite.tipo == "link"}
        return Response(s.ConviteSerializer(convite, context=contexto).data, status=status.HTTP_201_CREATED)


class GerenciarConviteView(APIView):
    acao = None  # "cancel" | "resend"

    @extend_schema(
        tags=["Convites"],
        summary="Cancelar (FA02) ou reenviar (FA01) um convite (administradores)",
        request=None,
        responses={200: s.ConviteSerializer, **_erros(400, 401, 403, 404)},
    )
    def post(self, request, grupo_id, convite_id):
        grupo = _administrador(request, grupo_id).grupo
        servico = (
            convites_services.cancelar_convite
            if self.acao == "cancel"
            else convites_services.reenviar_convite
        )
        convite = servico(admin=request.user, grupo=grupo, convite_uuid=convite_id)
        return Response(s.ConviteSerializer(convite, context={"mostrar_link": True}).data)


class MeusConvitesView(APIView):
    @extend_schema(
        tags=["Convites"],
        summary="Convites pendentes para o meu e-mail",
        responses={200: s.ConviteSerializer(many=True), **_erros(401)},
    )
    def get(self, request):
        return Response(s.ConviteSerializer(convites_selectors.meus_convites(request.user), many=True).data)


class ResponderConviteView(APIView):
    acao = None  # "accept" | "reject"

    @extend_schema(
        tags=["Convites"],
        summary="Aceitar ou recusar um convite",
        description=(
            "Convite por e-mail endereçado à sua conta: basta o id (de `GET /api/v1/invites/me`). "
            "Link de convite: mande também `token` (a parte final do link `/convites/<token>/`). "
            "Convite expirado, cancelado, já usado ou desconhecido: 404 `convite_invalido` (peça outro "
            "ao administrador). Convite de e-mail de outra pessoa: 403."
        ),
        request=s.ResponderConviteSerializer,
        responses={200: s.ResultadoEntradaSerializer, **_erros(400, 401, 403, 404, 409)},
    )
    def put(self, request, convite_id):
        dados = s.ResponderConviteSerializer(data=request.data or {})
        dados.is_valid(raise_exception=True)
        token = dados.validated_data.get("token") or None
        if token is not None:
            convite = convites_services.convite_pelo_token(token)
            if convite.uuid != convite_id:
                raise convites_services.ConviteInvalido()
        argumentos = {"token": token} if token else {"convite_uuid": convite_id}
        if self.acao == "reject":
            convites_services.recusar_convite(usuario=request.user, **argumentos)
            return Response(
                {"status": "rejected", "requires_approval": False, "group": None, "pending_request_id": None}
            )
        resultado = convites_services.aceitar_convite(usuario=request.user, **argumentos)
        grupo = grupos_selectors.participacao_do_membro(grupo_uuid=resultado.grupo.uuid, usuario=request.user)
        situacao = "joined" if resultado.situacao == convites_services.Situacao.ENTROU else "already_member"
        return Response(
            {
                "status": situacao,
                "requires_approval": False,
                "group": {
                    "id": str(resultado.grupo.uuid),
                    "name": resultado.grupo.nome,
                    "description": resultado.grupo.descricao,
                    "privacy": s.PRIVACIDADE[resultado.grupo.privacidade],
                    "member_count": grupo.num_membros,
                },
                "pending_request_id": None,
            }
        )


# --- notificações -----------------------------------------------------------------------------


class PaginaDeNotificacoes(PageNumberPagination):
    page_size = 50
    page_query_param = "page"


class NotificacoesView(APIView):
    @extend_schema(
        tags=["Notificações"],
        summary="Minhas notificações (mais recentes primeiro, 50 por página)",
        parameters=[OpenApiParameter("page", int, required=False)],
        responses={
            200: inline_serializer(
                "PaginaDeNotificacoes",
                {
                    "count": serializers.IntegerField(),
                    "next": serializers.URLField(allow_null=True),
                    "previous": serializers.URLField(allow_null=True),
                    "results": s.NotificacaoSerializer(many=True),
                },
            ),
            **_erros(401, 404),
        },
    )
    def get(self, request):
        paginador = PaginaDeNotificacoes()
        pagina = paginador.paginate_queryset(
            notificacoes_selectors.notificacoes_do_usuario(request.user), request, self
        )
        return paginador.get_paginated_response(s.NotificacaoSerializer(pagina, many=True).data)


class NaoLidasView(APIView):
    @extend_schema(
        tags=["Notificações"],
        summary="Quantas não lidas",
        responses={200: inline_serializer("NaoLidas", {"unread": serializers.IntegerField()}), **_erros(401)},
    )
    def get(self, request):
        return Response({"unread": notificacoes_selectors.contar_nao_lidas(request.user)})


class LerNotificacaoView(APIView):
    @extend_schema(
        tags=["Notificações"],
        summary="Marcar uma como lida",
        request=None,
        responses={200: s.NotificacaoSerializer, **_erros(401, 404)},
    )
    def post(self, request, notificacao_id):
        notificacao = notificacoes_services.marcar_como_lida(
            usuario=request.user, notificacao_id=notificacao_id
        )
        if notificacao is None:
            raise NaoEncontrado("Notificação não encontrada.")
        return Response(s.NotificacaoSerializer(notificacao).data)


class LerTodasView(APIView):
    @extend_schema(
        tags=["Notificações"],
        summary="Marcar todas como lidas",
        request=None,
        responses={
            200: inline_serializer("LidasAgora", {"marked": serializers.IntegerField()}),
            **_erros(401),
        },
    )
    def post(self, request):
        return Response({"marked": notificacoes_services.marcar_todas_como_lidas(usuario=request.user)})


# --- modelos de grupo (semente 001) -------------------------------------------------------------


def _dados_do_modelo(validados) -> dict:
    return {
        "nome": validados["name"],
        "descricao": validados["description"],
        "privacidade": s.PRIVACIDADE_DE[validados["privacy"]],
        "max_membros": validados["max_members"],
    }


class ModelosView(APIView):
    @extend_schema(
        tags=["Modelos de grupo"],
        summary="Modelos visíveis (GLOBAL + os meus)",
        responses={200: s.ModeloSerializer(many=True), **_erros(401)},
    )
    def get(self, request):
        return Response(s.ModeloSerializer(grupos_selectors.modelos_visiveis(request.user), many=True).data)

    @extend_schema(
        tags=["Modelos de grupo"],
        summary="Criar modelo",
        description=(
            "`code` opcional: vazio/ausente (ou `autoCode: true`) gera `G-<aleatório>-<carimbo>` (GLOBAL) ou "
            "`U-<usuário>-<aleatório>-<carimbo>` (USER), único no escopo. Código informado já usado no "
            "escopo: 409. GLOBAL só para a equipe (403)."
        ),
        request=s.ModeloEntradaSerializer,
        parameters=[CHAVE],
        responses={201: s.ModeloSerializer, **_erros(400, 401, 403, 409, 422)},
    )
    @idempotente
    def post(self, request):
        dados = s.ModeloEntradaSerializer(data=request.data)
        dados.is_valid(raise_exception=True)
        d = dados.validated_data
        modelo = grupos_services.criar_modelo(
            usuario=request.user,
            escopo=d["scope"],
            codigo=d.get("code"),
            gerar_codigo=d["autoCode"],
            **_dados_do_modelo(d),
        )
        return Response(s.ModeloSerializer(modelo).data, status=status.HTTP_201_CREATED)


class ModeloView(APIView):
    def _visivel(self, request, modelo_id):
        return get_object_or_404(grupos_selectors.modelos_visiveis(request.user), pk=modelo_id)

    @extend_schema(
        tags=["Modelos de grupo"],
        summary="Um modelo",
        responses={200: s.ModeloSerializer, **_erros(401, 404)},
    )
    def get(self, request, modelo_id):
        return Response(s.ModeloSerializer(self._visivel(request, modelo_id)).data)

    @extend_schema(
        tags=["Modelos de grupo"],
        summary="Editar um modelo meu",
        request=s.ModeloEntradaSerializer,
        responses={200: s.ModeloSerializer, **_erros(400, 401, 404, 409)},
    )
    def put(self, request, modelo_id):
        dados = s.ModeloEntradaSerializer(data=request.data)
        dados.is_valid(raise_exception=True)
        modelo = grupos_services.atualizar_modelo(
            usuario=request.user,
            modelo_id=modelo_id,
            codigo=dados.validated_data.get("code") or "",
            **_dados_do_modelo(dados.validated_data),
        )
        return Response(s.ModeloSerializer(modelo).data)

    @extend_schema(
        tags=["Modelos de grupo"], summary="Excluir um modelo meu", responses={204: None, **_erros(401, 404)}
    )
    def delete(self, request, modelo_id):
        grupos_services.excluir_modelo(usuario=request.user, modelo_id=modelo_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- autenticação (simplejwt, documentada) -------------------------------------------------


class ObterTokenView(TokenObtainPairView):
    @extend_schema(
        tags=["Autenticação"],
        summary="Entrar: obter tokens JWT",
        description="Mande `email` (sem diferença de caixa) e `password`. Use `access` como `Bearer`.",
        responses={
            200: inline_serializer(
                "Tokens", {"access": serializers.CharField(), "refresh": serializers.CharField()}
            ),
            **_erros(400, 401),
            429: LIMITE[429],
        },
    )
    def post(self, request, *args, **kwargs):
        # O mesmo freio da página de entrar: por IP e por e-mail (força bruta de senha).
        email = (
            normalizar_email(str(request.data.get("email", "")))[:254] if hasattr(request.data, "get") else ""
        )
        espera = espera_se_excedeu(request, grupo="contas-entrar-ip", taxa=settings.LIMITE_ENTRAR_POR_IP) or (
            espera_se_excedeu(
                request, grupo="contas-entrar-email", taxa=settings.LIMITE_ENTRAR_POR_EMAIL, chave=email
            )
            if email
            else None
        )
        if espera:
            raise MuitasTentativasDeEntrar(espera)
        return super().post(request, *args, **kwargs)


class MuitasTentativasDeEntrar(ErroDominio):
    mensagem = "Muitas tentativas seguidas. Aguarde um pouco e tente de novo."
    codigo = "muitas_tentativas"
    status = 429

    def __init__(self, espera: int):
        super().__init__()
        self.retry_after = espera


class RenovarTokenView(TokenRefreshView):
    @extend_schema(
        tags=["Autenticação"],
        summary="Renovar o token de acesso",
        responses={
            200: inline_serializer("TokenRenovado", {"access": serializers.CharField()}),
            **_erros(400, 401),
        },
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)
