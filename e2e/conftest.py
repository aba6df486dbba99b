"""Testes de navegador: Playwright dirigindo o Chromium do Debian contra o live_server."""

import os
import re
from pathlib import Path

import pytest

# O live_server do pytest-django roda numa thread; a API síncrona do Playwright roda um
# laço de eventos nesta, e o Django recusaria o acesso ao banco sem esta licença.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CAPTURAS = Path(__file__).resolve().parent.parent / "artefatos" / "capturas"
TAMANHOS = {"celular": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Nunca deixar o Playwright baixar o navegador dele: usamos o do Debian.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def context(new_context):
    contexto = new_context(locale="pt-BR", viewport=TAMANHOS["desktop"])
    # Sem a Web Share API o menu de opções aparece: o teste não depende do sistema operacional.
    contexto.add_init_script("try { delete Navigator.prototype.share; } catch (e) {}")
    return contexto


def checar_acessibilidade(page):
    """axe-core: falha em violações sérias ou críticas."""
    from axe_playwright_python.sync_playwright import Axe

    resultado = Axe().run(page)
    graves = [v for v in resultado.response["violations"] if v["impact"] in ("serious", "critical")]
    detalhes = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in graves
    )
    assert not graves, f"axe encontrou problemas em {page.url}:\n{detalhes}"


def capturar(page, nome: str):
    """Capturas em celular e desktop, numa pasta ignorada pelo git."""
    CAPTURAS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    for rotulo, tamanho in TAMANHOS.items():
        page.set_viewport_size(tamanho)
        arquivo = re.sub(r"[^a-z0-9_-]+", "-", f"{nome}-{rotulo}".lower())
        page.screenshot(path=str(CAPTURAS / f"{arquivo}.png"), full_page=True)
    page.set_viewport_size(original)


@pytest.fixture
def visitar():
    """Checa acessibilidade e tira as capturas da página atual."""

    def _visitar(page, nome):
        checar_acessibilidade(page)
        capturar(page, nome)

    return _visitar


@pytest.fixture
def site(live_server, settings):
    """O endereço do live_server, também como SITE_URL (links de e-mail e compartilhamento)."""
    settings.SITE_URL = live_server.url
    return live_server.url
