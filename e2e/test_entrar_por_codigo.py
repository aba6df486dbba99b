"""Dois navegadores: Ana (administradora) e Bruno (quer entrar nos grupos dela)."""

import pytest
from playwright.sync_api import expect

from contas.tests.factories import SENHA, UsuarioFactory
from grupos.models import Participacao
from grupos.tests.factories import GrupoFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _entrar(page, base, email):
    page.goto(base + "/contas/entrar/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Senha").fill(SENHA)
    page.get_by_role("button", name="Entrar").click()
    expect(page.get_by_role("heading", name="Grupos de Estudo")).to_be_visible()


@pytest.fixture
def navegador_de(new_context):
    def _abrir():
        contexto = new_context(locale="pt-BR", viewport={"width": 1280, "height": 800})
        contexto.add_init_script("try { delete Navigator.prototype.share; } catch (e) {}")
        return contexto.new_page()

    return _abrir


def test_entrar_em_publico_pedir_em_privado_e_ser_aprovado(site, navegador_de, visitar):
    ana = UsuarioFactory(email="ana@exemplo.com.br", nome="Ana Souza")
    bruno = UsuarioFactory(email="bruno@exemplo.com.br", nome="Bruno Lima")
    publico = GrupoFactory(criador=ana, nome="Física Básica", privacidade="publico")
    privado = GrupoFactory(
        criador=ana, nome="Redação ENEM", privacidade="privado", descricao="Uma redação por semana."
    )

    pagina_b = navegador_de()
    _entrar(pagina_b, site, bruno.email)
    visitar(pagina_b, "grupos-com-campo-de-codigo")

    # Bruno digita o código do grupo público em minúsculas.
    campo = pagina_b.get_by_placeholder("Insira o código do grupo")
    campo.fill("zz")
    expect(pagina_b.locator("#dica-codigo")).to_contain_text("Faltam 5 caracteres")
    campo.fill(publico.codigo_convite.lower())
    expect(pagina_b.locator("#dica-codigo")).to_contain_text("Formato certo")
    pagina_b.get_by_role("button", name="Entrar no Grupo").click()
    expect(pagina_b.get_by_text("Você entrou no grupo “Física Básica”!")).to_be_visible()
    expect(pagina_b.get_by_role("heading", name="Física Básica")).to_be_visible()
    assert Participacao.objects.filter(grupo=publico, usuario=bruno, origem="codigo").exists()

    # Código errado: mensagem da especificação e o texto digitado continua no campo.
    pagina_b.goto(site + "/grupos/")
    pagina_b.get_by_placeholder("Insira o código do grupo").fill("abc-1234")
    pagina_b.get_by_role("button", name="Entrar no Grupo").click()
    expect(
        pagina_b.get_by_text("Código inválido ou grupo não encontrado. Verifique o código e tente novamente.")
    ).to_be_visible()
    expect(pagina_b.get_by_placeholder("Insira o código do grupo")).to_have_value("abc-1234")
    visitar(pagina_b, "codigo-invalido")

    # Grupo privado: prévia com "Solicitar Participação".
    pagina_b.get_by_placeholder("Insira o código do grupo").fill(privado.codigo_convite)
    pagina_b.get_by_role("button", name="Entrar no Grupo").click()
    expect(pagina_b.get_by_role("heading", name="Redação ENEM")).to_be_visible()
    expect(pagina_b.get_by_text("Uma redação por semana.")).to_be_visible()
    visitar(pagina_b, "previa-privado")
    pagina_b.get_by_label("O que você quer estudar?").fill("Quero treinar a dissertação.")
    pagina_b.get_by_role("button", name="Solicitar Participação").click()
    expect(pagina_b.get_by_text("Solicitação enviada!")).to_be_visible()
    expect(pagina_b.get_by_role("button", name="Cancelar solicitação")).to_be_visible()
    visitar(pagina_b, "solicitacao-pendente")

    # Ana vê a notificação, abre e aprova.
    pagina_a = navegador_de()
    _entrar(pagina_a, site, ana.email)
    contador = pagina_a.locator(".contador")
    expect(contador).to_have_text("1")
    pagina_a.get_by_role("link", name="Notificações").click()
    visitar(pagina_a, "notificacoes")
    pagina_a.get_by_role("button", name="Bruno Lima pediu para entrar no grupo “Redação ENEM”.").click()
    expect(pagina_a.get_by_role("heading", name="Solicitações pendentes (1)")).to_be_visible()
    expect(pagina_a.get_by_text("Quero treinar a dissertação.")).to_be_visible()
    expect(pagina_a.locator(".contador")).to_have_count(0)
    visitar(pagina_a, "grupo-admin-solicitacoes")
    pagina_a.get_by_role("button", name="Aprovar Bruno Lima").click()
    expect(pagina_a.get_by_text("Bruno Lima agora é membro do grupo.")).to_be_visible()
    expect(pagina_a.get_by_text("Solicitação aprovada por Ana Souza")).to_be_visible()

    # Bruno vê a decisão e o grupo.
    pagina_b.goto(site + "/grupos/")
    expect(pagina_b.locator(".contador")).to_have_text("1")
    pagina_b.get_by_role("link", name="Notificações").click()
    pagina_b.get_by_role(
        "button", name="Sua solicitação para entrar no grupo “Redação ENEM” foi aprovada!"
    ).click()
    expect(pagina_b.get_by_role("heading", name="Redação ENEM")).to_be_visible()
    expect(pagina_b.get_by_text("Código do Grupo:")).to_be_visible()
    visitar(pagina_b, "grupo-membro-aprovado")


def test_visitante_sem_conta_pelo_link_volta_ao_grupo_depois_do_cadastro(site, page, visitar):
    ana = UsuarioFactory(email="ana@exemplo.com.br")
    grupo = GrupoFactory(criador=ana, nome="Química Orgânica", privacidade="publico")

    page.goto(site + f"/g/{grupo.codigo_convite.lower()}/")
    expect(page.get_by_text("Química Orgânica")).to_have_count(0)
    visitar(page, "link-anonimo")
    page.get_by_role("main").get_by_role("link", name="Criar conta").click()
    page.get_by_label("Nome").fill("Dani Rocha")
    page.get_by_label("E-mail").fill("dani@exemplo.com.br")
    page.get_by_label("Senha").fill("uma-senha-boa-42")
    page.get_by_role("button", name="Criar conta").click()
    expect(page.get_by_role("heading", name="Química Orgânica")).to_be_visible()
    visitar(page, "previa-publico")
    page.get_by_role("button", name="Entrar no Grupo").click()
    expect(page.get_by_text("Você entrou no grupo “Química Orgânica”!")).to_be_visible()
