import pytest
from django.urls import reverse

from contas.tests.factories import UsuarioFactory
from grupos.tests.factories import GrupoFactory, ParticipacaoFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def equipe(client):
    from contas.models import Usuario

    admin = Usuario.objects.create_superuser(
        email="equipe@exemplo.com.br", nome="Equipe", password="x-senha-forte"
    )
    client.force_login(admin)
    return admin


def test_busca_por_codigo_em_qualquer_caixa_e_com_hifen(client, equipe):
    alvo = GrupoFactory(nome="Química Orgânica")
    GrupoFactory(nome="Outro grupo")
    url = reverse("admin:grupos_grupoestudo_changelist")
    for termo in (alvo.codigo_convite.lower(), alvo.codigo_convite[:3] + "-" + alvo.codigo_convite[3:]):
        html = client.get(url, {"q": termo}).content.decode()
        assert "Química Orgânica" in html, termo
        assert "Outro grupo" not in html


def test_busca_por_nome_e_por_criador(client, equipe):
    criadora = UsuarioFactory(email="criadora@exemplo.com.br", nome="Zélia Criadora")
    GrupoFactory(nome="Biologia Celular", criador=criadora)
    GrupoFactory(nome="Geografia")
    url = reverse("admin:grupos_grupoestudo_changelist")
    assert "Biologia Celular" in client.get(url, {"q": "celular"}).content.decode()
    html = client.get(url, {"q": "criadora@exemplo"}).content.decode()
    assert "Biologia Celular" in html and "Geografia" not in html


def test_filtro_por_privacidade(client, equipe):
    GrupoFactory(nome="Grupo Aberto", privacidade="publico")
    GrupoFactory(nome="Grupo Fechado", privacidade="privado")
    html = client.get(
        reverse("admin:grupos_grupoestudo_changelist"), {"privacidade__exact": "privado"}
    ).content.decode()
    assert "Grupo Fechado" in html and "Grupo Aberto" not in html


def test_pagina_do_grupo_no_admin_tem_membros_e_codigo_somente_leitura(client, equipe):
    grupo = GrupoFactory()
    membro = ParticipacaoFactory(grupo=grupo).usuario
    html = client.get(reverse("admin:grupos_grupoestudo_change", args=[grupo.pk])).content.decode()
    assert membro.email in html
    assert 'name="codigo_convite"' not in html  # não há campo editável
    assert grupo.codigo_convite in html


def test_admin_nao_altera_codigo_mesmo_se_postado(client, equipe):
    grupo = GrupoFactory()
    original = grupo.codigo_convite
    client.post(
        reverse("admin:grupos_grupoestudo_change", args=[grupo.pk]),
        {
            "nome": "Renomeado",
            "descricao": "",
            "privacidade": "publico",
            "max_membros": "40",
            "codigo_convite": "ZZZZZZZ",
            "participacoes-TOTAL_FORMS": "0",
            "participacoes-INITIAL_FORMS": "0",
        },
    )
    grupo.refresh_from_db()
    assert grupo.nome == "Renomeado"
    assert grupo.codigo_convite == original


def test_admin_do_usuario_lista_e_busca_por_email(client, equipe):
    UsuarioFactory(email="fulana@exemplo.com.br", nome="Fulana")
    html = client.get(reverse("admin:contas_usuario_changelist"), {"q": "fulana"}).content.decode()
    assert "fulana@exemplo.com.br" in html


def test_admin_cria_usuario_com_email_e_senha(client, equipe):
    from contas.models import Usuario

    resposta = client.post(
        reverse("admin:contas_usuario_add"),
        {
            "email": "Nova@Exemplo.com.br",
            "nome": "Nova",
            "password1": "senha-bem-forte-9",
            "password2": "senha-bem-forte-9",
            "usable_password": "true",
        },
    )
    assert resposta.status_code == 302, resposta.content.decode()[:2000]
    assert Usuario.objects.filter(email="nova@exemplo.com.br").exists()


def test_admin_fechado_para_quem_nao_e_equipe(client):
    client.force_login(UsuarioFactory())
    resposta = client.get(reverse("admin:grupos_grupoestudo_changelist"))
    assert resposta.status_code == 302
