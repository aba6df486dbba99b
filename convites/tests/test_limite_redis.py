"""O limite de tentativas contado num Redis de verdade, por dois processos separados."""

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REDIS_TESTE_URL

pytestmark = pytest.mark.redis

RAIZ = Path(__file__).resolve().parents[2]


def _processo(usuario_id, ip, n, inicio, **env_extra):
    env = {
        **os.environ,
        "REDIS_URL": REDIS_TESTE_URL,
        # Janela de um dia: os dois processos nunca atravessam a virada da janela no meio do teste.
        "LIMITE_CODIGO_POR_USUARIO": "10/d",
        "LIMITE_CODIGO_POR_IP": "1000/d",
        "DATABASE_URL": "sqlite:///:memory:",
        **env_extra,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "convites.tests.limite_em_processo", str(usuario_id), ip, str(n), str(inicio)],
        cwd=RAIZ,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _resultado(processo):
    saida, erros = processo.communicate(timeout=60)
    assert processo.returncode == 0, erros
    return json.loads(saida.strip().splitlines()[-1])


def test_dois_processos_dividem_a_mesma_contagem_no_redis():
    usuario_id = random.randint(10**8, 10**9)  # chave nova: nada de contagens de outras rodadas
    inicio = time.time() + 1.5
    processos = [_processo(usuario_id, f"198.51.100.{i}", 8, inicio) for i in (1, 2)]
    resultados = [_resultado(p) for p in processos]

    assert sum(r["passaram"] for r in resultados) == 10
    assert sum(r["limitadas"] for r in resultados) == 6
    # Cada processo sozinho teria deixado passar as 8: a contagem é mesmo compartilhada.
    assert all(r["passaram"] < 10 for r in resultados)


def test_redis_fora_do_ar_falha_fechado_em_outro_processo():
    inicio = time.time()
    processo = _processo(
        random.randint(10**8, 10**9), "198.51.100.3", 1, inicio, REDIS_URL="redis://127.0.0.1:1/0"
    )
    _, erros = processo.communicate(timeout=60)
    assert processo.returncode != 0
    assert "LimiteIndisponivel" in erros
