from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from grupos.models import GrupoEstudo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _cadastrar(page, base, nome, email):
    page.goto(base + "/contas/cadastro/")
    page.get_by_label("Nome").fill(nome)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Senha").fill("uma-senha-boa-42")
    page.get_by_role("button", name="Criar conta").click()
    expect(page.get_by_role("heading", name="Grupos de Estudo")).to_be_visible()


def test_cadastro_criar_grupo_copiar_e_compartilhar_codigo(page, context, site, visitar):
    base = site
    page.goto(base + "/")
    visitar(page, "inicio")

    page.goto(base + "/contas/cadastro/")
    visitar(page, "cadastro")
    _cadastrar(page, base, "Ana Souza", "ana@exemplo.com.br")
    visitar(page, "lista-vazia")

    page.get_by_role("link", name="Criar grupo").click()
    visitar(page, "novo-grupo")
    page.get_by_label("Nome do grupo").fill("Cálculo I — Noite")
    page.get_by_label("Descrição").fill("Limites e derivadas às terças.")
    page.get_by_label("Privado").check()
    page.get_by_role("button", name="Criar grupo").click()

    codigo = GrupoEstudo.objects.get().codigo_convite
    expect(page.get_by_text("Código do Grupo:")).to_be_visible()
    expect(page.locator("#codigo-grupo")).to_have_text(codigo)
    visitar(page, "grupo")

    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page.get_by_role("button", name="Copiar Código").click()
    expect(page.locator("#feedback-copia")).to_have_text("Código copiado!")
    assert page.evaluate("navigator.clipboard.readText()") == codigo

    page.get_by_text("Compartilhar Grupo").click()
    whatsapp = page.get_by_role("link", name="WhatsApp")
    expect(whatsapp).to_be_visible()
    href = whatsapp.get_attribute("href")
    assert href.startswith("https://wa.me/?text=")
    assert codigo in href
    assert f"{base}/g/{codigo}/" in unquote(page.get_by_role("link", name="E-mail").get_attribute("href"))
    expect(page.locator(".qr svg")).to_be_visible()
    visitar(page, "grupo-compartilhar")

    page.get_by_role("button", name="Copiar link").click()
    expect(page.locator("#feedback-copia")).to_have_text("Link copiado!")
    assert page.evaluate("navigator.clipboard.readText()") == f"{base}/g/{codigo}/"

    page.goto(base + f"/g/{codigo.lower()}/")
    visitar(page, "link-do-codigo-membro")
    expect(page.get_by_text("Você já participa deste grupo.")).to_be_visible()


def test_sem_clipboard_api_o_botao_seleciona_o_codigo_e_explica(page, context, live_server):
    from contas.tests.factories import UsuarioFactory
    from grupos.tests.factories import GrupoFactory

    dona = UsuarioFactory(email="dona@exemplo.com.br")
    grupo = GrupoFactory(criador=dona)
    # Simula http num endereço da rede local, onde navigator.clipboard não existe.
    context.add_init_script(
        "Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined});"
    )
    page.goto(live_server.url + "/contas/entrar/")
    page.get_by_label("E-mail").fill("dona@exemplo.com.br")
    page.get_by_label("Senha").fill("senha-de-teste-123")
    page.get_by_role("button", name="Entrar").click()
    page.goto(live_server.url + f"/grupos/{grupo.uuid}/")

    page.get_by_role("button", name="Copiar Código").click()
    expect(page.locator("#feedback-copia")).to_contain_text("O código foi selecionado")
    assert page.evaluate("window.getSelection().toString()").strip() == grupo.codigo_convite
