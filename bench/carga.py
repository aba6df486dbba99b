"""Gerador de carga HTTP, num processo separado do servidor: wrk quando instalado, senão Python.

Cenário: {"caminho": "/g/{codigo}/", "metodo": "GET", "cookies": "...", "corpo": "codigo={codigo}",
"cabecalhos": {...}} — cada requisição sorteia um código da lista (em minúsculas).
"""

import http.client
import multiprocessing
import random
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from .comum import percentil

CONEXOES = 16


def gerador() -> str:
    return "wrk" if shutil.which("wrk") else "python"


def porta_livre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def esperar(url: str, segundos: float = 60) -> None:
    from urllib.request import urlopen

    limite = time.monotonic() + segundos
    while time.monotonic() < limite:
        try:
            with urlopen(url, timeout=5) as resposta:  # noqa: S310 — endereço local do próprio benchmark
                if resposta.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} não respondeu em {segundos} s")


def medir(base: str, cenario: dict, codigos: list[str], *, duracao: float) -> dict:
    if gerador() == "wrk":
        return _medir_com_wrk(base, cenario, codigos, duracao)
    return _medir_com_python(base, cenario, codigos, duracao)


# --- wrk ---------------------------------------------------------------------------------------

_LUA = """
local codigos = {}
for linha in io.lines("%(arquivo)s") do codigos[#codigos + 1] = linha end
local caminho, metodo, corpo = "%(caminho)s", "%(metodo)s", "%(corpo)s"
local cabecalhos = {%(cabecalhos)s}
function init(args) math.randomseed(os.time() + math.floor(os.clock() * 1000000)) end
function request()
  local c = codigos[math.random(#codigos)]
  local b = nil
  if corpo ~= "" then b = string.gsub(corpo, "{codigo}", c) end
  return wrk.format(metodo, (string.gsub(caminho, "{codigo}", c)), cabecalhos, b)
end
"""


def _lua(cenario, arquivo_codigos) -> str:
    cabecalhos = dict(cenario.get("cabecalhos", {}))
    if cenario.get("cookies"):
        cabecalhos["Cookie"] = cenario["cookies"]
    return _LUA % {
        "arquivo": arquivo_codigos,
        "caminho": cenario["caminho"],
        "metodo": cenario.get("metodo", "GET"),
        "corpo": cenario.get("corpo", ""),
        "cabecalhos": ", ".join(f'["{k}"] = "{v}"' for k, v in cabecalhos.items()),
    }


def _ms(texto: str) -> float:
    numero, unidade = re.match(r"([\d.]+)(us|ms|s)", texto).groups()
    return float(numero) * {"us": 0.001, "ms": 1, "s": 1000}[unidade]


def _medir_com_wrk(base, cenario, codigos, duracao) -> dict:
    with tempfile.TemporaryDirectory() as pasta:
        arquivo = Path(pasta) / "codigos.txt"
        arquivo.write_text("\n".join(codigos) + "\n")
        script = Path(pasta) / "cenario.lua"
        script.write_text(_lua(cenario, arquivo))
        saida = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{CONEXOES}",
                f"-d{max(1, int(duracao))}s",
                "--latency",
                "-s",
                str(script),
                base,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    nao_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", saida)
    erros_socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", saida)
    return {
        "req_s": round(float(re.search(r"Requests/sec:\s+([\d.]+)", saida).group(1)), 1),
        "p50_ms": round(_ms(re.search(r"\s50%\s+(\S+)", saida).group(1)), 2),
        "p99_ms": round(_ms(re.search(r"\s99%\s+(\S+)", saida).group(1)), 2),
        "erros": (int(nao_2xx.group(1)) if nao_2xx else 0)
        + (sum(int(x) for x in erros_socket.groups()) if erros_socket else 0),
    }


# --- Python (quando não há wrk) ---------------------------------------------------------------


def _processo(base, cenario, codigos, duracao, conexoes, fila):
    host, porta = base.removeprefix("http://").split(":")
    latencias, erros = [], [0]
    trava = threading.Lock()
    fim = time.monotonic() + duracao

    def rodar():
        conexao = http.client.HTTPConnection(host, int(porta), timeout=30)
        cabecalhos = dict(cenario.get("cabecalhos", {}))
        if cenario.get("cookies"):
            cabecalhos["Cookie"] = cenario["cookies"]
        minhas = []
        meus_erros = 0
        while time.monotonic() < fim:
            codigo = random.choice(codigos)
            corpo = cenario.get("corpo", "").replace("{codigo}", codigo) or None
            comeco = time.perf_counter()
            try:
                conexao.request(
                    cenario.get("metodo", "GET"),
                    cenario["caminho"].replace("{codigo}", codigo),
                    corpo,
                    cabecalhos,
                )
                resposta = conexao.getresponse()
                resposta.read()
                if resposta.status >= 400:
                    meus_erros += 1
            except (OSError, http.client.HTTPException):
                meus_erros += 1
                conexao.close()
                conexao = http.client.HTTPConnection(host, int(porta), timeout=30)
            minhas.append(time.perf_counter() - comeco)
        with trava:
            latencias.extend(minhas)
            erros[0] += meus_erros

    threads = [threading.Thread(target=rodar) for _ in range(conexoes)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    fila.put((latencias, erros[0]))


def _medir_com_python(base, cenario, codigos, duracao) -> dict:
    contexto = multiprocessing.get_context("spawn")
    fila = contexto.Queue()
    processos = [
        contexto.Process(target=_processo, args=(base, cenario, codigos, duracao, CONEXOES // 2, fila))
        for _ in range(2)
    ]
    comeco = time.perf_counter()
    for p in processos:
        p.start()
    resultados = [fila.get(timeout=duracao + 120) for _ in processos]
    for p in processos:
        p.join()
    decorrido = time.perf_counter() - comeco
    latencias = [lat for r in resultados for lat in r[0]]
    return {
        "req_s": round(len(latencias) / max(decorrido, duracao), 1),
        "p50_ms": round(percentil(latencias, 50) * 1000, 2),
        "p99_ms": round(percentil(latencias, 99) * 1000, 2),
        "erros": sum(r[1] for r in resultados),
    }
