"""Peças comuns dos benchmarks: banco próprio, carga em massa, ambiente dos processos."""

import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import psycopg

RAIZ = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BANCO_PADRAO = "postgres://postgres@127.0.0.1:5432/pontoschool_bench"
ALFABETO = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def url_do_banco() -> str:
    return os.environ.get("BENCH_DATABASE_URL", BANCO_PADRAO)


def conectar(url: str | None = None, **kwargs) -> psycopg.Connection:
    partes = urlparse(url or url_do_banco())
    return psycopg.connect(
        host=partes.hostname,
        port=partes.port or 5432,
        user=partes.username or "postgres",
        password=partes.password,
        dbname=partes.path.lstrip("/"),
        **kwargs,
    )


def ambiente(**extra) -> dict:
    """O ambiente dos processos do benchmark: configuração de produção, banco do benchmark."""
    return {
        **os.environ,
        "DATABASE_URL": url_do_banco(),
        "DEBUG": "false",
        "SECRET_KEY": "chave-de-benchmark-" + "b" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SITE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "pontoschool.settings",
        "STATIC_ROOT": str(RAIZ / "bench" / "resultados" / "static"),
        **extra,
    }


def recriar_banco() -> None:
    """Banco novo e migrado (os números não dependem do que sobrou da última rodada)."""
    url = urlparse(url_do_banco())
    nome = url.path.lstrip("/")
    with conectar(url._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{nome}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{nome}"')
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=RAIZ,
        env=ambiente(),
        check=True,
        timeout=300,
    )


def codigo_sql(expr: str) -> str:
    """Expressão SQL que transforma um inteiro de 35 bits em 7 letras do alfabeto (bijetiva)."""
    partes = [f"substr('{ALFABETO}', ((({expr}) >> {5 * k}) & 31)::int + 1, 1)" for k in range(7)]
    return " || ".join(partes)


def carregar_grupos(quantidade: int, *, inicio: int = 1) -> float:
    """Insere `quantidade` grupos públicos com códigos válidos e distintos, direto em SQL.

    O código vem de i·2654435761 mod 32^7: multiplicador ímpar, logo distintos, e espalhados
    pelo espaço como os sorteados. Devolve os segundos gastos.
    """
    if quantidade <= 0:
        return 0.0
    comeco = time.perf_counter()
    x = "(i::bigint * 2654435761) %% 34359738368"
    with conectar() as conn:
        conn.execute(
            f"""
            INSERT INTO grupos_estudo (uuid, nome, descricao, privacidade, max_membros, codigo_convite,
                                       entrada_por_codigo_ativa, membros_podem_convidar, criado_em, atualizado_em)
            SELECT md5('bench' || i::text)::uuid, 'Grupo ' || i, '', 'publico', 1000000, {codigo_sql(x)},
                   true, false, now(), now()
            FROM generate_series(%s::bigint, %s::bigint) AS i
            """,
            [inicio, inicio + quantidade - 1],
        )
        conn.execute("ANALYZE grupos_estudo")
    return time.perf_counter() - comeco


def maquina() -> dict:
    memoria = 0
    with open("/proc/meminfo") as arquivo:
        for linha in arquivo:
            if linha.startswith("MemTotal:"):
                memoria = int(linha.split()[1]) // 1024
    with conectar() as conn:
        versao_pg = conn.execute("SHOW server_version").fetchone()[0]
    return {
        "nucleos": os.cpu_count(),
        "memoria_mib": memoria,
        "python": platform.python_version(),
        "postgresql": versao_pg,
        "sistema": platform.platform(),
    }


def percentil(valores: list[float], p: float) -> float:
    if not valores:
        return 0.0
    ordenados = sorted(valores)
    return ordenados[min(len(ordenados) - 1, round(p / 100 * (len(ordenados) - 1)))]
