import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contas.tests.factories import UsuarioFactory
from grupos.models import GrupoEstudo, Papel, Participacao
from grupos.tests.factories import GrupoFactory, ParticipacaoFactory
from pontoschool.testes import corpo_sem_csrf

pytestmark = pytest.mark.django_db


@pytest.fixture
def dona():
    return UsuarioFactory(nome="Ana Dona")


@pytest.fixture
def grupo(dona):
    return GrupoFactory(
        criador=dona, nome="Cálculo I", descricao="Limites e derivadas", privacidade="privado"
    )


@pytest.fixture
def membro(grupo):
    return ParticipacaoFactory(grupo=grupo, usuario=UsuarioFactory(nome="Bruno Membro")).usuario


@pytest.fixture
def estranho():
    return UsuarioFactory(nome="Carla de Fora")


def _detalhe(grupo):
    return reverse("grupos:detalhe", args=[grupo.uuid])


# --- lista ("Grupos de Estudo") ---------------------------------------------------------


def test_lista_mostra_meus_grupos_com_privacidade_membros_e_papel(client, dona, grupo, membro):
    GrupoFactory(nome="Grupo alheio")
    client.force_login(dona)
    html = client.get(reverse("grupos:lista")).content.decode()
    assert "Cálculo I" in html
    assert "Privado" in html
    assert "2 membros" in html
    assert "Você: administrador" in html
    assert "Grupo alheio" not in html
    assert reverse("grupos:novo") in html


def test_lista_do_membro_mostra_papel_membro(client, grupo, membro):
    client.force_login(membro)
    assert "Você: membro" in client.get(reverse("grupos:lista")).content.decode()


def test_lista_exige_login(client):
    resposta = client.get(reverse("grupos:lista"))
    assert resposta.status_code == 302
    assert resposta["Location"].startswith(reverse("contas:entrar") + "?next=/grupos/")


def test_lista_custa_o_mesmo_numero_de_consultas_com_1_ou_30_grupos(client, dona):
    client.force_login(dona)
    GrupoFactory(criador=dona)
    with CaptureQueriesContext(connection) as com_um:
        assert client.get(reverse("grupos:lista")).status_code == 200
    for _ in range(29):
        g = GrupoFactory(criador=dona)
        ParticipacaoFactory(grupo=g)
    with CaptureQueriesContext(connection) as com_trinta:
        html = client.get(reverse("grupos:lista")).content.decode()
    assert html.count("Você: administrador") == 30
    assert len(com_trinta) == len(com_um)


# --- criar ----------------------------------------------------------------------------


def test_criar_grupo_redireciona_para_o_grupo_com_mensagem(client, dona):
    client.force_login(dona)
    resposta = client.post(
        reverse("grupos:novo"),
        {"nome": "Física", "descricao": "Cinemática", "privacidade": "publico", "max_membros": "20"},
        follow=True,
    )
    grupo = GrupoEstudo.objects.get()
    assert resposta.redirect_chain == [(_detalhe(grupo), 302)]
    html = resposta.content.decode()
    assert "Grupo “Física” criado!" in html
    assert "Código do Grupo:" in html and grupo.codigo_convite in html
    assert grupo.max_membros == 20
    assert Participacao.objects.get(grupo=grupo).papel == Papel.ADMINISTRADOR


def test_formulario_de_criacao_vem_com_limite_padrao_50(client, dona):
    client.force_login(dona)
    html = client.get(reverse("grupos:novo")).content.decode()
    assert 'name="max_membros" value="50"' in html
    assert "Público" in html and "Privado" in html


@pytest.mark.parametrize(
    "dados,mensagem",
    [
        ({"nome": "", "privacidade": "publico", "max_membros": "10"}, "Este campo é obrigatório."),
        ({"nome": "   ", "privacidade": "publico", "max_membros": "10"}, "Este campo é obrigatório."),
        ({"nome": "x" * 101, "privacidade": "publico", "max_membros": "10"}, "no máximo 100 caracteres"),
        ({"nome": "Ok", "privacidade": "secreto", "max_membros": "10"}, "Faça uma escolha válida"),
        ({"nome": "Ok", "privacidade": "publico", "max_membros": "1"}, "entre 2 e 500"),
        ({"nome": "Ok", "privacidade": "publico", "max_membros": "100000"}, "entre 2 e 500"),
        ({"nome": "Ok", "privacidade": "publico", "max_membros": "dez"}, "Informe um número inteiro."),
    ],
)
def test_criar_grupo_com_dados_ruins_explica_e_nao_cria(client, dona, dados, mensagem):
    client.force_login(dona)
    resposta = client.post(reverse("grupos:novo"), dados)
    assert resposta.status_code == 200
    assert mensagem in resposta.content.decode()
    assert not GrupoEstudo.objects.exists()


def test_sem_codigo_livre_a_pagina_explica_em_vez_de_erro_500(client, dona, settings):
    settings.CODIGO_CONVITE_ALFABETO = "A"
    settings.CODIGO_CONVITE_MAX_TENTATIVAS = 3
    GrupoFactory()
    client.force_login(dona)
    resposta = client.post(
        reverse("grupos:novo"), {"nome": "Novo", "privacidade": "publico", "max_membros": "10"}
    )
    assert resposta.status_code == 503
    assert "Não conseguimos gerar um código de convite" in resposta.content.decode()
    assert GrupoEstudo.objects.count() == 1


def test_criar_exige_login(client):
    resposta = client.post(
        reverse("grupos:novo"), {"nome": "X", "privacidade": "publico", "max_membros": "10"}
    )
    assert resposta.status_code == 302
    assert not GrupoEstudo.objects.exists()


def test_criar_exige_csrf(dona):
    cliente = Client(enforce_csrf_checks=True)
    cliente.force_login(dona)
    resposta = cliente.post(
        reverse("grupos:novo"), {"nome": "X", "privacidade": "publico", "max_membros": "10"}
    )
    assert resposta.status_code == 403
    assert not GrupoEstudo.objects.exists()


# --- página do grupo -------------------------------------------------------------------


def test_pagina_do_grupo_mostra_codigo_membros_e_compartilhamento(client, grupo, membro, settings):
    client.force_login(membro)
    resposta = client.get(_detalhe(grupo))
    html = resposta.content.decode()
    codigo = grupo.codigo_convite
    assert resposta.status_code == 200
    assert "Código do Grupo:" in html
    assert f'id="codigo-grupo" data-codigo>{codigo}</strong>' in html
    assert "Copiar Código" in html
    assert "Compartilhar Grupo" in html
    assert "Limites e derivadas" in html
    assert "Ana Dona" in html and "Bruno Membro" in html
    assert "Administrador" in html
    link = f"{settings.SITE_URL}/g/{codigo}/"
    assert link in html
    assert "https://wa.me/?text=" in html and codigo in html.split("https://wa.me/?text=")[1].split('"')[0]
    assert "mailto:?subject=" in html
    assert "<svg" in html and "QR code do link do grupo" in html
    assert 'aria-live="polite"' in html


def test_mensagem_de_compartilhar_tem_nome_codigo_e_link(client, grupo, membro, settings):
    from urllib.parse import unquote

    client.force_login(membro)
    html = client.get(_detalhe(grupo)).content.decode()
    texto = unquote(html.split("https://wa.me/?text=")[1].split('"')[0])
    assert "Cálculo I" in texto
    assert grupo.codigo_convite in texto
    assert f"{settings.SITE_URL}/g/{grupo.codigo_convite}/" in texto


def test_links_de_compartilhar_usam_site_url_e_nao_o_host_da_requisicao(client, grupo, membro, settings):
    settings.SITE_URL = "https://grupos.pontoschool.com.br"
    settings.ALLOWED_HOSTS = ["*"]
    client.force_login(membro)
    html = client.get(_detalhe(grupo), HTTP_HOST="atacante.example").content.decode()
    assert "atacante.example" not in html
    assert f"https://grupos.pontoschool.com.br/g/{grupo.codigo_convite}/" in html


def test_origem_da_participacao_so_aparece_para_administradores(client, grupo, dona, membro):
    client.force_login(membro)
    assert "Entrou pelo código" not in client.get(_detalhe(grupo)).content.decode()
    client.force_login(dona)
    assert "Entrou pelo código" in client.get(_detalhe(grupo)).content.decode()


def test_quem_nao_e_membro_recebe_404_sem_o_codigo(client, grupo, estranho):
    client.force_login(estranho)
    resposta = client.get(_detalhe(grupo))
    assert resposta.status_code == 404
    html = resposta.content.decode()
    assert grupo.codigo_convite not in html
    assert grupo.nome not in html


def test_grupo_inexistente_e_alheio_dao_a_mesma_resposta(client, grupo, estranho):
    import uuid

    client.force_login(estranho)
    alheio = client.get(_detalhe(grupo))
    inexistente = client.get(reverse("grupos:detalhe", args=[uuid.uuid4()]))
    assert alheio.status_code == inexistente.status_code == 404
    assert corpo_sem_csrf(alheio) == corpo_sem_csrf(inexistente)


def test_pagina_do_grupo_exige_login(client, grupo):
    resposta = client.get(_detalhe(grupo))
    assert resposta.status_code == 302
    assert "next=" in resposta["Location"]


def test_pagina_do_grupo_custa_o_mesmo_com_2_ou_100_membros(client, grupo, dona, membro):
    client.force_login(dona)
    with CaptureQueriesContext(connection) as com_dois:
        assert client.get(_detalhe(grupo)).status_code == 200
    grupo.max_membros = 200
    grupo.save()
    for _ in range(98):
        ParticipacaoFactory(grupo=grupo)
    with CaptureQueriesContext(connection) as com_cem:
        html = client.get(_detalhe(grupo)).content.decode()
    assert html.count('class="membro"') == 100
    assert len(com_cem) == len(com_dois)


def test_codigo_na_pagina_do_grupo_esta_escapado_e_nome_tambem(client, dona):
    g = GrupoFactory(criador=dona, nome='<script>alert("x")</script>')
    client.force_login(dona)
    html = client.get(_detalhe(g)).content.decode()
    assert '<script>alert("x")</script>' not in html
