"""Páginas dos convites por e-mail e por link (issue 4): convidar em lote com revisão, quem pode
convidar, aceitar e recusar pelo token, tokens inválidos, links, "Meus convites", gerenciar e o
custo em consultas. Tudo pelo cliente de teste, conferindo o banco depois de cada passo."""

import contextlib
import html
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from contas.models import Usuario
from contas.tests.factories import SENHA, UsuarioFactory
from convites import services
from convites.models import Convite, StatusConvite, StatusSolicitacao, TipoConvite, UsoConvite
from convites.tasks import enviar_emails_de_convites
from convites.tests.factories import SolicitacaoFactory
from convites.tokens import token_do_convite
from grupos.models import Origem, Papel, Participacao
from grupos.services import bloquear_usuario
from grupos.tests.factories import GrupoFactory, ParticipacaoFactory
from notificacoes.models import Notificacao
from pontoschool.testes import corpo_sem_csrf

pytestmark = pytest.mark.django_db

MENSAGEM_GENERICA = "Peça um novo convite a um administrador do grupo"
# Um instante fixo perto de agora: viajar até ele congela o relógio sem vencer sessões de login.
INSTANTE = timezone.now().replace(microsecond=0)
TOKEN_DESCONHECIDO = "Q" * 43
LINK_NO_EMAIL = re.compile(r"(\S+/convites/([A-Za-z0-9_-]+)/)")
LINHA_DA_REVISAO = re.compile(r'<tr class="situacao--\w+"><td>(.*?)</td><td>(.*?)</td></tr>')


# --- pessoas e grupo ----------------------------------------------------------------------


@pytest.fixture
def dona():
    return UsuarioFactory(nome="Ana Dona", email="ana@exemplo.com")


@pytest.fixture
def grupo(dona):
    return GrupoFactory(
        criador=dona, nome="Cálculo I", descricao="Limites e derivadas", privacidade="privado"
    )


@pytest.fixture
def membro(grupo):
    usuario = UsuarioFactory(nome="Bruno Membro", email="bruno@exemplo.com")
    return ParticipacaoFactory(grupo=grupo, usuario=usuario).usuario


@pytest.fixture
def estranho():
    return UsuarioFactory(nome="Carla de Fora", email="carla@exemplo.com")


@pytest.fixture
def bia():
    """A convidada, já com conta."""
    return UsuarioFactory(nome="Bia Convidada", email="bia@exemplo.com")


# --- ajudantes ------------------------------------------------------------------------------


def _detalhe(grupo):
    return reverse("grupos:detalhe", args=[grupo.uuid])


def _url(nome, grupo, *args):
    return reverse(f"convites:{nome}", args=[grupo.uuid, *args])


def _pagina(token):
    return reverse("convites:convite", args=[token])


def _aceitar(token):
    return reverse("convites:aceitar_convite", args=[token])


def _recusar(token):
    return reverse("convites:recusar_convite", args=[token])


def _revisar(client, grupo, emails, papel="membro"):
    return client.post(_url("revisar", grupo), {"emails": emails, "papel": papel})


def _enviar(client, grupo, emails, papel="membro", **kwargs):
    return client.post(_url("enviar", grupo), {"emails": emails, "papel": papel}, **kwargs)


def _situacoes(resposta) -> list[tuple[str, str]]:
    linhas = LINHA_DA_REVISAO.findall(resposta.content.decode())
    return [(html.unescape(email), html.unescape(rotulo)) for email, rotulo in linhas]


def _convidar(grupo, *emails, quem=None, papel=Papel.MEMBRO) -> list[Convite]:
    return services.convidar_por_email(
        quem=quem or grupo.criador, grupo=grupo, emails=list(emails), papel=papel
    ).convites


def _criar_link(grupo, *, papel=Papel.MEMBRO, validade_dias=7, max_usos=None) -> Convite:
    return services.criar_link_de_convite(
        admin=grupo.criador, grupo=grupo, papel=papel, validade_dias=validade_dias, max_usos=max_usos
    )


def _link_do_email(mailoutbox, convite) -> tuple[str, str]:
    """Manda o e-mail do convite agora (o que o worker faria) e lê o link como a pessoa leria."""
    enviar_emails_de_convites.call([convite.pk])
    mensagem = [m for m in mailoutbox if m.to == [convite.email]][-1]
    link, token = LINK_NO_EMAIL.search(mensagem.body).groups()
    return link, token


def _mensagens(resposta) -> list[str]:
    """Os textos de django.contrib.messages que a página mostrou."""
    achadas = re.findall(r'<p class="mensagem mensagem--\w+">(.*?)</p>', resposta.content.decode(), re.S)
    return [html.unescape(m) for m in achadas]


def _linha_do_membro(pagina: str, nome: str) -> str:
    for bloco in re.findall(r'<li class="membro">(.*?)</li>', pagina, re.S):
        if nome in bloco:
            return bloco
    raise AssertionError(f"{nome} não aparece na lista de membros")


def _como(usuario) -> Client:
    cliente = Client()
    cliente.force_login(usuario)
    return cliente


def _retrato():
    """O que um GET não pode mudar: convites, participações, usos, notificações e a fila."""
    return (
        list(
            Convite.objects.order_by("pk").values_list("pk", "status", "usos", "token_hash", "respondido_em")
        ),
        list(Participacao.objects.order_by("pk").values_list("pk", "grupo_id", "usuario_id", "papel")),
        UsoConvite.objects.count(),
        Notificacao.objects.count(),
        DBTaskResult.objects.count(),
    )


# --- 1. convidar: revisar e enviar ---------------------------------------------------------


def test_revisar_mostra_a_situacao_de_cada_endereco_e_nao_cria_nada(client, dona, grupo, membro):
    _convidar(grupo, "pendente@exemplo.com")
    antes = _retrato()
    client.force_login(dona)
    resposta = _revisar(
        client,
        grupo,
        "Nova@Exemplo.com, bruno@exemplo.com; pendente@exemplo.com\nnao-e-email  nova@exemplo.com",
    )
    assert resposta.status_code == 200
    assert _situacoes(resposta) == [
        ("nova@exemplo.com", "será convidado"),
        ("bruno@exemplo.com", "já é membro"),
        ("pendente@exemplo.com", "já tem convite pendente"),
        ("nao-e-email", "inválido"),
        ("nova@exemplo.com", "repetido"),
    ]
    pagina = resposta.content.decode()
    assert "1 de 5 endereços será convidado" in pagina
    assert "Enviar 1 convite" in pagina
    assert f'formaction="{_url("enviar", grupo)}"' in pagina
    assert _retrato() == antes
    assert list(Convite.objects.values_list("email", flat=True)) == ["pendente@exemplo.com"]


@pytest.mark.parametrize("texto", ["", "   ", " , ;\n "], ids=["vazio", "espacos", "so-separadores"])
def test_lista_vazia_pede_pelo_menos_um_email(client, dona, grupo, texto):
    client.force_login(dona)
    for nome_da_url in ("revisar", "enviar"):
        resposta = client.post(_url(nome_da_url, grupo), {"emails": texto, "papel": "membro"})
        assert resposta.status_code == 400
        assert "Informe pelo menos um e-mail." in resposta.content.decode()
    assert not Convite.objects.exists()


def test_revisar_poe_emails_em_minusculas_e_marca_o_segundo_igual_como_repetido(client, dona, grupo):
    client.force_login(dona)
    resposta = _revisar(client, grupo, "Ana@X.com ana@x.com")
    assert _situacoes(resposta) == [("ana@x.com", "será convidado"), ("ana@x.com", "repetido")]
    assert not Convite.objects.exists()


@pytest.mark.parametrize(
    "texto",
    [
        "um@exemplo.com,dois@exemplo.com",
        "um@exemplo.com dois@exemplo.com",
        "um@exemplo.com;dois@exemplo.com",
        "um@exemplo.com\ndois@exemplo.com",
        "um@exemplo.com\r\ndois@exemplo.com",
        "  um@exemplo.com ,;\n\t dois@exemplo.com ;  ",
    ],
    ids=["virgula", "espaco", "ponto-e-virgula", "quebra-de-linha", "crlf", "misturado"],
)
def test_revisar_aceita_virgula_espaco_ponto_e_virgula_e_quebra_de_linha(client, dona, grupo, texto):
    client.force_login(dona)
    resposta = _revisar(client, grupo, texto)
    assert resposta.status_code == 200
    assert _situacoes(resposta) == [
        ("um@exemplo.com", "será convidado"),
        ("dois@exemplo.com", "será convidado"),
    ]


def test_enviar_cria_um_convite_por_endereco_novo_e_resume_o_lote(client, settings, dona, grupo, membro):
    settings.CONVITE_VALIDADE_DIAS = 3
    _convidar(grupo, "pendente@exemplo.com")
    pendente_antes = Convite.objects.get()
    tarefas_antes = DBTaskResult.objects.count()
    with time_machine.travel(INSTANTE, tick=False):
        client.force_login(dona)
        resposta = _enviar(
            client,
            grupo,
            "Nova@Exemplo.com, bruno@exemplo.com; pendente@exemplo.com\n"
            "nao-e-email NOVA@exemplo.com, outra@exemplo.com",
            follow=True,
        )
    assert resposta.redirect_chain == [(_detalhe(grupo) + "#convites", 302)]
    (resumo,) = _mensagens(resposta)
    for parte in ("2 convites enviados", "1 já era", "1 já tinha", "1 repetido", "1 inválido"):
        assert parte in resumo
    novos = Convite.objects.exclude(pk=pendente_antes.pk).order_by("email")
    assert [c.email for c in novos] == ["nova@exemplo.com", "outra@exemplo.com"]
    for convite in novos:
        assert convite.status == StatusConvite.PENDENTE
        assert convite.tipo == TipoConvite.EMAIL
        assert convite.papel == Papel.MEMBRO
        assert convite.convidado_por == dona
        assert convite.expira_em == INSTANTE + timedelta(days=3)
        assert convite.usos == 0
    assert Convite.objects.filter(email="pendente@exemplo.com").count() == 1
    assert Convite.objects.filter(email="bruno@exemplo.com").count() == 0
    # Um lote, uma tarefa de e-mail na fila (nada de SMTP dentro da requisição).
    assert DBTaskResult.objects.count() == tarefas_antes + 1


def test_enviar_usa_a_validade_padrao_de_7_dias(client, settings, dona, grupo):
    assert settings.CONVITE_VALIDADE_DIAS == 7
    with time_machine.travel(INSTANTE, tick=False):
        client.force_login(dona)
        _enviar(client, grupo, "um@exemplo.com")
    assert Convite.objects.get().expira_em == INSTANTE + timedelta(days=7)


def test_administrador_convida_administrador(client, dona, grupo):
    client.force_login(dona)
    resposta = _enviar(client, grupo, "chefe@exemplo.com", papel="administrador")
    assert resposta.status_code == 302
    assert Convite.objects.get().papel == Papel.ADMINISTRADOR


def test_enderecos_invalidos_nao_impedem_os_validos(client, dona, grupo):
    client.force_login(dona)
    resposta = _enviar(client, grupo, "nao-e-email, ok@exemplo.com, @@, sem@dominio", follow=True)
    (resumo,) = _mensagens(resposta)
    assert resumo.startswith("1 convite enviado;") and "3 inválidos" in resumo
    assert list(Convite.objects.values_list("email", flat=True)) == ["ok@exemplo.com"]


def test_lote_so_com_invalidos_nao_cria_nada_e_diz_por_que(client, dona, grupo):
    client.force_login(dona)
    resposta = _enviar(client, grupo, "nao-e-email", follow=True)
    (resumo,) = _mensagens(resposta)
    assert resumo.startswith("Nenhum convite novo;") and "1 inválido" in resumo
    assert not Convite.objects.exists()
    assert not DBTaskResult.objects.exists()


@pytest.mark.parametrize("nome_da_url", ["revisar", "enviar"])
def test_51_enderecos_sao_recusados_inteiros_sem_criar_nada(client, dona, grupo, nome_da_url):
    client.force_login(dona)
    emails = ", ".join(f"pessoa{i}@exemplo.com" for i in range(51))
    resposta = client.post(_url(nome_da_url, grupo), {"emails": emails, "papel": "membro"})
    assert resposta.status_code == 400
    pagina = resposta.content.decode()
    assert "até 50 e-mails" in pagina
    assert "51" in pagina
    assert Convite.objects.count() == 0
    assert DBTaskResult.objects.count() == 0
    assert _situacoes(resposta) == []


def test_50_enderecos_cabem_num_lote(client, dona):
    grupo = GrupoFactory(criador=dona, max_membros=100)
    client.force_login(dona)
    emails = "\n".join(f"pessoa{i}@exemplo.com" for i in range(50))
    assert _enviar(client, grupo, emails).status_code == 302
    assert Convite.objects.filter(grupo=grupo, status=StatusConvite.PENDENTE).count() == 50


def test_lote_que_passa_do_limite_de_membros_e_recusado_inteiro(client, dona):
    grupo = GrupoFactory(criador=dona, max_membros=5)
    ParticipacaoFactory.create_batch(2, grupo=grupo)
    _convidar(grupo, "pendente@exemplo.com")
    antes = _retrato()
    client.force_login(dona)
    resposta = _enviar(client, grupo, "nova1@exemplo.com, nova2@exemplo.com")
    assert resposta.status_code == 409
    assert "Só é possível convidar mais 1 pessoa." in resposta.content.decode()
    assert _retrato() == antes
    assert not Convite.objects.filter(email__startswith="nova").exists()


def test_lote_que_cabe_exatamente_no_limite_passa(client, dona):
    grupo = GrupoFactory(criador=dona, max_membros=5)
    ParticipacaoFactory.create_batch(2, grupo=grupo)
    _convidar(grupo, "pendente@exemplo.com")
    client.force_login(dona)
    assert _enviar(client, grupo, "nova1@exemplo.com").status_code == 302
    assert Convite.objects.filter(grupo=grupo, status=StatusConvite.PENDENTE).count() == 2


# --- 2. quem pode convidar ----------------------------------------------------------------


@pytest.mark.parametrize("nome_da_url", ["revisar", "enviar"])
def test_membro_comum_recebe_403_se_o_grupo_nao_permite(client, grupo, membro, nome_da_url):
    assert grupo.membros_podem_convidar is False
    client.force_login(membro)
    resposta = client.post(_url(nome_da_url, grupo), {"emails": "x@exemplo.com", "papel": "membro"})
    assert resposta.status_code == 403
    assert not Convite.objects.exists()


def test_membro_comum_nao_ve_o_painel_de_convidar_sem_permissao(client, grupo, membro):
    client.force_login(membro)
    pagina = client.get(_detalhe(grupo)).content.decode()
    assert "Convidar membros" not in pagina
    assert "Convites pendentes" not in pagina


def test_administrador_permite_e_membro_passa_a_convidar_so_como_membro(client, dona, grupo, membro):
    client.force_login(dona)
    resposta = client.post(_url("permissao", grupo), {"permitir": "1"}, follow=True)
    assert "Agora os membros também podem convidar." in resposta.content.decode()
    grupo.refresh_from_db()
    assert grupo.membros_podem_convidar is True

    client.force_login(membro)
    pagina = client.get(_detalhe(grupo)).content.decode()
    assert "Convidar membros" in pagina
    assert '<option value="administrador"' not in pagina
    assert '<option value="membro"' in pagina
    revisao = _revisar(client, grupo, "amiga@exemplo.com")
    assert revisao.status_code == 200
    assert _situacoes(revisao) == [("amiga@exemplo.com", "será convidado")]
    assert '<option value="administrador"' not in revisao.content.decode()

    assert _enviar(client, grupo, "amiga@exemplo.com").status_code == 302
    convite = Convite.objects.get()
    assert (convite.email, convite.papel, convite.convidado_por) == ("amiga@exemplo.com", "membro", membro)


def test_membro_com_permissao_nao_convida_administrador(client, grupo, membro):
    grupo.membros_podem_convidar = True
    grupo.save()
    client.force_login(membro)
    for nome_da_url in ("revisar", "enviar"):
        resposta = client.post(
            _url(nome_da_url, grupo), {"emails": "chefe@exemplo.com", "papel": "administrador"}
        )
        assert resposta.status_code == 400
        assert "Faça uma escolha válida" in resposta.content.decode()
    assert not Convite.objects.exists()


def test_administrador_desliga_a_permissao_e_membro_volta_a_receber_403(client, dona, grupo, membro):
    grupo.membros_podem_convidar = True
    grupo.save()
    client.force_login(dona)
    resposta = client.post(_url("permissao", grupo), {"permitir": "0"}, follow=True)
    assert "Agora só administradores podem convidar." in resposta.content.decode()
    grupo.refresh_from_db()
    assert grupo.membros_podem_convidar is False
    client.force_login(membro)
    assert _revisar(client, grupo, "x@exemplo.com").status_code == 403


def test_membro_comum_nao_muda_a_permissao(client, grupo, membro):
    client.force_login(membro)
    assert client.post(_url("permissao", grupo), {"permitir": "1"}).status_code == 403
    grupo.refresh_from_db()
    assert grupo.membros_podem_convidar is False


def _urls_de_grupo(grupo):
    convite = "0f9e0b7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
    return [
        (_url("revisar", grupo), {"emails": "x@exemplo.com", "papel": "membro"}),
        (_url("enviar", grupo), {"emails": "x@exemplo.com", "papel": "membro"}),
        (_url("criar_link", grupo), {"papel": "membro", "validade": "7"}),
        (_url("permissao", grupo), {"permitir": "1"}),
        (_url("cancelar_convite", grupo, convite), {}),
        (_url("reenviar_convite", grupo, convite), {}),
    ]


def test_quem_nao_e_do_grupo_recebe_404_em_todas_as_acoes_de_convite(client, grupo, estranho):
    client.force_login(estranho)
    for url, dados in _urls_de_grupo(grupo):
        assert client.post(url, dados).status_code == 404, url
    assert not Convite.objects.exists()
    grupo.refresh_from_db()
    assert grupo.membros_podem_convidar is False


def test_membro_comum_recebe_403_nas_acoes_de_administrador(client, grupo, membro):
    (convite,) = _convidar(grupo, "alvo@exemplo.com")
    grupo.membros_podem_convidar = True
    grupo.save()
    client.force_login(membro)
    for url in (
        _url("criar_link", grupo),
        _url("permissao", grupo),
        _url("cancelar_convite", grupo, convite.uuid),
        _url("reenviar_convite", grupo, convite.uuid),
    ):
        assert client.post(url, {"papel": "membro", "validade": "7", "permitir": "0"}).status_code == 403, url
    convite.refresh_from_db()
    assert convite.status == StatusConvite.PENDENTE
    assert not Convite.objects.filter(tipo=TipoConvite.LINK).exists()
    grupo.refresh_from_db()
    assert grupo.membros_podem_convidar is True


def test_anonimo_vai_para_o_login(client, grupo):
    convite = "0f9e0b7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
    urls = [url for url, _ in _urls_de_grupo(grupo)] + [
        _aceitar(TOKEN_DESCONHECIDO),
        _recusar(TOKEN_DESCONHECIDO),
        reverse("convites:aceitar_meu", args=[convite]),
        reverse("convites:recusar_meu", args=[convite]),
    ]
    for url in urls:
        resposta = client.post(url, {"emails": "x@exemplo.com", "papel": "membro"})
        assert resposta.status_code == 302, url
        assert resposta["Location"].startswith(reverse("contas:entrar") + "?next="), url
    resposta = client.get(reverse("convites:meus"))
    assert resposta.status_code == 302
    assert resposta["Location"] == reverse("contas:entrar") + "?next=/convites/"
    assert not Convite.objects.exists()


def test_get_nas_acoes_so_post_da_405(client, dona, grupo):
    convite = "0f9e0b7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
    client.force_login(dona)
    urls = [url for url, _ in _urls_de_grupo(grupo)] + [
        _aceitar(TOKEN_DESCONHECIDO),
        _recusar(TOKEN_DESCONHECIDO),
        reverse("convites:aceitar_meu", args=[convite]),
        reverse("convites:recusar_meu", args=[convite]),
    ]
    for url in urls:
        assert client.get(url).status_code == 405, url


# --- 3. aceitar um convite por e-mail pelo token ----------------------------------------------


def test_email_do_convite_traz_o_link_do_site_em_texto_e_html(client, settings, dona, grupo, mailoutbox):
    settings.SITE_URL = "https://grupos.pontoschool.com.br"
    client.force_login(dona)
    _enviar(client, grupo, "Bia@Exemplo.com")
    convite = Convite.objects.get()
    assert mailoutbox == []  # só sai quando a tarefa roda
    link, token = _link_do_email(mailoutbox, convite)
    (email,) = mailoutbox
    assert email.to == ["bia@exemplo.com"]
    assert link == f"https://grupos.pontoschool.com.br/convites/{token}/"
    assert link.startswith(settings.SITE_URL)
    assert "Cálculo I" in email.subject and "Ana Dona" in email.subject
    htmls = [conteudo for conteudo, tipo in email.alternatives if tipo == "text/html"]
    assert len(htmls) == 1
    assert link in htmls[0]
    assert "Cálculo I" in htmls[0]
    convite.refresh_from_db()
    assert convite.email_enviado_em is not None


@pytest.fixture
def convite_da_bia(client, dona, grupo, mailoutbox):
    """Ana convida bia@exemplo.com pela página; devolve (convite, token lido do e-mail)."""
    admin = _como(dona)
    assert _enviar(admin, grupo, "bia@exemplo.com").status_code == 302
    convite = Convite.objects.get(email="bia@exemplo.com")
    _, token = _link_do_email(mailoutbox, convite)
    return convite, token


def test_abrir_o_convite_mostra_grupo_quem_convidou_e_papel_sem_mudar_nada(client, bia, convite_da_bia):
    convite, token = convite_da_bia
    antes = _retrato()
    client.force_login(bia)
    for _ in range(2):
        resposta = client.get(_pagina(token))
        assert resposta.status_code == 200
        pagina = resposta.content.decode()
        assert "Cálculo I" in pagina
        assert "Ana Dona" in pagina
        assert "como <strong>membro</strong>" in pagina
        assert ">Aceitar</button>" in pagina
        assert ">Recusar</button>" in pagina
        assert 'action="' + _aceitar(token) + '"' in pagina
        assert 'action="' + _recusar(token) + '"' in pagina
    assert _retrato() == antes
    convite.refresh_from_db()
    assert convite.status == StatusConvite.PENDENTE
    assert not Participacao.objects.filter(usuario=bia).exists()


def test_anonimo_ve_criar_conta_e_aceitar_com_next_e_email(client, convite_da_bia):
    convite, token = convite_da_bia
    antes = _retrato()
    resposta = client.get(_pagina(token))
    assert resposta.status_code == 200
    pagina = resposta.content.decode()
    assert "Cálculo I" in pagina and "Ana Dona" in pagina
    href = html.unescape(re.search(r'href="([^"]+)">Criar conta e aceitar<', pagina).group(1))
    partes = urlsplit(href)
    assert partes.path == reverse("contas:cadastro")
    assert parse_qs(partes.query) == {"next": [f"/convites/{token}/"], "email": ["bia@exemplo.com"]}
    entrar = html.unescape(re.search(r'href="([^"]+)">Já tenho conta<', pagina).group(1))
    assert parse_qs(urlsplit(entrar).query) == {"next": [f"/convites/{token}/"]}
    assert ">Aceitar</button>" not in pagina
    assert _retrato() == antes
    convite.refresh_from_db()
    assert convite.status == StatusConvite.PENDENTE


def test_cadastro_pelo_link_do_convite_volta_ao_convite_e_aceita(client, dona, grupo, convite_da_bia):
    convite, token = convite_da_bia
    pagina = client.get(_pagina(token)).content.decode()
    href = html.unescape(re.search(r'href="([^"]+)">Criar conta e aceitar<', pagina).group(1))

    formulario = client.get(href).content.decode()
    assert 'value="bia@exemplo.com"' in formulario
    assert f'name="next" value="/convites/{token}/"' in formulario

    resposta = client.post(
        href,
        {"nome": "Bia Nova", "email": "bia@exemplo.com", "senha": SENHA, "next": f"/convites/{token}/"},
    )
    assert resposta.status_code == 302
    assert resposta["Location"] == f"/convites/{token}/"
    bia = Usuario.objects.get(email="bia@exemplo.com")

    pagina = client.get(resposta["Location"]).content.decode()
    assert ">Aceitar</button>" in pagina
    convite.refresh_from_db()
    assert convite.status == StatusConvite.PENDENTE

    resposta = client.post(_aceitar(token), follow=True)
    assert resposta.redirect_chain == [(_detalhe(grupo), 302)]
    assert "Convite aceito! Você agora participa do grupo “Cálculo I”." in resposta.content.decode()
    assert Participacao.objects.get(grupo=grupo, usuario=bia).origem == Origem.CONVITE


def test_aceitar_cria_participacao_marca_aceito_registra_uso_e_avisa(client, dona, grupo, bia, mailoutbox):
    outra_admin = ParticipacaoFactory(
        grupo=grupo, usuario=UsuarioFactory(nome="Edu Admin"), papel=Papel.ADMINISTRADOR
    ).usuario
    membro_comum = ParticipacaoFactory(grupo=grupo).usuario
    admin = _como(dona)
    _enviar(admin, grupo, "bia@exemplo.com", papel="administrador")
    convite = Convite.objects.get()
    _, token = _link_do_email(mailoutbox, convite)

    client.force_login(bia)
    resposta = client.post(_aceitar(token))
    assert resposta.status_code == 302
    assert resposta["Location"] == _detalhe(grupo)

    participacao = Participacao.objects.get(grupo=grupo, usuario=bia)
    assert participacao.origem == Origem.CONVITE
    assert participacao.papel == Papel.ADMINISTRADOR
    assert participacao.aprovado_por == dona
    convite.refresh_from_db()
    assert convite.status == StatusConvite.ACEITO
    assert convite.respondido_em is not None
    uso = UsoConvite.objects.get()
    assert (uso.convite, uso.usuario, uso.participacao) == (convite, bia, participacao)

    avisos = Notificacao.objects.filter(tipo="convite_aceito")
    assert sorted(avisos.values_list("destinatario_id", flat=True)) == sorted([dona.pk, outra_admin.pk])
    assert not avisos.filter(destinatario__in=[bia, membro_comum]).exists()
    assert "Bia Convidada" in avisos.first().texto

    pagina_da_dona = admin.get(_detalhe(grupo)).content.decode()
    assert "Convite por Ana Dona" in _linha_do_membro(pagina_da_dona, "Bia Convidada")

    # Depois de aceito, o mesmo token não serve mais (nem para ela).
    resposta = client.post(_aceitar(token))
    assert resposta.status_code == 404
    assert Participacao.objects.filter(grupo=grupo, usuario=bia).count() == 1


def test_membro_que_convidou_tambem_e_avisado(client, dona, grupo, membro, bia, mailoutbox):
    grupo.membros_podem_convidar = True
    grupo.save()
    assert _enviar(_como(membro), grupo, "bia@exemplo.com").status_code == 302
    convite = Convite.objects.get()
    _, token = _link_do_email(mailoutbox, convite)
    client.force_login(bia)
    client.post(_aceitar(token))
    avisados = Notificacao.objects.filter(tipo="convite_aceito").values_list("destinatario_id", flat=True)
    assert sorted(avisados) == sorted([dona.pk, membro.pk])
    assert Participacao.objects.get(grupo=grupo, usuario=bia).papel == Papel.MEMBRO


def test_conta_de_outro_email_recebe_mensagem_clara_e_nada_muda(client, grupo, estranho, convite_da_bia):
    convite, token = convite_da_bia
    client.force_login(estranho)
    pagina = client.get(_pagina(token)).content.decode()
    assert "bia@exemplo.com" in pagina
    assert ">Aceitar</button>" not in pagina
    antes = _retrato()

    resposta = client.post(_aceitar(token), follow=True)
    assert resposta.redirect_chain == [(_pagina(token), 302)]
    assert "outro endereço de e-mail" in resposta.content.decode()
    resposta = client.post(_recusar(token), follow=True)
    assert "outro endereço de e-mail" in resposta.content.decode()

    assert _retrato() == antes
    convite.refresh_from_db()
    assert convite.status == StatusConvite.PENDENTE
    assert not Participacao.objects.filter(usuario=estranho).exists()


def test_email_com_maiusculas_no_convite_casa_com_a_conta(client, dona, grupo, mailoutbox):
    assert _enviar(_como(dona), grupo, "Bia@Exemplo.com").status_code == 302
    convite = Convite.objects.get()
    assert convite.email == "bia@exemplo.com"
    _, token = _link_do_email(mailoutbox, convite)
    bia = UsuarioFactory(nome="Bia Convidada", email="bia@exemplo.com")
    client.force_login(bia)
    assert ">Aceitar</button>" in client.get(_pagina(token)).content.decode()
    assert client.post(_aceitar(token)).status_code == 302
    assert Participacao.objects.filter(grupo=grupo, usuario=bia).exists()
    convite.refresh_from_db()
    assert convite.status == StatusConvite.ACEITO


def test_ja_tenho_conta_entra_e_volta_ao_convite(client, grupo, bia, convite_da_bia):
    convite, token = convite_da_bia
    pagina = client.get(_pagina(token)).content.decode()
    href = html.unescape(re.search(r'href="([^"]+)">Já tenho conta<', pagina).group(1))
    resposta = client.post(
        href, {"username": "bia@exemplo.com", "password": SENHA, "next": f"/convites/{token}/"}
    )
    assert resposta.status_code == 302
    assert resposta["Location"] == f"/convites/{token}/"
    assert ">Aceitar</button>" in client.get(resposta["Location"]).content.decode()
    convite.refresh_from_db()
    assert convite.status == StatusConvite.PENDENTE
    assert not Participacao.objects.filter(grupo=grupo, usuario=bia).exists()


def test_conta_gravada_com_maiusculas_ve_aceitar_no_convite_do_seu_email(client, grupo, bia, convite_da_bia):
    """Contas gravadas por fora do save() (SQL, bulk_create, dados antigos) podem ter maiúsculas;
    o login as aceita (iexact) e o serviço compara sem caixa — a página tem de concordar."""
    convite, token = convite_da_bia
    Usuario.objects.filter(pk=bia.pk).update(email="Bia@Exemplo.com")
    client.force_login(Usuario.objects.get(pk=bia.pk))
    pagina = client.get(_pagina(token)).content.decode()
    assert ">Aceitar</button>" in pagina
    assert "Entre com a conta de" not in pagina
    assert client.post(_aceitar(token)).status_code == 302
    assert Participacao.objects.filter(grupo=grupo, usuario=bia).exists()
    convite.refresh_from_db()
    assert convite.status == StatusConvite.ACEITO


def test_recusar_marca_recusado_e_avisa_quem_convidou(client, dona, grupo, bia, convite_da_bia):
    convite, token = convite_da_bia
    client.force_login(bia)
    resposta = client.post(_recusar(token), follow=True)
    assert resposta.redirect_chain == [(reverse("grupos:lista"), 302)]
    assert "Convite recusado." in resposta.content.decode()
    convite.refresh_from_db()
    assert convite.status == StatusConvite.RECUSADO
    assert convite.respondido_em is not None
    assert not Participacao.objects.filter(grupo=grupo, usuario=bia).exists()
    aviso = Notificacao.objects.get(tipo="convite_recusado")
    assert aviso.destinatario == dona
    assert "Bia Convidada" in aviso.texto
    # Recusado, o link morre.
    assert client.get(_pagina(token)).status_code == 404


def test_aceitar_com_o_grupo_cheio_explica_e_nao_entra(client, dona, bia, mailoutbox):
    grupo = GrupoFactory(criador=dona, max_membros=2)
    (convite,) = _convidar(grupo, "bia@exemplo.com")
    _, token = _link_do_email(mailoutbox, convite)
    ParticipacaoFactory(grupo=grupo)  # alguém entrou pelo código enquanto isso
    client.force_login(bia)
    resposta = client.post(_aceitar(token), follow=True)
    assert "limite de membros" in resposta.content.decode()
    assert not Participacao.objects.filter(grupo=grupo, usuario=bia).exists()
    convite.refresh_from_db()
    assert convite.status == StatusConvite.PENDENTE


# --- 4. tokens inválidos: uma só mensagem, 404, mesmo corpo -----------------------------------


def _desconhecido(grupo, bia):
    return TOKEN_DESCONHECIDO, None


def _expirado(grupo, bia):
    (convite,) = _convidar(grupo, "bia@exemplo.com")
    return token_do_convite(convite), convite.expira_em + timedelta(minutes=1)


def _cancelado(grupo, bia):
    (convite,) = _convidar(grupo, "bia@exemplo.com")
    resposta = _como(grupo.criador).post(_url("cancelar_convite", grupo, convite.uuid))
    assert resposta.status_code == 302
    convite.refresh_from_db()
    assert convite.status == StatusConvite.CANCELADO
    return token_do_convite(convite), None


def _ja_aceito(grupo, bia):
    (convite,) = _convidar(grupo, "bia@exemplo.com")
    token = token_do_convite(convite)
    assert _como(bia).post(_aceitar(token)).status_code == 302
    return token, None


def _recusado(grupo, bia):
    (convite,) = _convidar(grupo, "bia@exemplo.com")
    token = token_do_convite(convite)
    assert _como(bia).post(_recusar(token)).status_code == 302
    return token, None


def _antigo_depois_de_reenviar(grupo, bia):
    (convite,) = _convidar(grupo, "bia@exemplo.com")
    token = token_do_convite(convite)
    assert _como(grupo.criador).post(_url("reenviar_convite", grupo, convite.uuid)).status_code == 302
    return token, None


def _link_esgotado(grupo, bia):
    link = _criar_link(grupo, max_usos=1)
    token = token_do_convite(link)
    assert _como(bia).post(_aceitar(token)).status_code == 302
    return token, None


def _link_revogado(grupo, bia):
    link = _criar_link(grupo)
    assert _como(grupo.criador).post(_url("cancelar_convite", grupo, link.uuid)).status_code == 302
    return token_do_convite(link), None


def _link_expirado(grupo, bia):
    link = _criar_link(grupo, validade_dias=1)
    return token_do_convite(link), link.expira_em + timedelta(seconds=1)


@pytest.mark.parametrize(
    "caso",
    [
        _desconhecido,
        _expirado,
        _cancelado,
        _ja_aceito,
        _recusado,
        _antigo_depois_de_reenviar,
        _link_esgotado,
        _link_revogado,
        _link_expirado,
    ],
    ids=lambda f: f.__name__.strip("_"),
)
def test_token_invalido_da_a_mesma_mensagem_generica_com_404(client, grupo, bia, estranho, caso):
    token, quando = caso(grupo, bia)
    viagem = time_machine.travel(quando, tick=False) if quando else contextlib.nullcontext()
    with viagem:
        antes = _retrato()
        anonimo = Client()
        referencia_anonima = anonimo.get(_pagina(TOKEN_DESCONHECIDO))
        pagina_anonima = anonimo.get(_pagina(token))
        client.force_login(estranho)
        referencia = client.get(_pagina(TOKEN_DESCONHECIDO))
        respostas = {
            "GET": client.get(_pagina(token)),
            "aceitar": client.post(_aceitar(token)),
            "recusar": client.post(_recusar(token)),
        }
        # A própria convidada também só vê a mensagem genérica.
        convidada = _como(bia)
        referencia_da_bia = convidada.get(_pagina(TOKEN_DESCONHECIDO))
        da_bia = convidada.post(_aceitar(token))
        depois = _retrato()

    assert referencia.status_code == 404
    assert MENSAGEM_GENERICA in referencia.content.decode()
    assert pagina_anonima.status_code == 404
    assert corpo_sem_csrf(pagina_anonima) == corpo_sem_csrf(referencia_anonima)
    for nome, resposta in respostas.items():
        assert resposta.status_code == 404, nome
        assert MENSAGEM_GENERICA in resposta.content.decode(), nome
        assert corpo_sem_csrf(resposta) == corpo_sem_csrf(referencia), nome
    assert da_bia.status_code == 404
    assert corpo_sem_csrf(da_bia) == corpo_sem_csrf(referencia_da_bia)
    assert depois == antes
    assert not Participacao.objects.filter(grupo=grupo, usuario=estranho).exists()


@pytest.mark.parametrize(
    "token",
    [
        "x" * 129,
        "A" * 4000,
        "\x00",
        "ção-😀",
        "a b c",
        "<img src=x onerror=alert(1)>",
        "' OR '1'='1",
        "..",
        "%",
        "A" * 128,
    ],
    ids=[
        "129",
        "4000",
        "nulo",
        "unicode",
        "espacos",
        "html",
        "sql",
        "pontos",
        "porcento",
        "128",
    ],
)
def test_tokens_estranhos_nao_dao_500(client, bia, token):
    referencia = client.get(_pagina(TOKEN_DESCONHECIDO))
    resposta = client.get(_pagina(token))
    assert resposta.status_code == 404
    assert corpo_sem_csrf(resposta) == corpo_sem_csrf(referencia)
    client.force_login(bia)
    for url in (_aceitar(token), _recusar(token)):
        resposta = client.post(url)
        assert resposta.status_code == 404, url
        assert MENSAGEM_GENERICA in resposta.content.decode()
    assert "<img src=x" not in resposta.content.decode()


# --- 5. links de convite ------------------------------------------------------------------


def test_administrador_cria_link_e_a_pagina_mostra_o_link_e_os_usos(client, settings, dona, grupo):
    settings.SITE_URL = "https://grupos.pontoschool.com.br"
    client.force_login(dona)
    with time_machine.travel(INSTANTE, tick=False):
        resposta = client.post(
            _url("criar_link", grupo), {"papel": "membro", "validade": "7", "max_usos": "2"}, follow=True
        )
    assert resposta.redirect_chain == [(_detalhe(grupo) + "#links", 302)]
    link = Convite.objects.get()
    assert link.tipo == TipoConvite.LINK
    assert link.email == ""
    assert link.status == StatusConvite.PENDENTE
    assert link.papel == Papel.MEMBRO
    assert link.max_usos == 2
    assert link.usos == 0
    assert link.convidado_por == dona
    assert link.expira_em == INSTANTE + timedelta(days=7)
    pagina = client.get(_detalhe(grupo)).content.decode()
    assert "Link de convite criado" in resposta.content.decode()
    assert f"https://grupos.pontoschool.com.br/convites/{token_do_convite(link)}/" in pagina
    assert "0 de 2 usos" in pagina


@pytest.mark.parametrize("validade,dias", [("1", 1), ("7", 7), ("30", 30), ("", None)])
def test_validades_do_link(client, dona, grupo, validade, dias):
    client.force_login(dona)
    with time_machine.travel(INSTANTE, tick=False):
        resposta = client.post(_url("criar_link", grupo), {"papel": "administrador", "validade": validade})
    assert resposta.status_code == 302
    link = Convite.objects.get()
    assert link.papel == Papel.ADMINISTRADOR
    assert link.max_usos is None
    assert link.expira_em == (INSTANTE + timedelta(days=dias) if dias else None)
    pagina = client.get(_detalhe(grupo)).content.decode()
    assert ("sem validade" in pagina) is (dias is None)


@pytest.mark.parametrize(
    "dados",
    [
        {"papel": "membro", "validade": "2"},
        {"papel": "membro", "validade": "abc"},
        {"papel": "membro", "validade": "7", "max_usos": "0"},
        {"papel": "membro", "validade": "7", "max_usos": "-3"},
        {"papel": "membro", "validade": "7", "max_usos": "1001"},
        {"papel": "membro", "validade": "7", "max_usos": "dez"},
        {"papel": "dono", "validade": "7"},
    ],
    ids=["validade-2", "validade-texto", "usos-0", "usos-negativo", "usos-1001", "usos-texto", "papel"],
)
def test_link_com_dados_ruins_explica_e_nao_cria(client, dona, grupo, dados):
    client.force_login(dona)
    resposta = client.post(_url("criar_link", grupo), dados, follow=True)
    assert resposta.redirect_chain == [(_detalhe(grupo) + "#links", 302)]
    assert "Não foi possível criar o link" in resposta.content.decode()
    assert not Convite.objects.exists()


def test_qualquer_pessoa_logada_entra_no_grupo_privado_pelo_link(client, dona, grupo, estranho):
    link = _criar_link(grupo, papel=Papel.ADMINISTRADOR, max_usos=3)
    token = token_do_convite(link)
    client.force_login(estranho)
    antes = _retrato()
    pagina = client.get(_pagina(token)).content.decode()
    assert "Cálculo I" in pagina and ">Aceitar</button>" in pagina
    assert "como <strong>administrador</strong>" in pagina
    assert _retrato() == antes
    resposta = client.post(_aceitar(token), follow=True)
    assert resposta.redirect_chain == [(_detalhe(grupo), 302)]
    participacao = Participacao.objects.get(grupo=grupo, usuario=estranho)
    assert participacao.origem == Origem.CONVITE
    assert participacao.papel == Papel.ADMINISTRADOR
    link.refresh_from_db()
    assert link.usos == 1
    assert link.status == StatusConvite.PENDENTE  # o link continua valendo para os próximos
    assert UsoConvite.objects.get(convite=link).participacao == participacao
    assert Notificacao.objects.filter(tipo="convite_aceito", destinatario=dona).count() == 1

    pagina_da_dona = _como(dona).get(_detalhe(grupo)).content.decode()
    assert "Entraram por este link: Carla de Fora" in pagina_da_dona


def test_entrar_pelo_link_encerra_a_solicitacao_pendente(client, grupo, estranho):
    solicitacao = SolicitacaoFactory(grupo=grupo, usuario=estranho)
    link = _criar_link(grupo)
    client.force_login(estranho)
    assert client.post(_aceitar(token_do_convite(link))).status_code == 302
    solicitacao.refresh_from_db()
    assert solicitacao.status == StatusSolicitacao.CANCELADA
    assert Participacao.objects.get(grupo=grupo, usuario=estranho).origem == Origem.CONVITE


def test_usos_do_link_no_plural_depois_do_primeiro(dona, grupo, estranho):
    link = _criar_link(grupo, max_usos=3)
    services.aceitar_convite(usuario=estranho, token=token_do_convite(link))
    pagina = _como(dona).get(_detalhe(grupo)).content.decode()
    assert "1 de 3 usos" in pagina


def test_link_esgotado_da_a_mensagem_generica(client, grupo, estranho):
    link = _criar_link(grupo, max_usos=1)
    token = token_do_convite(link)
    assert _como(estranho).post(_aceitar(token)).status_code == 302
    davi = UsuarioFactory(nome="Davi Depois")
    client.force_login(davi)
    for resposta in (client.get(_pagina(token)), client.post(_aceitar(token))):
        assert resposta.status_code == 404
        assert MENSAGEM_GENERICA in resposta.content.decode()
    link.refresh_from_db()
    assert link.usos == 1
    assert not Participacao.objects.filter(grupo=grupo, usuario=davi).exists()


def test_quem_ja_e_membro_nao_gasta_uso_do_link(client, grupo, membro):
    link = _criar_link(grupo, max_usos=1)
    client.force_login(membro)
    resposta = client.post(_aceitar(token_do_convite(link)), follow=True)
    assert "Você já participa do grupo “Cálculo I”." in resposta.content.decode()
    link.refresh_from_db()
    assert link.usos == 0
    assert not UsoConvite.objects.exists()


def test_revogar_o_link_o_mata_e_some_da_pagina(client, dona, grupo, estranho):
    link = _criar_link(grupo)
    token = token_do_convite(link)
    client.force_login(dona)
    resposta = client.post(_url("cancelar_convite", grupo, link.uuid), follow=True)
    assert "o link dele não funciona mais" in resposta.content.decode()
    link.refresh_from_db()
    assert link.status == StatusConvite.CANCELADO
    assert token not in client.get(_detalhe(grupo)).content.decode()
    visitante = _como(estranho)
    resposta = visitante.post(_aceitar(token))
    assert resposta.status_code == 404
    assert MENSAGEM_GENERICA in resposta.content.decode()
    assert not Participacao.objects.filter(grupo=grupo, usuario=estranho).exists()


def test_bloqueado_nao_aceita_link_nem_e_convidado_por_email(client, dona, grupo, estranho):
    bloquear_usuario(admin=dona, grupo=grupo, usuario=estranho)
    link = _criar_link(grupo)
    token = token_do_convite(link)

    bloqueada = _como(estranho)
    referencia = bloqueada.post(_aceitar(TOKEN_DESCONHECIDO))
    resposta = bloqueada.post(_aceitar(token))
    assert resposta.status_code == 404
    assert MENSAGEM_GENERICA in resposta.content.decode()
    assert corpo_sem_csrf(resposta) == corpo_sem_csrf(referencia)
    assert not Participacao.objects.filter(grupo=grupo, usuario=estranho).exists()
    link.refresh_from_db()
    assert link.usos == 0

    client.force_login(dona)
    revisao = _revisar(client, grupo, "Carla@Exemplo.com outro@exemplo.com")
    assert _situacoes(revisao) == [
        ("carla@exemplo.com", "não pode ser convidado"),
        ("outro@exemplo.com", "será convidado"),
    ]
    resposta = _enviar(client, grupo, "carla@exemplo.com outro@exemplo.com", follow=True)
    (resumo,) = _mensagens(resposta)
    assert resumo.startswith("1 convite enviado;") and "1 não pode" in resumo
    assert list(Convite.objects.filter(tipo="email").values_list("email", flat=True)) == ["outro@exemplo.com"]


def test_bloqueado_depois_do_convite_por_email_nao_consegue_aceitar(client, dona, grupo, estranho):
    (convite,) = _convidar(grupo, "carla@exemplo.com")
    bloquear_usuario(admin=dona, grupo=grupo, usuario=estranho)
    client.force_login(estranho)
    resposta = client.post(_aceitar(token_do_convite(convite)))
    assert resposta.status_code == 404
    assert MENSAGEM_GENERICA in resposta.content.decode()
    assert not Participacao.objects.filter(grupo=grupo, usuario=estranho).exists()
    convite.refresh_from_db()
    assert convite.status == StatusConvite.PENDENTE


def test_membro_comum_nao_ve_links_nem_cria(client, grupo, membro):
    _criar_link(grupo)
    grupo.membros_podem_convidar = True
    grupo.save()
    client.force_login(membro)
    pagina = client.get(_detalhe(grupo)).content.decode()
    assert "Links de convite" not in pagina
    assert client.post(_url("criar_link", grupo), {"papel": "membro", "validade": "7"}).status_code == 403
    assert Convite.objects.count() == 1


# --- 6. "Meus convites" -------------------------------------------------------------------


def test_meus_convites_lista_os_meus_inclusive_de_antes_da_conta(client, dona, grupo):
    outro_grupo = GrupoFactory(nome="Física II", criador=UsuarioFactory(nome="Fábio Físico"))
    _convidar(grupo, "dani@exemplo.com")  # antes de a Dani ter conta
    _convidar(outro_grupo, "Dani@Exemplo.com", papel=Papel.ADMINISTRADOR)
    _convidar(GrupoFactory(nome="Grupo dos outros"), "outra@exemplo.com")
    (vencido,) = _convidar(GrupoFactory(nome="Grupo vencido"), "dani@exemplo.com")
    Convite.objects.filter(pk=vencido.pk).update(expira_em=timezone.now() - timedelta(minutes=1))
    (cancelado,) = _convidar(GrupoFactory(nome="Grupo cancelado"), "dani@exemplo.com")
    Convite.objects.filter(pk=cancelado.pk).update(status=StatusConvite.CANCELADO)
    _criar_link(GrupoFactory(nome="Grupo do link"))

    dani = UsuarioFactory(nome="Dani Nova", email="dani@exemplo.com")
    client.force_login(dani)
    resposta = client.get(reverse("convites:meus"))
    assert resposta.status_code == 200
    pagina = resposta.content.decode()
    assert "Cálculo I" in pagina and "convite de Ana Dona" in pagina and "como membro" in pagina
    assert "Física II" in pagina and "convite de Fábio Físico" in pagina and "como administrador" in pagina
    for ausente in ("Grupo dos outros", "Grupo vencido", "Grupo cancelado", "Grupo do link"):
        assert ausente not in pagina
    meus = Convite.objects.filter(email="dani@exemplo.com", status=StatusConvite.PENDENTE)
    for convite in meus.exclude(pk=vencido.pk):
        assert reverse("convites:aceitar_meu", args=[convite.uuid]) in pagina
        assert reverse("convites:recusar_meu", args=[convite.uuid]) in pagina
    assert '<span class="contador" aria-label="2 pendentes">2</span>' in pagina


def test_meus_convites_vazio(client, estranho):
    client.force_login(estranho)
    pagina = client.get(reverse("convites:meus")).content.decode()
    assert "Nenhum convite pendente para carla@exemplo.com." in pagina
    assert re.search(r'aria-label="\d+ pendentes?"', pagina) is None


def test_contador_do_cabecalho_ao_lado_das_notificacoes(client, grupo, bia):
    client.force_login(bia)
    pagina = client.get(reverse("grupos:lista")).content.decode()
    assert re.search(r'aria-label="\d+ pendentes?"', pagina) is None
    _convidar(grupo, "bia@exemplo.com")
    pagina = client.get(reverse("grupos:lista")).content.decode()
    contador = '<span class="contador" aria-label="1 pendente">1</span>'
    assert contador in pagina
    inicio_do_menu = pagina.index('<nav class="menu"')
    assert inicio_do_menu < pagina.index(contador) < pagina.index("Notificações") < pagina.index("</nav>")
    _convidar(GrupoFactory(), "bia@exemplo.com")
    pagina = client.get(reverse("grupos:lista")).content.decode()
    assert '<span class="contador" aria-label="2 pendentes">2</span>' in pagina


def test_aceitar_e_recusar_pelos_meus_convites(client, dona, grupo, bia):
    (para_aceitar,) = _convidar(grupo, "bia@exemplo.com")
    outro = GrupoFactory(nome="Física II")
    (para_recusar,) = _convidar(outro, "bia@exemplo.com")
    client.force_login(bia)

    resposta = client.post(reverse("convites:aceitar_meu", args=[para_aceitar.uuid]), follow=True)
    assert resposta.redirect_chain == [(_detalhe(grupo), 302)]
    assert "Convite aceito!" in resposta.content.decode()
    para_aceitar.refresh_from_db()
    assert para_aceitar.status == StatusConvite.ACEITO
    participacao = Participacao.objects.get(grupo=grupo, usuario=bia)
    assert participacao.origem == Origem.CONVITE
    assert UsoConvite.objects.get(convite=para_aceitar).participacao == participacao
    assert Notificacao.objects.filter(tipo="convite_aceito", destinatario=dona).exists()

    resposta = client.post(reverse("convites:recusar_meu", args=[para_recusar.uuid]), follow=True)
    assert resposta.redirect_chain == [(reverse("convites:meus"), 302)]
    pagina = resposta.content.decode()
    assert "Convite recusado." in pagina
    assert "Nenhum convite pendente" in pagina
    para_recusar.refresh_from_db()
    assert para_recusar.status == StatusConvite.RECUSADO
    assert not Participacao.objects.filter(grupo=outro, usuario=bia).exists()
    assert Notificacao.objects.filter(tipo="convite_recusado", destinatario=outro.criador).exists()


def test_convite_de_outra_pessoa_pelos_meus_convites_da_mensagem_generica(client, grupo, bia, estranho):
    (convite,) = _convidar(grupo, "bia@exemplo.com")
    link = _criar_link(grupo)
    antes = _retrato()
    client.force_login(estranho)
    for uuid in (convite.uuid, link.uuid, "0f9e0b7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b"):
        resposta = client.post(reverse("convites:aceitar_meu", args=[uuid]))
        assert resposta.status_code == 404
        assert MENSAGEM_GENERICA in resposta.content.decode()
        resposta = client.post(reverse("convites:recusar_meu", args=[uuid]), follow=True)
        assert resposta.redirect_chain == [(reverse("convites:meus"), 302)]
        assert MENSAGEM_GENERICA in resposta.content.decode()
    assert _retrato() == antes
    convite.refresh_from_db()
    assert convite.status == StatusConvite.PENDENTE
    assert not Participacao.objects.filter(usuario=estranho).exists()


def test_convite_vencido_nao_e_aceito_pelos_meus_convites(client, grupo, bia):
    (convite,) = _convidar(grupo, "bia@exemplo.com")
    client.force_login(bia)
    with time_machine.travel(convite.expira_em + timedelta(seconds=1), tick=False):
        assert "Cálculo I" not in client.get(reverse("convites:meus")).content.decode()
        resposta = client.post(reverse("convites:aceitar_meu", args=[convite.uuid]))
    assert resposta.status_code == 404
    assert MENSAGEM_GENERICA in resposta.content.decode()
    assert not Participacao.objects.filter(grupo=grupo, usuario=bia).exists()


# --- 7. gerenciar convites pendentes -------------------------------------------------------


def test_administrador_ve_os_pendentes_com_reenviar_e_cancelar(client, dona, grupo, membro):
    with time_machine.travel(INSTANTE, tick=False):
        _convidar(grupo, "bia@exemplo.com")
        _convidar(grupo, "chefe@exemplo.com", papel=Papel.ADMINISTRADOR)
    client.force_login(dona)
    pagina = client.get(_detalhe(grupo)).content.decode()
    assert "Convites pendentes (2)" in pagina
    itens = re.findall(r'<li class="membro convite-pendente">(.*?)</li>', pagina, re.S)
    assert len(itens) == 2
    por_email = {re.search(r'class="membro__nome">([^<]+)<', i).group(1): i for i in itens}
    assert set(por_email) == {"bia@exemplo.com", "chefe@exemplo.com"}
    assert ">Membro<" in por_email["bia@exemplo.com"]
    assert ">Administrador<" in por_email["chefe@exemplo.com"]
    for convite in Convite.objects.all():
        item = por_email[convite.email]
        assert f"convidado em {timezone.localtime(INSTANTE):%d/%m/%Y} por Ana Dona" in item
        assert "Reenviar" in item and "Cancelar" in item
        assert _url("reenviar_convite", grupo, convite.uuid) in item
        assert _url("cancelar_convite", grupo, convite.uuid) in item

    client.force_login(membro)
    assert "bia@exemplo.com" not in client.get(_detalhe(grupo)).content.decode()


def test_reenviar_troca_o_token_a_validade_e_enfileira_outro_email(client, dona, grupo, bia, mailoutbox):
    (convite,) = _convidar(grupo, "bia@exemplo.com")
    _, token_antigo = _link_do_email(mailoutbox, convite)
    tarefas = DBTaskResult.objects.count()

    depois = timezone.now() + timedelta(days=3)
    with time_machine.travel(depois, tick=False):
        client.force_login(dona)
        resposta = client.post(_url("reenviar_convite", grupo, convite.uuid), follow=True)
    assert resposta.redirect_chain == [(_detalhe(grupo) + "#convites", 302)]
    assert "Convite reenviado com um link novo" in resposta.content.decode()
    assert DBTaskResult.objects.count() == tarefas + 1
    convite.refresh_from_db()
    assert convite.status == StatusConvite.PENDENTE
    assert convite.expira_em == depois + timedelta(days=7)
    assert convite.reenviado_em == depois
    assert convite.email_enviado_em is None
    assert Convite.objects.count() == 1

    _, token_novo = _link_do_email(mailoutbox, convite)
    assert len(mailoutbox) == 2
    assert token_novo != token_antigo
    assert token_novo == token_do_convite(convite)

    convidada = _como(bia)
    velho = convidada.get(_pagina(token_antigo))
    assert velho.status_code == 404
    assert MENSAGEM_GENERICA in velho.content.decode()
    assert convidada.post(_aceitar(token_antigo)).status_code == 404
    assert not Participacao.objects.filter(grupo=grupo, usuario=bia).exists()
    assert convidada.get(_pagina(token_novo)).status_code == 200
    assert convidada.post(_aceitar(token_novo)).status_code == 302
    assert Participacao.objects.filter(grupo=grupo, usuario=bia).exists()


def test_reenviar_revive_convite_vencido(client, dona, grupo, bia):
    (convite,) = _convidar(grupo, "bia@exemplo.com")
    token_antigo = token_do_convite(convite)
    depois = convite.expira_em + timedelta(days=1)
    with time_machine.travel(depois, tick=False):
        client.force_login(dona)
        pagina = client.get(_detalhe(grupo)).content.decode()
        assert "expirou em" in pagina
        assert client.post(_url("reenviar_convite", grupo, convite.uuid)).status_code == 302
        convite.refresh_from_db()
        token_novo = token_do_convite(convite)
        assert token_novo != token_antigo
        convidada = _como(bia)
        assert convidada.get(_pagina(token_antigo)).status_code == 404
        assert convidada.post(_aceitar(token_novo)).status_code == 302
    assert Participacao.objects.filter(grupo=grupo, usuario=bia).exists()


def test_falha_no_envio_aparece_para_o_administrador(client, dona, grupo):
    (convite,) = _convidar(grupo, "bia@exemplo.com")
    client.force_login(dona)
    assert "não pôde ser enviado" not in client.get(_detalhe(grupo)).content.decode()
    Convite.objects.filter(pk=convite.pk).update(email_falha="SMTPServerDisconnected: fora do ar")
    pagina = client.get(_detalhe(grupo)).content.decode()
    assert (
        "o e-mail não pôde ser enviado, mas o convite pode ser aceito pelo link ou reenviado"
        in pagina.lower()
    )
    assert token_do_convite(convite) in pagina  # o link, para copiar
    convite.refresh_from_db()
    assert convite.status == StatusConvite.PENDENTE


def test_segundo_convite_para_quem_ja_tem_pendente_e_avisado_e_nao_criado(client, dona, grupo, mailoutbox):
    client.force_login(dona)
    assert _enviar(client, grupo, "bia@exemplo.com").status_code == 302
    tarefas = DBTaskResult.objects.count()
    revisao = _revisar(client, grupo, "BIA@exemplo.com")
    assert _situacoes(revisao) == [("bia@exemplo.com", "já tem convite pendente")]
    assert "Enviar 1 convite" not in revisao.content.decode()
    resposta = _enviar(client, grupo, "BIA@exemplo.com", follow=True)
    (resumo,) = _mensagens(resposta)
    assert resumo.startswith("Nenhum convite novo;") and "1 já tinha" in resumo
    assert Convite.objects.count() == 1
    assert DBTaskResult.objects.count() == tarefas


def test_quem_ja_e_membro_e_avisado_e_nao_convidado(client, dona, grupo, membro):
    client.force_login(dona)
    resposta = _enviar(client, grupo, "Bruno@Exemplo.com", follow=True)
    (resumo,) = _mensagens(resposta)
    assert resumo.startswith("Nenhum convite novo;") and "1 já era" in resumo
    assert not Convite.objects.exists()


def test_depois_de_vencer_ou_cancelar_o_endereco_pode_ser_convidado_de_novo(client, dona, grupo):
    (vencido,) = _convidar(grupo, "bia@exemplo.com")
    client.force_login(dona)
    with time_machine.travel(vencido.expira_em + timedelta(seconds=1), tick=False):
        assert _situacoes(_revisar(client, grupo, "bia@exemplo.com")) == [
            ("bia@exemplo.com", "será convidado")
        ]
        assert _enviar(client, grupo, "bia@exemplo.com").status_code == 302
    vencido.refresh_from_db()
    assert vencido.status == StatusConvite.EXPIRADO
    novo = Convite.objects.get(status=StatusConvite.PENDENTE)
    assert client.post(_url("cancelar_convite", grupo, novo.uuid)).status_code == 302
    assert _enviar(client, grupo, "bia@exemplo.com").status_code == 302
    assert Convite.objects.filter(email="bia@exemplo.com").count() == 3
    assert Convite.objects.filter(email="bia@exemplo.com", status=StatusConvite.PENDENTE).count() == 1


def test_cancelar_convite_por_email_pela_pagina(client, dona, grupo, bia):
    (convite,) = _convidar(grupo, "bia@exemplo.com")
    client.force_login(dona)
    resposta = client.post(_url("cancelar_convite", grupo, convite.uuid), follow=True)
    assert resposta.redirect_chain == [(_detalhe(grupo) + "#convites", 302)]
    assert "Convite cancelado" in resposta.content.decode()
    assert "bia@exemplo.com" not in resposta.content.decode()
    convite.refresh_from_db()
    assert convite.status == StatusConvite.CANCELADO
    assert convite.respondido_em is not None
    # Cancelar de novo (ou reenviar um cancelado) não acha mais o convite.
    assert client.post(_url("cancelar_convite", grupo, convite.uuid)).status_code == 404
    assert client.post(_url("reenviar_convite", grupo, convite.uuid)).status_code == 404
    convite.refresh_from_db()
    assert convite.status == StatusConvite.CANCELADO


def test_convite_de_outro_grupo_nao_e_cancelado_por_este_administrador(client, dona, grupo):
    alheio = GrupoFactory(nome="Grupo alheio")
    (convite,) = _convidar(alheio, "bia@exemplo.com")
    client.force_login(dona)
    assert client.post(_url("cancelar_convite", grupo, convite.uuid)).status_code == 404
    assert client.post(_url("reenviar_convite", grupo, convite.uuid)).status_code == 404
    convite.refresh_from_db()
    assert convite.status == StatusConvite.PENDENTE


def test_link_nao_e_reenviado(client, dona, grupo):
    link = _criar_link(grupo)
    hash_antes = link.token_hash
    client.force_login(dona)
    resposta = client.post(_url("reenviar_convite", grupo, link.uuid), follow=True)
    assert "Links não são reenviados" in resposta.content.decode()
    link.refresh_from_db()
    assert link.token_hash == hash_antes


# --- 8. custo em consultas ------------------------------------------------------------------


def test_enviar_50_convites_custa_o_mesmo_que_1(client, dona):
    aquecimento, com_um, com_cinquenta = (GrupoFactory(criador=dona, max_membros=100) for _ in range(3))
    client.force_login(dona)
    assert _enviar(client, aquecimento, "aquece@exemplo.com").status_code == 302
    with CaptureQueriesContext(connection) as um:
        assert _enviar(client, com_um, "um@exemplo.com").status_code == 302
    emails = "\n".join(f"pessoa{i}@exemplo.com" for i in range(50))
    with CaptureQueriesContext(connection) as cinquenta:
        assert _enviar(client, com_cinquenta, emails).status_code == 302
    assert Convite.objects.filter(grupo=com_cinquenta).count() == 50
    assert len(cinquenta) == len(um), [q["sql"][:120] for q in cinquenta.captured_queries]


def test_pagina_do_grupo_custa_o_mesmo_com_1_ou_30_convites_e_5_links(client, dona):
    grupo = GrupoFactory(criador=dona, max_membros=100)
    _convidar(grupo, "convidado0@exemplo.com")
    primeiro_link = _criar_link(grupo)
    services.aceitar_convite(usuario=UsuarioFactory(), token=token_do_convite(primeiro_link))
    client.force_login(dona)
    client.get(_detalhe(grupo))
    with CaptureQueriesContext(connection) as pouco:
        assert client.get(_detalhe(grupo)).status_code == 200

    _convidar(grupo, *(f"convidado{i}@exemplo.com" for i in range(1, 30)))
    for _ in range(4):
        link = _criar_link(grupo, max_usos=10)
        for _ in range(2):
            services.aceitar_convite(usuario=UsuarioFactory(), token=token_do_convite(link))
    with CaptureQueriesContext(connection) as muito:
        pagina = client.get(_detalhe(grupo)).content.decode()
    assert pagina.count('<li class="membro convite-pendente">') == 30
    assert pagina.count('<li class="membro link-convite">') == 5
    assert pagina.count("Entraram por este link:") == 5
    assert len(muito) == len(pouco)


def test_quem_saiu_e_volta_pelo_mesmo_link_entra_de_novo_sem_erro(client):
    from convites import services as convites_services
    from convites.models import UsoConvite
    from grupos.services import sair_do_grupo
    from grupos.tests.factories import GrupoFactory as Grupos

    grupo = Grupos(privacidade="privado")
    link = convites_services.criar_link_de_convite(
        admin=grupo.criador, grupo=grupo, papel="membro", validade_dias=7, max_usos=None
    )
    from convites.tokens import token_do_convite

    token = token_do_convite(link)
    from contas.tests.factories import UsuarioFactory as Pessoas

    pessoa = Pessoas()
    client.force_login(pessoa)
    assert client.post(f"/convites/{token}/aceitar/").status_code == 302
    sair_do_grupo(usuario=pessoa, grupo=grupo)
    resposta = client.post(f"/convites/{token}/aceitar/")
    assert resposta.status_code == 302
    assert Participacao.objects.filter(grupo=grupo, usuario=pessoa).exists()
    assert UsoConvite.objects.filter(convite=link, usuario=pessoa).count() == 1
    link.refresh_from_db()
    assert link.usos == 2
