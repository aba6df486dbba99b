"""Convite por e-mail para quem ainda não tem conta: do e-mail ao grupo."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from contas.tests.factories import SENHA, UsuarioFactory
from grupos.models import Participacao
from grupos.tests.factories import GrupoFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_convidado_sem_conta_cadastra_pelo_link_aceita_e_admin_e_avisado(
    site, new_context, visitar, drenar_fila
):
    ana = UsuarioFactory(email="ana@exemplo.com.br", nome="Ana Souza")
    grupo = GrupoFactory(criador=ana, nome="Redação ENEM", privacidade="privado")

    admin = new_context(locale="pt-BR", viewport={"width": 1280, "height": 800}).new_page()
    admin.goto(site + "/contas/entrar/")
    admin.get_by_label("E-mail").fill(ana.email)
    admin.get_by_label("Senha").fill(SENHA)
    admin.get_by_role("button", name="Entrar").click()
    admin.goto(site + f"/grupos/{grupo.uuid}/")
    admin.get_by_label("E-mails").fill(
        "Gabi@Exemplo.com.br, invalido@, ana@exemplo.com.br\ngabi@exemplo.com.br"
    )
    admin.get_by_role("button", name="Revisar convites").click()
    linhas = admin.locator("table tbody tr")
    expect(linhas).to_have_count(4)
    expect(linhas.nth(0)).to_contain_text("será convidado")
    expect(linhas.nth(1)).to_contain_text("inválido")
    expect(linhas.nth(2)).to_contain_text("já é membro")
    expect(linhas.nth(3)).to_contain_text("repetido")
    visitar(admin, "revisar-convites")
    admin.get_by_role("button", name="Enviar 1 convite").click()
    expect(admin.get_by_text("1 convite enviado")).to_be_visible()
    expect(admin.locator(".convite-pendente")).to_contain_text("gabi@exemplo.com.br")
    visitar(admin, "grupo-com-convites")

    drenar_fila()  # o worker manda o e-mail
    (email,) = mail.outbox
    assert email.to == ["gabi@exemplo.com.br"]
    link = re.search(r"(http\S+/convites/\S+/)", email.body).group(1)
    assert link.startswith(site)

    convidada = new_context(locale="pt-BR", viewport={"width": 390, "height": 844}).new_page()
    convidada.goto(link)
    expect(convidada.get_by_role("heading", name="Redação ENEM")).to_be_visible()
    expect(convidada.get_by_text("Ana Souza convidou você")).to_be_visible()
    visitar(convidada, "convite-anonimo")
    convidada.get_by_role("link", name="Criar conta e aceitar").click()
    expect(convidada.get_by_label("E-mail")).to_have_value("gabi@exemplo.com.br")
    convidada.get_by_label("Nome").fill("Gabriela Nunes")
    convidada.get_by_label("Senha").fill("uma-senha-boa-42")
    convidada.get_by_role("button", name="Criar conta").click()
    expect(convidada.get_by_role("button", name="Aceitar")).to_be_visible()
    visitar(convidada, "convite-logado")
    convidada.get_by_role("button", name="Aceitar").click()
    expect(
        convidada.get_by_text("Convite aceito! Você agora participa do grupo “Redação ENEM”.")
    ).to_be_visible()
    expect(convidada.get_by_text("Código do Grupo:")).to_be_visible()
    assert Participacao.objects.filter(
        grupo=grupo, usuario__email="gabi@exemplo.com.br", origem="convite"
    ).exists()

    admin.goto(site + "/notificacoes/")
    expect(
        admin.get_by_text("Gabriela Nunes aceitou o convite e entrou no grupo “Redação ENEM”.")
    ).to_be_visible()
    visitar(admin, "notificacao-convite-aceito")
    admin.goto(site + f"/grupos/{grupo.uuid}/")
    expect(admin.get_by_text("Convite por Ana Souza")).to_be_visible()
