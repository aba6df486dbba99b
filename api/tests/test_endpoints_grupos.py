"""A API em geral (JWT, sessão com CSRF, 401 em todo endpoint, esquema OpenAPI e página de
documentação) e os endpoints de grupos: criar, listar, ver, entrar com código (com limite de
tentativas), solicitações de participação e o código do grupo. Três pessoas — a dona
(administradora), um membro e alguém de fora — e o banco conferido depois de cada passo."""

import json
import re
import uuid
from datetime import timedelta
from html.parser import HTMLParser

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import URLPattern, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from api import urls as api_urls
from contas.tests.factories import SENHA, UsuarioFactory
from convites.erros import MENSAGEM_CODIGO_INVALIDO
from convites.models import SolicitacaoParticipacao, StatusConvite, StatusSolicitacao
from convites.services import convidar_por_email
from convites.tests.factories import SolicitacaoFactory
from grupos.models import GrupoEstudo, Origem, Papel, Participacao, Privacidade
from grupos.tests.factories import GrupoFactory, ParticipacaoFactory
from notificacoes.models import Notificacao

pytestmark = pytest.mark.django_db

CODIGO_VALIDO = re.compile(r"^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{7}$")
CAMPO_OBRIGATORIO = "Este campo é obrigatório."

GRUPOS = reverse("api:groups")
ENTRAR = reverse("api:join")
TOKEN = reverse("api:token")
RENOVAR = reverse("api:token_refresh")


def _grupo_url(grupo) -> str:
    return reverse("api:group", args=[grupo.uuid])


def _pedidos_url(grupo) -> str:
    return reverse("api:join_requests", args=[grupo.uuid])


def _decisao_url(acao: str, grupo, pedido) -> str:
    return reverse(f"api:{acao}", args=[grupo.uuid, pedido.pk])


def _codigo_url(acao: str, grupo) -> str:
    return reverse(f"api:code_{acao}", args=[grupo.uuid])


def _digitado(codigo: str) -> str:
    """Como alguém digita o código no celular: minúsculas e com hífen no meio."""
    return f"{codigo[:3]}-{codigo[3:]}".lower()


# --- pessoas e grupos ------------------------------------------------------------------------


@pytest.fixture
def publico(dona):
    return GrupoFactory(
        criador=dona, nome="Física Básica", descricao="Cinemática e dinâmica", privacidade=Privacidade.PUBLICO
    )


@pytest.fixture
def privado(dona):
    return GrupoFactory(
        criador=dona, nome="Cálculo I", descricao="Limites e derivadas", privacidade=Privacidade.PRIVADO
    )


@pytest.fixture
def membro(publico, privado):
    usuario = UsuarioFactory(nome="Bruno Membro", email="bruno@exemplo.com")
    ParticipacaoFactory(grupo=publico, usuario=usuario)
    ParticipacaoFactory(grupo=privado, usuario=usuario)
    return usuario


@pytest.fixture
def pedido(privado, estranho):
    return SolicitacaoFactory(grupo=privado, usuario=estranho, mensagem="Quero estudar limites.")


# --- JWT ---------------------------------------------------------------------------------------


def test_token_com_email_em_qualquer_caixa_devolve_access_e_refresh_que_funcionam(dona, anonimo):
    resposta = anonimo.post(TOKEN, {"email": "ANA@Exemplo.COM", "password": SENHA}, format="json")

    assert resposta.status_code == 200, resposta.content
    corpo = resposta.json()
    assert set(corpo) == {"access", "refresh"}
    cliente = APIClient()
    cliente.credentials(HTTP_AUTHORIZATION=f"Bearer {corpo['access']}")
    minhas = cliente.get(GRUPOS)
    assert minhas.status_code == 200
    assert minhas.json() == []


def test_refresh_troca_por_um_access_novo_que_funciona(dona, publico, anonimo):
    tokens = anonimo.post(TOKEN, {"email": dona.email, "password": SENHA}, format="json").json()

    resposta = anonimo.post(RENOVAR, {"refresh": tokens["refresh"]}, format="json")

    assert resposta.status_code == 200, resposta.content
    novo = resposta.json()["access"]
    cliente = APIClient()
    cliente.credentials(HTTP_AUTHORIZATION=f"Bearer {novo}")
    assert [g["id"] for g in cliente.get(GRUPOS).json()] == [str(publico.uuid)]


def test_token_com_senha_errada_da_401(dona, anonimo, confere_erro):
    resposta = anonimo.post(TOKEN, {"email": dona.email, "password": "outra-senha"}, format="json")

    assert resposta.status_code == 401
    assert set(resposta.json()) == {"detail", "code"}
    assert resposta.json()["detail"]


def test_token_sem_senha_e_erro_de_validacao(dona, anonimo, confere_validacao):
    resposta = anonimo.post(TOKEN, {"email": dona.email}, format="json")

    corpo = confere_validacao(resposta, "password")
    assert corpo["detail"] == CAMPO_OBRIGATORIO


def test_refresh_invalido_da_401_token_invalido(anonimo, confere_erro):
    resposta = anonimo.post(RENOVAR, {"refresh": "xxx"}, format="json")

    confere_erro(resposta, 401, "token_invalido")


def test_access_vencido_da_401_token_invalido_e_o_refresh_resolve(dona, anonimo, confere_erro):
    tokens = anonimo.post(TOKEN, {"email": dona.email, "password": SENHA}, format="json").json()
    cliente = APIClient()
    cliente.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")

    with time_machine.travel(timezone.now() + timedelta(minutes=16), tick=False):
        confere_erro(cliente.get(GRUPOS), 401, "token_invalido")
        novo = anonimo.post(RENOVAR, {"refresh": tokens["refresh"]}, format="json").json()["access"]
        cliente.credentials(HTTP_AUTHORIZATION=f"Bearer {novo}")
        assert cliente.get(GRUPOS).status_code == 200


# --- 401 em todo endpoint ---------------------------------------------------------------------

_ID = 987654
_UUID = uuid.UUID("00000000-0000-4000-8000-000000000001")
_UUID2 = uuid.UUID("00000000-0000-4000-8000-000000000002")
PROTEGIDOS = [
    ("get", "groups", []),
    ("post", "groups", []),
    ("post", "join", []),
    ("get", "group", [_UUID]),
    ("get", "join_requests", [_UUID]),
    ("post", "join_requests", [_UUID]),
    ("post", "approve", [_UUID, _ID]),
    ("post", "reject", [_UUID, _ID]),
    ("post", "cancel_request", [_ID]),
    ("post", "code_regenerate", [_UUID]),
    ("post", "code_disable", [_UUID]),
    ("post", "code_enable", [_UUID]),
    ("post", "members", [_UUID]),
    ("get", "invites", [_UUID]),
    ("post", "invites", [_UUID]),
    ("post", "invite_cancel", [_UUID, _UUID2]),
    ("post", "invite_resend", [_UUID, _UUID2]),
    ("get", "my_invites", []),
    ("put", "invite_accept", [_UUID]),
    ("put", "invite_reject", [_UUID]),
    ("get", "notifications", []),
    ("get", "unread_count", []),
    ("post", "read_all", []),
    ("post", "read", [_ID]),
    ("get", "templates", []),
    ("post", "templates", []),
    ("get", "template", [_ID]),
    ("put", "template", [_ID]),
    ("delete", "template", [_ID]),
]
PUBLICOS = {"token", "token_refresh", "schema", "docs", "redoc"}


def _metodos(padrao: URLPattern) -> set[str]:
    visao = padrao.callback.view_class
    return {m for m in ("get", "post", "put", "patch", "delete") if hasattr(visao, m)}


def test_a_lista_de_401_cobre_todo_endpoint_e_todo_metodo_da_api():
    esperado = {
        (metodo, padrao.name)
        for padrao in api_urls.urlpatterns
        if padrao.name not in PUBLICOS
        for metodo in _metodos(padrao)
    }
    assert {(metodo, nome) for metodo, nome, _ in PROTEGIDOS} == esperado


@pytest.mark.parametrize(("metodo", "nome", "args"), PROTEGIDOS, ids=[f"{m}-{n}" for m, n, _ in PROTEGIDOS])
def test_sem_credenciais_da_401_nao_autenticado(anonimo, confere_erro, metodo, nome, args):
    resposta = getattr(anonimo, metodo)(reverse(f"api:{nome}", args=args), {}, format="json")

    confere_erro(resposta, 401, "nao_autenticado")


@pytest.mark.parametrize(("metodo", "nome", "args"), PROTEGIDOS, ids=[f"{m}-{n}" for m, n, _ in PROTEGIDOS])
def test_bearer_lixo_da_401_em_todo_endpoint(metodo, nome, args):
    cliente = APIClient()
    cliente.credentials(HTTP_AUTHORIZATION="Bearer xxx")

    resposta = getattr(cliente, metodo)(reverse(f"api:{nome}", args=args), {}, format="json")

    assert resposta.status_code == 401
    assert set(resposta.json()) == {"detail", "code"}
    assert resposta["WWW-Authenticate"].startswith("Bearer")


def test_bearer_lixo_da_code_token_invalido_em_todo_endpoint():
    """docs/api.md: "Quando der 401 com `code: token_invalido`, troque" — o app decide pelo code."""
    cliente = APIClient()
    cliente.credentials(HTTP_AUTHORIZATION="Bearer xxx")
    codigos = {}
    for metodo, nome, args in PROTEGIDOS:
        resposta = getattr(cliente, metodo)(reverse(f"api:{nome}", args=args), {}, format="json")
        codigos[f"{metodo} {nome}"] = (resposta.status_code, resposta.json()["code"])

    errados = {rota: obtido for rota, obtido in codigos.items() if obtido != (401, "token_invalido")}
    assert errados == {}


MENSAGENS_EM_INGLES = {
    "No active account found with the given credentials",
    "Given token not valid for any token type",
    "Token is invalid",
    "Token is invalid or expired",
}


def test_erros_do_jwt_vem_em_portugues(dona, anonimo):
    senha_errada = anonimo.post(TOKEN, {"email": dona.email, "password": "outra-senha"}, format="json")
    cliente = APIClient()
    cliente.credentials(HTTP_AUTHORIZATION="Bearer xxx")
    token_lixo = cliente.get(GRUPOS)
    refresh_lixo = anonimo.post(RENOVAR, {"refresh": "xxx"}, format="json")

    detalhes = [r.json()["detail"] for r in (senha_errada, token_lixo, refresh_lixo)]
    assert not MENSAGENS_EM_INGLES & set(detalhes), detalhes


def test_sem_credenciais_nada_e_criado(anonimo, privado, estranho):
    anonimo.post(GRUPOS, {"name": "Clandestino"}, format="json")
    anonimo.post(_pedidos_url(privado), {"code": privado.codigo_convite}, format="json")

    assert not GrupoEstudo.objects.filter(nome="Clandestino").exists()
    assert not SolicitacaoParticipacao.objects.exists()


# --- sessão do site e CSRF --------------------------------------------------------------------


def test_com_sessao_um_post_sem_csrf_e_recusado_e_com_o_token_passa(dona):
    navegador = Client(enforce_csrf_checks=True)
    navegador.force_login(dona)
    corpo = json.dumps({"name": "Pela sessão"})

    assert navegador.get(GRUPOS).status_code == 200  # leitura não precisa de CSRF
    recusado = navegador.post(GRUPOS, corpo, content_type="application/json")

    assert recusado.status_code == 403
    assert recusado.json()["code"] == "sem_permissao"
    assert "CSRF" in recusado.json()["detail"]
    assert not GrupoEstudo.objects.filter(nome="Pela sessão").exists()

    navegador.get(reverse("grupos:lista"))
    token = navegador.cookies["csrftoken"].value
    aceito = navegador.post(GRUPOS, corpo, content_type="application/json", HTTP_X_CSRFTOKEN=token)

    assert aceito.status_code == 201, aceito.content
    assert GrupoEstudo.objects.filter(nome="Pela sessão", criador=dona).exists()


def test_com_sessao_o_entrar_por_codigo_sem_csrf_e_recusado(publico, estranho):
    navegador = Client(enforce_csrf_checks=True)
    navegador.force_login(estranho)

    resposta = navegador.post(
        ENTRAR, json.dumps({"code": publico.codigo_convite}), content_type="application/json"
    )

    assert resposta.status_code == 403
    assert not Participacao.objects.filter(grupo=publico, usuario=estranho).exists()


# --- esquema OpenAPI e documentação -----------------------------------------------------------


def _caminho_openapi(padrao: URLPattern) -> str:
    rota = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(padrao.pattern))
    return "/api/v1/" + rota


def test_esquema_openapi_3_lista_todo_caminho_e_metodo_da_api(anonimo):
    resposta = anonimo.get(reverse("api:schema"), {"format": "json"})

    assert resposta.status_code == 200
    esquema = json.loads(resposta.content)
    assert esquema["openapi"].startswith("3.")
    for padrao in api_urls.urlpatterns:
        if padrao.name in {"schema", "docs", "redoc"}:
            continue
        caminho = _caminho_openapi(padrao)
        assert caminho in esquema["paths"], caminho
        assert _metodos(padrao) <= set(esquema["paths"][caminho]), caminho
    esquemas = esquema["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}.items() <= esquemas["jwtAuth"].items()
    assert {"jwtAuth": []} in esquema["paths"]["/api/v1/groups"]["post"]["security"]


class _Recursos(HTMLParser):
    def __init__(self):
        super().__init__()
        self.enderecos: list[str] = []

    def handle_starttag(self, tag, attrs):
        for nome, valor in attrs:
            if nome in ("src", "href") and valor:
                self.enderecos.append(valor)


@pytest.mark.parametrize("nome", ["docs"])
def test_pagina_de_documentacao_so_usa_arquivos_locais(anonimo, nome):
    resposta = anonimo.get(reverse(f"api:{nome}"))

    assert resposta.status_code == 200
    assert resposta["Content-Type"].startswith("text/html")
    html = resposta.content.decode()
    for host in ("cdn", "unpkg", "jsdelivr"):
        assert host not in html.lower(), host
    leitor = _Recursos()
    leitor.feed(html)
    locais = [e for e in leitor.enderecos if e.startswith("/static/")]
    assert locais, leitor.enderecos
    assert all(e.startswith("/") and not e.startswith("//") for e in leitor.enderecos), leitor.enderecos
    for endereco in locais:
        assert finders.find(endereco.removeprefix("/static/")), endereco
    assert reverse("api:schema") in html


# --- criar e listar grupos --------------------------------------------------------------------


def test_criar_grupo_devolve_o_grupo_com_codigo_e_quem_cria_e_administrador(dona, cliente_de):
    resposta = cliente_de(dona).post(
        GRUPOS,
        {"name": "Química Orgânica", "description": "Funções", "privacy": "private", "max_members": 30},
        format="json",
    )

    assert resposta.status_code == 201, resposta.content
    corpo = resposta.json()
    assert set(corpo) == {
        "id",
        "name",
        "description",
        "privacy",
        "max_members",
        "member_count",
        "invite_code",
        "code_enabled",
        "members_can_invite",
        "my_role",
        "share_link",
        "created_at",
    }
    assert CODIGO_VALIDO.match(corpo["invite_code"])
    assert corpo["my_role"] == "admin"
    assert (corpo["privacy"], corpo["max_members"], corpo["member_count"]) == ("private", 30, 1)
    assert corpo["code_enabled"] is True
    assert corpo["share_link"].endswith(f"/g/{corpo['invite_code']}/")
    grupo = GrupoEstudo.objects.get(uuid=corpo["id"])
    assert (grupo.nome, grupo.descricao, grupo.privacidade, grupo.max_membros, grupo.codigo_convite) == (
        "Química Orgânica",
        "Funções",
        Privacidade.PRIVADO,
        30,
        corpo["invite_code"],
    )
    assert Participacao.objects.filter(
        grupo=grupo, usuario=dona, papel=Papel.ADMINISTRADOR, origem=Origem.CRIADOR
    ).exists()


def test_criar_grupo_so_com_nome_usa_os_padroes(dona, cliente_de):
    resposta = cliente_de(dona).post(GRUPOS, {"name": "Redação"}, format="json")

    assert resposta.status_code == 201
    grupo = GrupoEstudo.objects.get(uuid=resposta.json()["id"])
    assert (grupo.privacidade, grupo.max_membros, grupo.descricao) == (Privacidade.PUBLICO, 50, "")


@pytest.mark.parametrize(
    ("corpo", "campo"),
    [
        ({}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": "Ok", "privacy": "secreto"}, "privacy"),
        ({"name": "Ok", "max_members": 1}, "max_members"),
        ({"name": "Ok", "max_members": 501}, "max_members"),
        ({"name": "Ok", "max_members": "muitos"}, "max_members"),
    ],
)
def test_criar_grupo_com_dados_invalidos_da_400_e_nada_e_criado(
    dona, cliente_de, confere_validacao, corpo, campo
):
    resposta = cliente_de(dona).post(GRUPOS, corpo, format="json")

    confere_validacao(resposta, campo)
    assert not GrupoEstudo.objects.exists()


def test_criar_grupo_sem_nome_explica_em_portugues(dona, cliente_de, confere_validacao):
    corpo = confere_validacao(cliente_de(dona).post(GRUPOS, {}, format="json"), "name")

    assert corpo["detail"] == CAMPO_OBRIGATORIO
    assert corpo["errors"] == {"name": [CAMPO_OBRIGATORIO]}


def test_corpo_de_formulario_em_vez_de_json_da_415(dona, cliente_de, confere_erro):
    resposta = cliente_de(dona).post(GRUPOS, {"name": "Formulário"}, format="multipart")

    confere_erro(resposta, 415, "tipo_nao_suportado")
    assert not GrupoEstudo.objects.exists()


def test_corpo_que_nao_e_json_da_400(dona, cliente_de, confere_erro):
    resposta = cliente_de(dona).post(GRUPOS, "{nome:", content_type="application/json")

    confere_erro(resposta, 400, "json_invalido")
    assert not GrupoEstudo.objects.exists()


def test_listar_grupos_traz_so_os_meus_com_o_meu_papel(membro, publico, privado, cliente_de):
    GrupoFactory(nome="Grupo dos outros")

    resposta = cliente_de(membro).get(GRUPOS)

    assert resposta.status_code == 200
    corpo = resposta.json()
    assert {g["id"] for g in corpo} == {str(publico.uuid), str(privado.uuid)}
    assert {g["my_role"] for g in corpo} == {"member"}
    assert {g["member_count"] for g in corpo} == {2}


def test_listar_grupos_de_quem_nao_tem_nenhum_e_vazio(estranho, publico, cliente_de):
    resposta = cliente_de(estranho).get(GRUPOS)

    assert resposta.status_code == 200
    assert resposta.json() == []


# --- um grupo ----------------------------------------------------------------------------------


def test_detalhe_do_grupo_traz_os_membros_e_a_origem_so_para_administradores(
    dona, membro, publico, cliente_de
):
    visto_pelo_membro = cliente_de(membro).get(_grupo_url(publico)).json()
    assert {m["origin"] for m in visto_pelo_membro["members"]} == {None}
    resposta = cliente_de(dona).get(_grupo_url(publico))

    assert resposta.status_code == 200
    corpo = resposta.json()
    assert (corpo["id"], corpo["name"], corpo["my_role"], corpo["member_count"]) == (
        str(publico.uuid),
        "Física Básica",
        "admin",
        2,
    )
    por_pessoa = {m["user"]["id"]: m for m in corpo["members"]}
    assert set(por_pessoa) == {dona.pk, membro.pk}
    assert (por_pessoa[dona.pk]["role"], por_pessoa[dona.pk]["origin"]) == ("admin", "creator")
    assert (por_pessoa[membro.pk]["role"], por_pessoa[membro.pk]["origin"]) == ("member", "code")
    assert por_pessoa[dona.pk]["user"]["name"] == "Ana Dona"
    assert set(por_pessoa[membro.pk]) == {"id", "user", "role", "origin", "joined_at"}
    assert por_pessoa[membro.pk]["id"] == Participacao.objects.get(grupo=publico, usuario=membro).pk


def test_detalhe_do_grupo_para_quem_e_de_fora_e_404_igual_a_um_grupo_inexistente(
    privado, estranho, cliente_de, confere_erro
):
    cliente = cliente_de(estranho)

    de_fora = cliente.get(_grupo_url(privado))
    inexistente = cliente.get(reverse("api:group", args=[uuid.uuid4()]))

    assert de_fora.status_code == inexistente.status_code == 404
    assert de_fora.json() == inexistente.json()
    confere_erro(de_fora, 404, de_fora.json()["code"], "Grupo não encontrado.")
    assert privado.nome not in de_fora.content.decode()


ESCOPO_DE_GRUPO = [
    ("get", "group"),
    ("get", "join_requests"),
    ("post", "approve"),
    ("post", "reject"),
    ("post", "code_regenerate"),
    ("post", "code_disable"),
    ("post", "code_enable"),
    ("post", "members"),
    ("get", "invites"),
    ("post", "invites"),
    ("post", "invite_cancel"),
    ("post", "invite_resend"),
]
_CORPOS = {
    "members": {"emails": ["x@exemplo.com"]},
    "invites": {"invite_type": "link", "role": "member"},
}


@pytest.mark.parametrize(("metodo", "nome"), ESCOPO_DE_GRUPO, ids=[f"{m}-{n}" for m, n in ESCOPO_DE_GRUPO])
def test_quem_e_de_fora_recebe_o_mesmo_404_de_um_grupo_que_nao_existe(
    privado, dona, pedido, estranho, cliente_de, metodo, nome
):
    (convite,) = convidar_por_email(quem=dona, grupo=privado, emails=["convidado@exemplo.com"]).convites
    extra = {"approve": [pedido.pk], "reject": [pedido.pk], "invite_cancel": [convite.uuid]}
    extra["invite_resend"] = extra["invite_cancel"]
    de_fora = cliente_de(UsuarioFactory())
    corpo = _CORPOS.get(nome, {})

    real = getattr(de_fora, metodo)(
        reverse(f"api:{nome}", args=[privado.uuid, *extra.get(nome, [])]), corpo, format="json"
    )
    inventado = getattr(de_fora, metodo)(
        reverse(f"api:{nome}", args=[uuid.uuid4(), *extra.get(nome, [])]), corpo, format="json"
    )

    assert real.status_code == inventado.status_code == 404
    assert real.json() == inventado.json()
    pedido.refresh_from_db()
    convite.refresh_from_db()
    assert (pedido.status, convite.status) == (StatusSolicitacao.PENDENTE, StatusConvite.PENDENTE)
    assert privado.codigo_convite == GrupoEstudo.objects.get(pk=privado.pk).codigo_convite
    assert privado.convites.count() == 1


def test_grupo_nao_encontrado_usa_o_codigo_nao_encontrado_da_documentacao(privado, estranho, cliente_de):
    """docs/api.md: 404 "não existe, ou você não é membro" → `nao_encontrado`."""
    resposta = cliente_de(estranho).get(_grupo_url(privado))

    assert resposta.status_code == 404
    assert resposta.json()["code"] == "nao_encontrado"


def test_id_de_grupo_que_nao_e_uuid_da_404(dona, cliente_de):
    assert cliente_de(dona).get("/api/v1/groups/123").status_code == 404


# --- entrar com código --------------------------------------------------------------------------


def test_entrar_com_codigo_em_minusculas_e_hifen_num_grupo_publico(publico, estranho, cliente_de):
    resposta = cliente_de(estranho).post(ENTRAR, {"code": _digitado(publico.codigo_convite)}, format="json")

    assert resposta.status_code == 200, resposta.content
    corpo = resposta.json()
    assert corpo["status"] == "joined"
    assert corpo["requires_approval"] is False
    assert corpo["pending_request_id"] is None
    assert corpo["group"] == {
        "id": str(publico.uuid),
        "name": "Física Básica",
        "description": "Cinemática e dinâmica",
        "privacy": "public",
        "member_count": 2,
    }
    assert Participacao.objects.filter(
        grupo=publico, usuario=estranho, papel=Papel.MEMBRO, origem=Origem.CODIGO
    ).exists()


def test_entrar_de_novo_responde_ja_membro_sem_duplicar(publico, estranho, cliente_de):
    cliente = cliente_de(estranho)
    cliente.post(ENTRAR, {"code": publico.codigo_convite}, format="json")

    resposta = cliente.post(ENTRAR, {"code": f"  {publico.codigo_convite.lower()} "}, format="json")

    assert resposta.status_code == 200
    assert resposta.json()["status"] == "already_member"
    assert Participacao.objects.filter(grupo=publico, usuario=estranho).count() == 1


def test_entrar_num_grupo_privado_pede_aprovacao_e_mostra_so_o_basico(privado, estranho, cliente_de):
    resposta = cliente_de(estranho).post(ENTRAR, {"code": _digitado(privado.codigo_convite)}, format="json")

    assert resposta.status_code == 200
    corpo = resposta.json()
    assert corpo["status"] == "requires_approval"
    assert corpo["requires_approval"] is True
    assert corpo["group"] == {
        "id": str(privado.uuid),
        "name": "Cálculo I",
        "description": "Limites e derivadas",
        "privacy": "private",
        "member_count": 1,
    }
    assert "invite_code" not in json.dumps(corpo)
    assert privado.codigo_convite not in json.dumps(corpo)
    assert not Participacao.objects.filter(grupo=privado, usuario=estranho).exists()
    assert not SolicitacaoParticipacao.objects.exists()


def test_entrar_em_privado_com_pedido_pendente_mostra_o_id_do_pedido(pedido, privado, estranho, cliente_de):
    resposta = cliente_de(estranho).post(ENTRAR, {"code": privado.codigo_convite}, format="json")

    assert resposta.json()["pending_request_id"] == pedido.pk


@pytest.mark.parametrize("codigo", ["ZZZZZZZ", "abc", "I0O1LLL", "ÁBCDEFG", "ABCDEFGH", "----"])
def test_codigo_invalido_da_404_com_a_mensagem_da_especificacao(
    estranho, publico, cliente_de, confere_erro, codigo
):
    resposta = cliente_de(estranho).post(ENTRAR, {"code": codigo}, format="json")

    confere_erro(resposta, 404, "codigo_invalido", MENSAGEM_CODIGO_INVALIDO)
    assert MENSAGEM_CODIGO_INVALIDO == (
        "Código inválido ou grupo não encontrado. Verifique o código e tente novamente."
    )
    assert not Participacao.objects.filter(usuario=estranho).exists()


def test_entrar_sem_codigo_e_erro_de_validacao(estranho, cliente_de, confere_validacao):
    confere_validacao(cliente_de(estranho).post(ENTRAR, {}, format="json"), "code")
    confere_validacao(cliente_de(estranho).post(ENTRAR, {"code": ""}, format="json"), "code")
    confere_validacao(cliente_de(estranho).post(ENTRAR, {"code": "   "}, format="json"), "code")
    confere_validacao(cliente_de(estranho).post(ENTRAR, {"code": ["ABC"]}, format="json"), "code")


def test_entrar_num_grupo_cheio_da_409_grupo_cheio(dona, estranho, cliente_de, confere_erro):
    cheio = GrupoFactory(criador=dona, max_membros=2)
    ParticipacaoFactory(grupo=cheio)

    resposta = cliente_de(estranho).post(ENTRAR, {"code": cheio.codigo_convite}, format="json")

    confere_erro(resposta, 409, "grupo_cheio")
    assert not Participacao.objects.filter(grupo=cheio, usuario=estranho).exists()
    assert Participacao.objects.filter(grupo=cheio).count() == 2


def test_entrar_com_codigo_desativado_da_404(publico, dona, estranho, cliente_de, confere_erro):
    cliente_de(dona).post(_codigo_url("disable", publico), format="json")

    resposta = cliente_de(estranho).post(ENTRAR, {"code": publico.codigo_convite}, format="json")

    confere_erro(resposta, 404, "codigo_invalido", MENSAGEM_CODIGO_INVALIDO)
    assert not Participacao.objects.filter(grupo=publico, usuario=estranho).exists()


def test_tentativas_demais_de_codigo_dao_429_com_retry_after(settings, publico, estranho, cliente_de):
    settings.LIMITE_CODIGO_POR_USUARIO = "3/m"
    cliente = cliente_de(estranho)
    outra_pessoa = cliente_de(UsuarioFactory())

    with time_machine.travel(timezone.now(), tick=False):  # parado: a janela de 1 min não vira
        for _ in range(3):
            assert cliente.post(ENTRAR, {"code": "ZZZZZZZ"}, format="json").status_code == 404
        resposta = cliente.post(ENTRAR, {"code": publico.codigo_convite}, format="json")
        de_outra_pessoa = outra_pessoa.post(ENTRAR, {"code": publico.codigo_convite}, format="json")

    assert resposta.status_code == 429
    assert resposta.json()["code"] == "muitas_tentativas"
    assert resposta.json()["detail"].startswith("Muitas tentativas de código.")
    assert 1 <= int(resposta["Retry-After"]) <= 60
    assert not Participacao.objects.filter(grupo=publico, usuario=estranho).exists()
    assert de_outra_pessoa.status_code == 200  # o limite é por conta


# --- solicitações de participação ------------------------------------------------------------


def test_pedir_entrada_com_o_codigo_cria_o_pedido_pendente_e_avisa_a_dona(
    privado, dona, estranho, cliente_de
):
    resposta = cliente_de(estranho).post(
        _pedidos_url(privado),
        {"code": _digitado(privado.codigo_convite), "message": "Quero estudar derivadas."},
        format="json",
    )

    assert resposta.status_code == 201, resposta.content
    corpo = resposta.json()
    pedido = SolicitacaoParticipacao.objects.get(grupo=privado, usuario=estranho)
    assert corpo == {"id": pedido.pk, "status": "pending", "created": True}
    assert pedido.status == StatusSolicitacao.PENDENTE
    assert pedido.mensagem == "Quero estudar derivadas."
    assert Notificacao.objects.filter(destinatario=dona, tipo="solicitacao_recebida").exists()


def test_pedir_entrada_de_novo_devolve_o_mesmo_pedido_sem_criar_outro(privado, estranho, cliente_de):
    cliente = cliente_de(estranho)
    primeiro = cliente.post(_pedidos_url(privado), {"code": privado.codigo_convite}, format="json").json()

    resposta = cliente.post(_pedidos_url(privado), {"code": privado.codigo_convite}, format="json")

    assert resposta.status_code == 200
    assert resposta.json() == {"id": primeiro["id"], "status": "pending", "created": False}
    assert SolicitacaoParticipacao.objects.filter(grupo=privado, usuario=estranho).count() == 1


def test_pedir_entrada_com_o_codigo_de_outro_grupo_da_404(privado, estranho, cliente_de, confere_erro):
    outro = GrupoFactory(privacidade=Privacidade.PRIVADO)

    resposta = cliente_de(estranho).post(_pedidos_url(privado), {"code": outro.codigo_convite}, format="json")

    confere_erro(resposta, 404, "codigo_invalido", MENSAGEM_CODIGO_INVALIDO)
    assert not SolicitacaoParticipacao.objects.exists()


def test_pedir_entrada_com_codigo_errado_ou_sem_codigo(
    privado, estranho, cliente_de, confere_erro, confere_validacao
):
    cliente = cliente_de(estranho)

    confere_erro(
        cliente.post(_pedidos_url(privado), {"code": "ZZZZZZZ"}, format="json"), 404, "codigo_invalido"
    )
    confere_validacao(cliente.post(_pedidos_url(privado), {"message": "oi"}, format="json"), "code")
    confere_validacao(
        cliente.post(
            _pedidos_url(privado), {"code": privado.codigo_convite, "message": "x" * 501}, format="json"
        ),
        "message",
    )
    assert not SolicitacaoParticipacao.objects.exists()


def test_pedir_entrada_num_grupo_publico_da_409(publico, estranho, cliente_de, confere_erro):
    resposta = cliente_de(estranho).post(
        _pedidos_url(publico), {"code": publico.codigo_convite}, format="json"
    )

    confere_erro(resposta, 409, "grupo_publico")
    assert not SolicitacaoParticipacao.objects.exists()


def test_membro_pedindo_entrada_da_409_ja_membro(privado, membro, cliente_de, confere_erro):
    resposta = cliente_de(membro).post(_pedidos_url(privado), {"code": privado.codigo_convite}, format="json")

    confere_erro(resposta, 409, "ja_membro")
    assert not SolicitacaoParticipacao.objects.exists()


def test_dona_lista_os_pedidos_pendentes(pedido, privado, dona, estranho, cliente_de):
    SolicitacaoFactory(grupo=privado, status=StatusSolicitacao.RECUSADA)

    resposta = cliente_de(dona).get(_pedidos_url(privado))

    assert resposta.status_code == 200
    (item,) = resposta.json()
    assert set(item) == {"id", "user", "email", "message", "status", "created_at"}
    assert (item["id"], item["status"], item["email"], item["message"]) == (
        pedido.pk,
        "pending",
        estranho.email,
        "Quero estudar limites.",
    )
    assert item["user"] == {"id": estranho.pk, "name": "Carla de Fora"}


def test_pedidos_pendentes_membro_403_e_de_fora_404(pedido, privado, membro, cliente_de, confere_erro):
    confere_erro(cliente_de(membro).get(_pedidos_url(privado)), 403, "sem_permissao")
    de_fora = UsuarioFactory()
    assert cliente_de(de_fora).get(_pedidos_url(privado)).status_code == 404


def test_aprovar_poe_o_solicitante_no_grupo_com_origem_approved_request(
    pedido, privado, dona, estranho, cliente_de
):
    resposta = cliente_de(dona).post(_decisao_url("approve", privado, pedido), format="json")

    assert resposta.status_code == 200, resposta.content
    assert resposta.json()["status"] == "approved"
    assert resposta.json()["id"] == pedido.pk
    pedido.refresh_from_db()
    assert pedido.status == StatusSolicitacao.APROVADA
    assert pedido.decidida_por == dona
    assert Participacao.objects.filter(
        grupo=privado, usuario=estranho, origem=Origem.SOLICITACAO, aprovado_por=dona
    ).exists()
    assert Notificacao.objects.filter(destinatario=estranho, tipo="solicitacao_aprovada").exists()
    membros = cliente_de(dona).get(_grupo_url(privado)).json()["members"]
    assert {m["user"]["id"]: m["origin"] for m in membros}[estranho.pk] == "approved_request"


def test_recusar_marca_o_pedido_e_ninguem_entra(pedido, privado, dona, estranho, cliente_de):
    resposta = cliente_de(dona).post(_decisao_url("reject", privado, pedido), format="json")

    assert resposta.status_code == 200
    assert resposta.json()["status"] == "rejected"
    pedido.refresh_from_db()
    assert pedido.status == StatusSolicitacao.RECUSADA
    assert not Participacao.objects.filter(grupo=privado, usuario=estranho).exists()


@pytest.mark.parametrize("acao", ["approve", "reject"])
def test_decidir_pedido_ja_decidido_da_404(pedido, privado, dona, cliente_de, confere_erro, acao):
    cliente = cliente_de(dona)
    cliente.post(_decisao_url("reject", privado, pedido), format="json")

    resposta = cliente.post(_decisao_url(acao, privado, pedido), format="json")

    confere_erro(resposta, 404, "solicitacao_nao_encontrada")
    pedido.refresh_from_db()
    assert pedido.status == StatusSolicitacao.RECUSADA


@pytest.mark.parametrize("acao", ["approve", "reject"])
def test_decidir_pedido_membro_403_e_de_fora_404_sem_mudar_nada(
    pedido, privado, membro, estranho, cliente_de, confere_erro, acao
):
    confere_erro(
        cliente_de(membro).post(_decisao_url(acao, privado, pedido), format="json"), 403, "sem_permissao"
    )
    assert (
        cliente_de(UsuarioFactory()).post(_decisao_url(acao, privado, pedido), format="json").status_code
        == 404
    )
    assert cliente_de(estranho).post(_decisao_url(acao, privado, pedido), format="json").status_code == 404

    pedido.refresh_from_db()
    assert pedido.status == StatusSolicitacao.PENDENTE
    assert not Participacao.objects.filter(grupo=privado, usuario=estranho).exists()


@pytest.mark.parametrize("acao", ["approve", "reject"])
def test_decidir_pedido_de_outro_grupo_pela_url_do_meu_da_404_sem_mudar_nada(
    privado, dona, estranho, cliente_de, confere_erro, acao
):
    outro = GrupoFactory(privacidade=Privacidade.PRIVADO)
    alheio = SolicitacaoFactory(grupo=outro, usuario=estranho)

    resposta = cliente_de(dona).post(_decisao_url(acao, privado, alheio), format="json")

    confere_erro(resposta, 404, "solicitacao_nao_encontrada")
    alheio.refresh_from_db()
    assert alheio.status == StatusSolicitacao.PENDENTE
    assert not Participacao.objects.filter(usuario=estranho).exists()


def test_aprovar_com_o_grupo_cheio_da_409_e_o_pedido_continua_pendente(
    dona, estranho, cliente_de, confere_erro
):
    cheio = GrupoFactory(criador=dona, privacidade=Privacidade.PRIVADO, max_membros=2)
    ParticipacaoFactory(grupo=cheio)
    alheio = SolicitacaoFactory(grupo=cheio, usuario=estranho)

    confere_erro(
        cliente_de(dona).post(_decisao_url("approve", cheio, alheio), format="json"), 409, "grupo_cheio"
    )

    alheio.refresh_from_db()
    assert alheio.status == StatusSolicitacao.PENDENTE
    assert not Participacao.objects.filter(grupo=cheio, usuario=estranho).exists()


def test_quem_pediu_cancela_o_proprio_pedido(pedido, estranho, cliente_de):
    resposta = cliente_de(estranho).post(reverse("api:cancel_request", args=[pedido.pk]), format="json")

    assert resposta.status_code == 200
    assert resposta.json()["status"] == "cancelled"
    pedido.refresh_from_db()
    assert pedido.status == StatusSolicitacao.CANCELADA


def test_cancelar_o_pedido_de_outra_pessoa_da_404_e_nada_muda(pedido, dona, cliente_de, confere_erro):
    resposta = cliente_de(dona).post(reverse("api:cancel_request", args=[pedido.pk]), format="json")

    confere_erro(resposta, 404, "solicitacao_nao_encontrada")
    pedido.refresh_from_db()
    assert pedido.status == StatusSolicitacao.PENDENTE


# --- o código do grupo -------------------------------------------------------------------------


def test_gerar_novo_codigo_mata_o_antigo_e_o_novo_funciona(publico, dona, estranho, cliente_de, confere_erro):
    antigo = publico.codigo_convite

    resposta = cliente_de(dona).post(_codigo_url("regenerate", publico), format="json")

    assert resposta.status_code == 200
    novo = resposta.json()["invite_code"]
    assert CODIGO_VALIDO.match(novo)
    assert novo != antigo
    publico.refresh_from_db()
    assert publico.codigo_convite == novo
    cliente = cliente_de(estranho)
    confere_erro(cliente.post(ENTRAR, {"code": antigo}, format="json"), 404, "codigo_invalido")
    assert cliente.post(ENTRAR, {"code": _digitado(novo)}, format="json").json()["status"] == "joined"
    assert Participacao.objects.filter(grupo=publico, usuario=estranho).exists()


def test_desativar_e_ativar_o_codigo(publico, dona, estranho, cliente_de, confere_erro):
    administradora = cliente_de(dona)
    cliente = cliente_de(estranho)

    desativado = administradora.post(_codigo_url("disable", publico), format="json")

    assert desativado.status_code == 200
    assert desativado.json()["code_enabled"] is False
    publico.refresh_from_db()
    assert publico.entrada_por_codigo_ativa is False
    confere_erro(
        cliente.post(ENTRAR, {"code": publico.codigo_convite}, format="json"), 404, "codigo_invalido"
    )

    ativado = administradora.post(_codigo_url("enable", publico), format="json")

    assert ativado.status_code == 200
    assert ativado.json()["code_enabled"] is True
    publico.refresh_from_db()
    assert publico.entrada_por_codigo_ativa is True
    assert cliente.post(ENTRAR, {"code": publico.codigo_convite}, format="json").json()["status"] == "joined"


@pytest.mark.parametrize("acao", ["regenerate", "disable", "enable"])
def test_codigo_membro_403_e_de_fora_404_sem_mudar_nada(
    publico, membro, estranho, cliente_de, confere_erro, acao
):
    antes = (publico.codigo_convite, publico.entrada_por_codigo_ativa)

    confere_erro(cliente_de(membro).post(_codigo_url(acao, publico), format="json"), 403, "sem_permissao")
    assert cliente_de(estranho).post(_codigo_url(acao, publico), format="json").status_code == 404

    publico.refresh_from_db()
    assert (publico.codigo_convite, publico.entrada_por_codigo_ativa) == antes


def test_get_num_endpoint_so_de_post_da_405(publico, dona, cliente_de, confere_erro):
    confere_erro(cliente_de(dona).get(_codigo_url("regenerate", publico)), 405, "metodo_nao_permitido")
    confere_erro(cliente_de(dona).get(ENTRAR), 405, "metodo_nao_permitido")
