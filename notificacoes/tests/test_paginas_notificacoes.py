import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contas.tests.factories import UsuarioFactory
from notificacoes.models import Notificacao

from .factories import NotificacaoFactory

pytestmark = pytest.mark.django_db

LISTA = "/notificacoes/"
NAO_ENCONTRADA = "Notificação não encontrada."
TODAS_LIDAS = "Todas as notificações foram marcadas como lidas."


@pytest.fixture
def ana():
    return UsuarioFactory(nome="Ana Souza")


@pytest.fixture
def bruno():
    return UsuarioFactory(nome="Bruno Lima")


@pytest.fixture
def logada(client, ana):
    client.force_login(ana)
    return client


def _abrir(n):
    return reverse("notificacoes:abrir", args=[n.pk])


def _marcar_lida(n):
    return reverse("notificacoes:marcar_lida", args=[n.pk])


def _itens(html: str) -> int:
    return html.count('<li class="notificacao')


def _consultas_a_notificacoes(capturadas) -> list[str]:
    return [q["sql"] for q in capturadas.captured_queries if "notificacoes_notificacao" in q["sql"]]


# --- lista --------------------------------------------------------------------------------


def test_url_da_lista():
    assert reverse("notificacoes:lista") == LISTA


def test_lista_mostra_as_mais_recentes_primeiro(logada, ana):
    with time_machine.travel(datetime(2025, 3, 10, 12, 0, tzinfo=UTC), tick=False):
        NotificacaoFactory(destinatario=ana, texto="Aviso de ontem")
    with time_machine.travel(datetime(2025, 3, 11, 9, 30, tzinfo=UTC), tick=False):
        NotificacaoFactory(destinatario=ana, texto="Aviso de hoje")
    # Criada por último, mas a mais antiga: a ordem é pela data, não pela chave.
    with time_machine.travel(datetime(2025, 1, 2, 8, 0, tzinfo=UTC), tick=False):
        NotificacaoFactory(destinatario=ana, texto="Aviso de janeiro")

    html = logada.get(LISTA).content.decode()

    posicoes = [html.index(t) for t in ("Aviso de hoje", "Aviso de ontem", "Aviso de janeiro")]
    assert posicoes == sorted(posicoes)
    assert 'datetime="2025-03-11T06:30:00-03:00"' in html  # horário de Brasília
    assert "11/03/2025 06:30" in html


def test_lista_mostra_so_as_minhas(logada, ana, bruno):
    NotificacaoFactory(destinatario=ana, texto="Aviso para a Ana")
    alheia = NotificacaoFactory(destinatario=bruno, texto="Aviso para o Bruno")
    html = logada.get(LISTA).content.decode()
    assert "Aviso para a Ana" in html
    assert "Aviso para o Bruno" not in html
    assert _abrir(alheia) not in html
    assert _itens(html) == 1


def test_lista_distingue_lidas_de_nao_lidas(logada, ana):
    nova = NotificacaoFactory(destinatario=ana, texto="Aviso novo")
    lida = NotificacaoFactory(destinatario=ana, texto="Aviso lido", lida_em=timezone.now())
    html = logada.get(LISTA).content.decode()
    assert '<span class="visualmente-oculto">Não lida: </span>Aviso novo' in html
    assert "Não lida: </span>Aviso lido" not in html
    assert html.count('class="notificacao notificacao--nova"') == 1
    assert _marcar_lida(nova) in html
    assert _marcar_lida(lida) not in html
    assert _abrir(nova) in html and _abrir(lida) in html


def test_lista_vazia_avisa_que_nao_ha_notificacoes(logada):
    html = logada.get(LISTA).content.decode()
    assert "Nenhuma notificação por enquanto." in html
    assert "Marcar todas como lidas" not in html


def test_lista_e_paginada_de_50_em_50(logada, ana):
    for i in range(60):
        NotificacaoFactory(destinatario=ana, texto=f"Aviso {i:02d}")

    primeira = logada.get(LISTA).content.decode()
    segunda = logada.get(LISTA, {"pagina": 2}).content.decode()

    assert _itens(primeira) == 50
    assert "Aviso 59</button>" in primeira and "Aviso 10</button>" in primeira
    assert "Aviso 09</button>" not in primeira
    assert "Página 1 de 2" in primeira
    assert 'href="?pagina=2"' in primeira
    assert _itens(segunda) == 10
    assert "Aviso 09</button>" in segunda and "Aviso 00</button>" in segunda
    assert "Página 2 de 2" in segunda
    assert 'href="?pagina=1"' in segunda


@pytest.mark.parametrize("pagina,esperada", [("abc", "Página 1 de 2"), ("999", "Página 2 de 2")])
def test_pagina_invalida_nao_da_erro(logada, ana, pagina, esperada):
    NotificacaoFactory.create_batch(51, destinatario=ana)
    resposta = logada.get(LISTA, {"pagina": pagina})
    assert resposta.status_code == 200
    assert esperada in resposta.content.decode()


def test_lista_com_50_nao_mostra_paginacao(logada, ana):
    NotificacaoFactory.create_batch(50, destinatario=ana)
    html = logada.get(LISTA).content.decode()
    assert _itens(html) == 50
    assert "Página 1" not in html


def test_texto_da_notificacao_e_escapado(logada, ana):
    NotificacaoFactory(destinatario=ana, texto='<script>alert("x")</script>')
    html = logada.get(LISTA).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


# --- contador do cabeçalho -------------------------------------------------------------------


def test_contador_de_nao_lidas_aparece_no_cabecalho_de_outras_paginas(logada, ana, bruno):
    NotificacaoFactory.create_batch(3, destinatario=ana)
    NotificacaoFactory(destinatario=ana, lida_em=timezone.now())
    NotificacaoFactory.create_batch(5, destinatario=bruno)

    html = logada.get(reverse("grupos:lista")).content.decode()

    assert html.count('class="contador"') == 1
    assert re.search(r'<span class="contador" aria-label="[^"]*">3</span>', html)


@pytest.mark.parametrize(
    "quantas,rotulo",
    [(1, "1 não lida"), (2, "2 não lidas"), (30, "30 não lidas")],
    ids=["uma", "duas", "trinta"],
)
def test_rotulo_acessivel_do_contador_concorda_com_o_numero(logada, ana, quantas, rotulo):
    NotificacaoFactory.create_batch(quantas, destinatario=ana)
    html = logada.get(reverse("grupos:lista")).content.decode()
    assert f'<span class="contador" aria-label="{rotulo}">{quantas}</span>' in html


def test_contador_some_depois_de_marcar_todas(logada, ana):
    NotificacaoFactory.create_batch(3, destinatario=ana)
    assert 'class="contador"' in logada.get(reverse("grupos:lista")).content.decode()

    logada.post(reverse("notificacoes:marcar_todas"))

    html = logada.get(reverse("grupos:lista")).content.decode()
    assert 'class="contador"' not in html
    assert "Notificações</a>" in html


def test_sem_nao_lidas_o_cabecalho_nao_mostra_contador(logada, ana):
    NotificacaoFactory(destinatario=ana, lida_em=timezone.now())
    html = logada.get(reverse("grupos:lista")).content.decode()
    assert 'class="contador"' not in html


# --- abrir ---------------------------------------------------------------------------------


def test_abrir_marca_como_lida_e_leva_ao_link_interno(logada, ana):
    n = NotificacaoFactory(destinatario=ana, link="/grupos/")
    resposta = logada.post(_abrir(n))
    assert resposta.status_code == 302
    assert resposta["Location"] == "/grupos/"
    n.refresh_from_db()
    assert n.lida_em is not None


def test_abrir_mantem_o_fragmento_do_link(logada, ana):
    n = NotificacaoFactory(destinatario=ana, link="/grupos/abc/#solicitacoes")
    assert logada.post(_abrir(n))["Location"] == "/grupos/abc/#solicitacoes"


@pytest.mark.parametrize(
    "link",
    [
        "https://mal.example/",
        "http://mal.example/grupos/",
        "//mal.example/",
        "/\\mal.example/",
        "javascript:alert(1)",
    ],
)
def test_abrir_nao_segue_link_externo(logada, ana, link):
    n = NotificacaoFactory(destinatario=ana, link=link)
    resposta = logada.post(_abrir(n))
    assert resposta.status_code == 302
    assert resposta["Location"] == LISTA
    n.refresh_from_db()
    assert n.lida_em is not None


def test_abrir_sem_link_volta_para_a_lista(logada, ana):
    n = NotificacaoFactory(destinatario=ana, link="")
    assert logada.post(_abrir(n))["Location"] == LISTA
    n.refresh_from_db()
    assert n.lida_em is not None


def test_abrir_de_novo_nao_muda_quando_foi_lida(logada, ana):
    quando = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
    n = NotificacaoFactory(destinatario=ana, link="/grupos/", lida_em=quando)
    assert logada.post(_abrir(n))["Location"] == "/grupos/"
    n.refresh_from_db()
    assert n.lida_em == quando


# --- marcar como lida / marcar todas ---------------------------------------------------------


def test_marcar_lida_marca_so_aquela_e_volta_para_a_lista(logada, ana):
    n = NotificacaoFactory(destinatario=ana)
    outra = NotificacaoFactory(destinatario=ana)
    resposta = logada.post(_marcar_lida(n))
    assert resposta.status_code == 302
    assert resposta["Location"] == LISTA
    n.refresh_from_db()
    outra.refresh_from_db()
    assert n.lida_em is not None
    assert outra.lida_em is None


def test_marcar_todas_marca_so_as_minhas_e_avisa(logada, ana, bruno):
    NotificacaoFactory.create_batch(3, destinatario=ana)
    alheia = NotificacaoFactory(destinatario=bruno)

    resposta = logada.post(reverse("notificacoes:marcar_todas"), follow=True)

    assert resposta.redirect_chain == [(LISTA, 302)]
    html = resposta.content.decode()
    assert TODAS_LIDAS in html
    assert "Marcar todas como lidas" not in html
    assert not Notificacao.objects.filter(destinatario=ana, lida_em__isnull=True).exists()
    alheia.refresh_from_db()
    assert alheia.lida_em is None


def test_marcar_todas_nao_muda_as_ja_lidas(logada, ana):
    quando = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
    lida = NotificacaoFactory(destinatario=ana, lida_em=quando)
    NotificacaoFactory(destinatario=ana)
    logada.post(reverse("notificacoes:marcar_todas"))
    lida.refresh_from_db()
    assert lida.lida_em == quando


def test_marcar_todas_sem_nao_lidas_nao_anuncia_nada(logada, ana):
    NotificacaoFactory(destinatario=ana, lida_em=timezone.now())
    resposta = logada.post(reverse("notificacoes:marcar_todas"), follow=True)
    assert resposta.redirect_chain == [(LISTA, 302)]
    assert TODAS_LIDAS not in resposta.content.decode()


# --- notificação de outra pessoa -------------------------------------------------------------


@pytest.mark.parametrize("url", [_abrir, _marcar_lida])
def test_notificacao_alheia_da_mensagem_de_erro_e_nao_muda_nada(logada, bruno, url):
    alheia = NotificacaoFactory(destinatario=bruno, link="/grupos/")
    resposta = logada.post(url(alheia), follow=True)
    assert resposta.redirect_chain == [(LISTA, 302)]
    assert NAO_ENCONTRADA in resposta.content.decode()
    alheia.refresh_from_db()
    assert alheia.lida_em is None


@pytest.mark.parametrize("nome", ["notificacoes:abrir", "notificacoes:marcar_lida"])
def test_notificacao_inexistente_da_a_mesma_mensagem(logada, nome):
    resposta = logada.post(reverse(nome, args=[999999]), follow=True)
    assert resposta.redirect_chain == [(LISTA, 302)]
    assert NAO_ENCONTRADA in resposta.content.decode()


# --- método, login e CSRF --------------------------------------------------------------------


def _urls_so_post(n) -> list[str]:
    return [_abrir(n), _marcar_lida(n), reverse("notificacoes:marcar_todas")]


def test_get_nas_views_que_mudam_dados_da_405_e_nao_marca_nada(logada, ana):
    n = NotificacaoFactory(destinatario=ana, link="/grupos/")
    for url in _urls_so_post(n):
        assert logada.get(url).status_code == 405, url
    n.refresh_from_db()
    assert n.lida_em is None


def test_anonimo_e_levado_ao_login_com_next(client, ana):
    n = NotificacaoFactory(destinatario=ana, link="/grupos/")
    entrar = reverse("contas:entrar")
    resposta = client.get(LISTA)
    assert resposta.status_code == 302
    assert resposta["Location"] == f"{entrar}?next={LISTA}"
    for url in _urls_so_post(n):
        resposta = client.post(url)
        assert resposta.status_code == 302, url
        assert resposta["Location"] == f"{entrar}?next={url}"
    n.refresh_from_db()
    assert n.lida_em is None


def test_views_que_mudam_dados_exigem_csrf(ana):
    n = NotificacaoFactory(destinatario=ana, link="/grupos/")
    cliente = Client(enforce_csrf_checks=True)
    cliente.force_login(ana)
    for url in _urls_so_post(n):
        assert cliente.post(url).status_code == 403, url
    n.refresh_from_db()
    assert n.lida_em is None


def test_formularios_da_lista_levam_token_csrf(logada, ana):
    NotificacaoFactory(destinatario=ana)
    html = logada.get(LISTA).content.decode()
    # marcar todas + abrir + marcar como lida + sair (cabeçalho)
    assert html.count('name="csrfmiddlewaretoken"') == html.count('method="post"') == 4


# --- orçamento de consultas ------------------------------------------------------------------


def test_lista_custa_o_mesmo_numero_de_consultas_com_1_ou_200_notificacoes(
    logada, ana, django_assert_max_num_queries
):
    NotificacaoFactory(destinatario=ana)
    with CaptureQueriesContext(connection) as com_uma:
        assert logada.get(LISTA).status_code == 200
    Notificacao.objects.bulk_create(
        [Notificacao(destinatario=ana, tipo="aviso", texto=f"Aviso {i}") for i in range(199)]
    )
    # sessão, usuário, total da paginação, não lidas e convites do cabeçalho, a página
    with django_assert_max_num_queries(6) as com_duzentas:
        html = logada.get(LISTA).content.decode()
    assert _itens(html) == 50
    assert len(com_duzentas) == len(com_uma)


def test_contador_do_cabecalho_custa_uma_consulta(logada, ana):
    NotificacaoFactory.create_batch(30, destinatario=ana)
    with CaptureQueriesContext(connection) as capturadas:
        html = logada.get(reverse("grupos:lista")).content.decode()
    assert re.search(r'<span class="contador" aria-label="[^"]*">30</span>', html)
    (contagem,) = _consultas_a_notificacoes(capturadas)
    assert "COUNT(" in contagem.upper()
    assert "lida_em" in contagem


def test_na_lista_o_contador_e_contado_uma_vez_so(logada, ana):
    """A lista usa a contagem duas vezes (cabeçalho e botão "marcar todas"): uma consulta só."""
    NotificacaoFactory.create_batch(3, destinatario=ana)
    with CaptureQueriesContext(connection) as capturadas:
        logada.get(LISTA)
    nao_lidas = [sql for sql in _consultas_a_notificacoes(capturadas) if "lida_em" in sql and "COUNT(" in sql]
    assert len(nao_lidas) == 1


def test_pagina_de_anonimo_nao_consulta_notificacoes(client):
    with CaptureQueriesContext(connection) as capturadas:
        assert client.get(reverse("inicio")).status_code == 200
    assert _consultas_a_notificacoes(capturadas) == []
