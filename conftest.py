"""Configuração comum dos testes: o que a máquina não suporta é pulado com o motivo —
e, com EXIGIR_TODOS_OS_TESTES=1 (o CI), vira falha, para nada ficar de fora sem aviso."""

import io
import os
import shutil
import signal
import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core.management import call_command

CHROMIUM = "/usr/bin/chromium"
REDIS_TESTE_URL = os.environ.get("REDIS_TESTE_URL", "redis://127.0.0.1:6379/15")

_COMO_HABILITAR = {
    "postgres": (
        "testes `postgres` pulados: rodando em SQLite. Para rodá-los: "
        "DATABASE_URL=postgres://postgres@127.0.0.1:5432/pontoschool make test"
    ),
    "scale": (
        "testes `scale` pulados: precisam de PostgreSQL e Redis. Para rodá-los: "
        "DATABASE_URL=postgres://postgres@127.0.0.1:5432/pontoschool make test (com Redis em 127.0.0.1:6379)"
    ),
    "browser": f"testes `browser` pulados: {CHROMIUM} não existe. Para rodá-los: sudo apt-get install chromium",
    "redis": f"testes `redis` pulados: nenhum Redis respondeu em {REDIS_TESTE_URL}. Suba um Redis ou defina REDIS_TESTE_URL",
}
_pulados: set[str] = set()


def _redis_responde(url: str) -> bool:
    partes = urlparse(url)
    try:
        with socket.create_connection(
            (partes.hostname or "127.0.0.1", partes.port or 6379), timeout=0.5
        ) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _faltando() -> set[str]:
    faltando = set()
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        faltando |= {"postgres", "scale"}
    if not shutil.which(CHROMIUM):
        faltando.add("browser")
    if not _redis_responde(REDIS_TESTE_URL):
        faltando |= {"redis", "scale"}
    return faltando


def pytest_configure(config):
    # Hash de senha rápido: a suíte cria centenas de usuários; a segurança do hash não é testada aqui.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(config, items):
    faltando = _faltando()
    for item in items:
        for marca in faltando:
            if marca in item.keywords:
                _pulados.add(marca)
                item.add_marker(pytest.mark.skip(reason=_COMO_HABILITAR[marca]))
                break
    if _pulados and os.environ.get("EXIGIR_TODOS_OS_TESTES") == "1":
        raise pytest.UsageError(
            "EXIGIR_TODOS_OS_TESTES=1, mas estes testes não podem rodar nesta máquina:\n"
            + "\n".join(_COMO_HABILITAR[m] for m in sorted(_pulados))
        )


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    for marca in sorted(_pulados):
        terminalreporter.write_line("AVISO: " + _COMO_HABILITAR[marca], yellow=True)


@pytest.fixture(autouse=True)
def _cache_limpo():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def corrida():
    """Roda `funcao(i)` em N threads soltas ao mesmo tempo por uma barreira (não por sleeps).

    Cada thread usa a sua conexão e a fecha no fim. Devolve (resultados, erros) por índice.
    """
    import threading

    from django.db import connections

    def correr(n: int, funcao, *, timeout: float = 60):
        barreira = threading.Barrier(n)
        resultados: list = [None] * n
        erros: list = [None] * n

        def alvo(i):
            try:
                barreira.wait(timeout=timeout)
                resultados[i] = funcao(i)
            except BaseException as erro:  # o teste decide o que é esperado
                erros[i] = erro
            finally:
                connections.close_all()

        threads = [threading.Thread(target=alvo, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout)
        assert not any(t.is_alive() for t in threads), "uma thread da corrida travou"
        return resultados, erros

    return correr


@pytest.fixture
def drenar_fila():
    """Roda o worker de verdade até a fila ficar vazia (o que `make run` faz em segundo plano).

    O worker instala os seus tratadores de SIGINT/SIGTERM; eles são devolvidos ao pytest no fim.
    """
    sinais = [s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGQUIT", None)) if s]
    originais = {s: signal.getsignal(s) for s in sinais}

    def drenar():
        call_command(
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            "--queue-name",
            "*",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )

    yield drenar
    for sinal, tratador in originais.items():
        signal.signal(sinal, tratador)
