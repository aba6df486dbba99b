"""Benchmarks do Ponto.School — `make bench` (completo) ou `make bench-rapido` (fumaça, no CI).

Cada medida vem com o "denominador" medido na mesma rodada, na mesma máquina: números absolutos
variam nestas máquinas compartilhadas, as razões se mantêm. Imprime uma tabela e grava JSON em
bench/resultados/. Não é teste: nada aqui falha por ficar lento; as metas aparecem como ok/FORA.

Uso: python -m bench.rodar [--rapido] [--so criacao,http,paginas,codigos]
"""

import argparse
import json
import multiprocessing
import os
import secrets
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from . import carga
from .comum import (
    ALFABETO,
    PYTHON,
    RAIZ,
    ambiente,
    carregar_grupos,
    conectar,
    maquina,
    percentil,
    recriar_banco,
)

RESULTADOS = RAIZ / "bench" / "resultados"

TAMANHOS = {
    "completo": {
        "trabalhadores": 16,
        "por_trabalhador": 500,
        "grupos_http": 100_000,
        "duracao_http": 15,
        "niveis_codigos": [0, 100_000, 1_000_000],
        "chamadas_codigos": 3000,
        "notificacoes": 1000,
    },
    "rapido": {
        "trabalhadores": 4,
        "por_trabalhador": 10,
        "grupos_http": 2_000,
        "duracao_http": 2,
        "niveis_codigos": [0, 1_000, 10_000],
        "chamadas_codigos": 200,
        "notificacoes": 100,
    },
}


def _django():
    os.environ.update(ambiente())
    import django

    django.setup()


# --- 6. criação de grupos: criar_grupo x a mesma transação em psycopg puro -----------------------


def _criador_django(indice, quantos, barreira, fila):
    _django()
    from contas.models import Usuario
    from grupos.services import criar_grupo

    usuario = Usuario.objects.create_user(
        email=f"bench-{indice}-{uuid.uuid4().hex[:8]}@bench.local", nome="Bench"
    )
    barreira.wait()
    latencias, erros, codigos = [], 0, []
    for i in range(quantos):
        comeco = time.perf_counter()
        try:
            grupo = criar_grupo(
                criador=usuario, nome=f"B{indice}-{i}", descricao="", privacidade="publico", max_membros=50
            )
            codigos.append(grupo.codigo_convite)
        except Exception:
            erros += 1
        latencias.append(time.perf_counter() - comeco)
    fila.put((latencias, erros, codigos))


def _criador_psycopg(indice, quantos, barreira, fila):
    from psycopg.errors import UniqueViolation

    conexao = conectar(autocommit=True)
    usuario_id = conexao.execute(
        "INSERT INTO contas_usuario (password, is_superuser, email, nome, is_active, is_staff, date_joined) "
        "VALUES ('!', false, %s, 'Bench', true, false, now()) RETURNING id",
        [f"raw-{indice}-{uuid.uuid4().hex[:8]}@bench.local"],
    ).fetchone()[0]
    barreira.wait()
    latencias, erros, codigos = [], 0, []
    for i in range(quantos):
        comeco = time.perf_counter()
        try:
            for _ in range(20):
                codigo = "".join(secrets.choice(ALFABETO) for _ in range(7))
                try:
                    with conexao.transaction():
                        if conexao.execute(
                            "SELECT 1 FROM grupos_estudo WHERE codigo_convite = %s", [codigo]
                        ).fetchone():
                            continue
                        grupo_id = conexao.execute(
                            "INSERT INTO grupos_estudo (uuid, nome, descricao, privacidade, max_membros, codigo_convite, "
                            "entrada_por_codigo_ativa, membros_podem_convidar, criador_id, criado_em, atualizado_em) "
                            "VALUES (%s, %s, '', 'publico', 50, %s, true, false, %s, now(), now()) RETURNING id",
                            [uuid.uuid4(), f"R{indice}-{i}", codigo, usuario_id],
                        ).fetchone()[0]
                        conexao.execute(
                            "INSERT INTO grupos_participacao (grupo_id, usuario_id, papel, origem, entrou_em) "
                            "VALUES (%s, %s, 'administrador', 'criador', now())",
                            [grupo_id, usuario_id],
                        )
                except UniqueViolation:
                    continue
                codigos.append(codigo)
                break
            else:
                erros += 1
        except Exception:
            erros += 1
        latencias.append(time.perf_counter() - comeco)
    conexao.close()
    fila.put((latencias, erros, codigos))


def _corrida_de_criacao(alvo, trabalhadores, por_trabalhador) -> dict:
    contexto = multiprocessing.get_context("spawn")
    barreira = contexto.Barrier(trabalhadores + 1)
    fila = contexto.Queue()
    processos = [
        contexto.Process(target=alvo, args=(i, por_trabalhador, barreira, fila)) for i in range(trabalhadores)
    ]
    for processo in processos:
        processo.start()
    barreira.wait()
    comeco = time.perf_counter()
    resultados = [fila.get(timeout=1800) for _ in processos]
    duracao = time.perf_counter() - comeco
    for processo in processos:
        processo.join()
    latencias = [lat for r in resultados for lat in r[0]]
    codigos = [c for r in resultados for c in r[2]]
    return {
        "grupos": len(codigos),
        "segundos": round(duracao, 3),
        "grupos_por_s": round(len(codigos) / duracao, 1),
        "p50_ms": round(percentil(latencias, 50) * 1000, 2),
        "p99_ms": round(percentil(latencias, 99) * 1000, 2),
        "duplicados": len(codigos) - len(set(codigos)),
        "erros": sum(r[1] for r in resultados),
    }


def bench_criacao(t) -> dict:
    recriar_banco()
    n, k = t["trabalhadores"], t["por_trabalhador"]
    produto = _corrida_de_criacao(_criador_django, n, k)
    bruto = _corrida_de_criacao(_criador_psycopg, n, k)
    with conectar() as conexao:
        distintos, total = conexao.execute(
            "SELECT count(DISTINCT codigo_convite), count(*) FROM grupos_estudo"
        ).fetchone()
    return {
        "concorrencia": n,
        "por_trabalhador": k,
        "criar_grupo": produto,
        "psycopg_puro": bruto,
        "razao": round(produto["grupos_por_s"] / bruto["grupos_por_s"], 3),
        "codigos_distintos_no_banco": distintos == total,
    }


# --- 9. enchimento do espaço de códigos -----------------------------------------------------------


def bench_codigos(t) -> dict:
    recriar_banco()
    _django()
    from django.db import connections

    from grupos.codigos import Tentativas, gerar_codigo_unico_grupo

    niveis, carregados = [], 0
    for nivel in t["niveis_codigos"]:
        connections.close_all()
        segundos_carga = carregar_grupos(nivel - carregados, inicio=carregados + 1)
        carregados = nivel
        tempos, tentativas = [], []
        for _ in range(t["chamadas_codigos"]):
            orcamento = Tentativas(20)
            comeco = time.perf_counter()
            gerar_codigo_unico_grupo(tentativas=orcamento)
            tempos.append(time.perf_counter() - comeco)
            tentativas.append(orcamento.usadas)
        niveis.append(
            {
                "grupos_existentes": nivel,
                "carga_s": round(segundos_carga, 1),
                "media_us": round(statistics.mean(tempos) * 1e6, 1),
                "p99_us": round(percentil(tempos, 99) * 1e6, 1),
                "tentativas_medias": round(statistics.mean(tentativas), 4),
            }
        )
    connections.close_all()
    base = niveis[0]["media_us"]
    return {"niveis": niveis, "pior_razao_sobre_vazio": round(max(n["media_us"] for n in niveis) / base, 2)}


# --- 8. lote de 50 convites e página com 1.000 notificações ----------------------------------------


def bench_paginas(t) -> dict:
    recriar_banco()
    _django()
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from contas.models import Usuario
    from convites.services import convidar_por_email
    from grupos.services import criar_grupo
    from notificacoes.models import Notificacao

    admin = Usuario.objects.create_user(email="admin@bench.local", nome="Admin")
    lotes = []
    for rodada in range(5):
        grupo = criar_grupo(criador=admin, nome=f"Lote {rodada}", privacidade="privado", max_membros=500)
        for tamanho in (1, 50):
            emails = [f"r{rodada}-t{tamanho}-{i}@bench.local" for i in range(tamanho)]
            with CaptureQueriesContext(connection) as consultas:
                comeco = time.perf_counter()
                convidar_por_email(quem=admin, grupo=grupo, emails=emails)
                lotes.append((tamanho, time.perf_counter() - comeco, len(consultas)))

    leitora = Usuario.objects.create_user(email="leitora@bench.local", nome="Leitora")
    Notificacao.objects.bulk_create(
        [
            Notificacao(destinatario=leitora, tipo="aviso", texto=f"Aviso {i}")
            for i in range(t["notificacoes"])
        ]
    )
    cliente = Client()
    cliente.force_login(leitora)
    tempos, consultas_pagina = [], 0
    for _ in range(20):
        with CaptureQueriesContext(connection) as consultas:
            comeco = time.perf_counter()
            resposta = cliente.get("/notificacoes/")
            tempos.append(time.perf_counter() - comeco)
        assert resposta.status_code == 200
        consultas_pagina = len(consultas)
    connections.close_all()

    def resumo(tamanho):
        medidas = [m for m in lotes if m[0] == tamanho]
        return {
            "consultas": medidas[-1][2],
            "mediana_ms": round(statistics.median(m[1] for m in medidas) * 1000, 1),
        }

    return {
        "convites_1": resumo(1),
        "convites_50": resumo(50),
        "notificacoes": {
            "quantidade": t["notificacoes"],
            "consultas": consultas_pagina,
            "mediana_ms": round(statistics.median(tempos) * 1000, 1),
        },
    }


# --- 7. busca por código via HTTP ---------------------------------------------------------------


def bench_http(t) -> dict:
    recriar_banco()
    carregar_grupos(t["grupos_http"])
    with conectar() as conexao:
        codigos = [linha[0].lower() for linha in conexao.execute("SELECT codigo_convite FROM grupos_estudo")]
    pasta = RESULTADOS / "http"
    pasta.mkdir(parents=True, exist_ok=True)
    (pasta / "codigos.txt").write_text("\n".join(codigos))

    env = ambiente(
        ROTAS_DE_BENCHMARK="true",
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
        LIMITE_CODIGO_POR_USUARIO="100000000/m",
        LIMITE_CODIGO_POR_IP="100000000/m",
        LIMITE_CODIGO_FALHAS_SEGUIDAS="100000000",
        WEB_CONCURRENCY="2",
    )
    sessao, csrf = _sessao_de_benchmark(env)
    porta = carga.porta_livre()
    servidor = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "-c", "gunicorn.conf.py", "pontoschool.wsgi:application"],
        cwd=RAIZ,
        env={**env, "BIND": f"127.0.0.1:{porta}"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{porta}"
        carga.esperar(base + "/saude/")
        cookies = f"sessionid={sessao}; csrftoken={csrf}"
        cenarios = {
            "vazio": {"caminho": "/bench/vazio/"},
            "busca_sem_login": {"caminho": "/bench/busca/{codigo}/"},
            "link_logado": {"caminho": "/g/{codigo}/", "cookies": cookies},
            "entrar_logado": {
                "caminho": "/grupos/entrar/",
                "metodo": "POST",
                "cookies": cookies,
                "corpo": "codigo={codigo}",
                "cabecalhos": {"X-CSRFToken": csrf, "Content-Type": "application/x-www-form-urlencoded"},
            },
        }
        medidas = {}
        for nome, cenario in cenarios.items():
            carga.medir(base, cenario, codigos, duracao=1)  # aquecimento (conexões, caches)
            medidas[nome] = carga.medir(base, cenario, codigos, duracao=t["duracao_http"])
    finally:
        servidor.terminate()
        servidor.wait(timeout=30)
    medidas["razao_link_sobre_busca"] = round(
        medidas["link_logado"]["req_s"] / medidas["busca_sem_login"]["req_s"], 3
    )
    medidas["razao_busca_sobre_vazio"] = round(
        medidas["busca_sem_login"]["req_s"] / medidas["vazio"]["req_s"], 3
    )
    medidas["grupos"] = t["grupos_http"]
    medidas["gerador"] = carga.gerador()
    return medidas


def _sessao_de_benchmark(env) -> tuple[str, str]:
    """Uma sessão logada de verdade no banco do benchmark (como se a pessoa tivesse entrado)."""
    codigo = (
        "import django; django.setup()\n"
        "from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY\n"
        "from django.contrib.sessions.backends.db import SessionStore\n"
        "from django.middleware.csrf import _get_new_csrf_string\n"
        "from contas.models import Usuario\n"
        "u = Usuario.objects.create_user(email='carga@bench.local', nome='Carga')\n"
        "s = SessionStore()\n"
        "s[SESSION_KEY] = str(u.pk)\n"
        "s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'\n"
        "s[HASH_SESSION_KEY] = u.get_session_auth_hash()\n"
        "s.create()\n"
        "print(s.session_key, _get_new_csrf_string())\n"
    )
    saida = subprocess.run(
        [PYTHON, "-c", codigo], cwd=RAIZ, env=env, check=True, capture_output=True, text=True
    )
    sessao, csrf = saida.stdout.split()[-2:]
    return sessao, csrf


# --- orquestração ----------------------------------------------------------------------------------


def _metas(r: dict) -> list[tuple[str, str, bool]]:
    metas = []
    if "criacao" in r:
        c = r["criacao"]
        metas.append(("criar_grupo ≥ 60% do psycopg puro", f"{c['razao']:.0%}", c["razao"] >= 0.6))
        ok = c["criar_grupo"]["duplicados"] == 0 and c["criar_grupo"]["erros"] == 0
        metas.append(("0 duplicados e 0 erros (16 em paralelo)", "ok" if ok else "falhou", ok))
    if "http" in r:
        h = r["http"]
        metas.append(
            (
                "/g/<CODIGO>/ logado ≥ 60% da busca crua",
                f"{h['razao_link_sobre_busca']:.0%}",
                h["razao_link_sobre_busca"] >= 0.6,
            )
        )
    if "codigos" in r:
        pior = r["codigos"]["pior_razao_sobre_vazio"]
        metas.append(("geração de código plana (pior/vazio ≤ 2×)", f"{pior}×", pior <= 2))
    if "paginas" in r:
        p = r["paginas"]
        ok = p["convites_50"]["consultas"] == p["convites_1"]["consultas"]
        metas.append(("lote de 50 convites: consultas = lote de 1", f"{p['convites_50']['consultas']}", ok))
    return metas


def _tabela(r: dict) -> str:
    linhas = [
        f"Ponto.School — benchmarks ({r['modo']}, {r['data']}, {r['maquina']['nucleos']} núcleos, "
        f"{r['maquina']['memoria_mib']} MiB, PostgreSQL {r['maquina']['postgresql']})",
        "",
    ]
    if "criacao" in r:
        c = r["criacao"]
        linhas.append(f"6. Criação de grupos, {c['concorrencia']} trabalhadores × {c['por_trabalhador']}")
        linhas.append(f"   {'':22}{'grupos/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'duplic.':>9}{'erros':>7}")
        for nome in ("criar_grupo", "psycopg_puro"):
            m = c[nome]
            linhas.append(
                f"   {nome:22}{m['grupos_por_s']:>10}{m['p50_ms']:>9}{m['p99_ms']:>9}"
                f"{m['duplicados']:>9}{m['erros']:>7}"
            )
        linhas.append(f"   razão criar_grupo/psycopg: {c['razao']:.0%}")
        linhas.append("")
    if "http" in r:
        h = r["http"]
        linhas.append(
            f"7. Busca por código via HTTP ({h['grupos']} grupos, gunicorn 2 workers, gerador: {h['gerador']})"
        )
        linhas.append(f"   {'':22}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'erros':>7}")
        for nome in ("vazio", "busca_sem_login", "link_logado", "entrar_logado"):
            m = h[nome]
            linhas.append(f"   {nome:22}{m['req_s']:>10}{m['p50_ms']:>9}{m['p99_ms']:>9}{m['erros']:>7}")
        linhas.append(
            f"   /g/ logado ÷ busca crua: {h['razao_link_sobre_busca']:.0%};  busca crua ÷ vazio: "
            f"{h['razao_busca_sobre_vazio']:.0%}"
        )
        linhas.append("")
    if "paginas" in r:
        p = r["paginas"]
        linhas.append("8. Páginas e lotes (mesmo processo, banco do benchmark)")
        linhas.append(
            f"   convidar 1 e-mail:   {p['convites_1']['consultas']} consultas, {p['convites_1']['mediana_ms']} ms"
        )
        linhas.append(
            f"   convidar 50 e-mails: {p['convites_50']['consultas']} consultas, {p['convites_50']['mediana_ms']} ms"
        )
        n = p["notificacoes"]
        linhas.append(
            f"   /notificacoes/ com {n['quantidade']}: {n['consultas']} consultas, {n['mediana_ms']} ms"
        )
        linhas.append("")
    if "codigos" in r:
        linhas.append("9. Geração de código com o espaço sendo enchido")
        linhas.append(f"   {'grupos existentes':>20}{'média µs':>10}{'p99 µs':>10}{'tentativas':>12}")
        for n in r["codigos"]["niveis"]:
            linhas.append(
                f"   {n['grupos_existentes']:>20}{n['media_us']:>10}{n['p99_us']:>10}{n['tentativas_medias']:>12}"
            )
        linhas.append("")
    linhas.append("Metas:")
    for descricao, valor, ok in _metas(r):
        linhas.append(f"   [{'ok' if ok else 'FORA'}] {descricao}: {valor}")
    return "\n".join(linhas)


BENCHMARKS = {
    "criacao": bench_criacao,
    "http": bench_http,
    "paginas": bench_paginas,
    "codigos": bench_codigos,
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rapido", action="store_true", help="tamanhos mínimos (fumaça no CI)")
    parser.add_argument("--so", default=",".join(BENCHMARKS), help="quais rodar, separados por vírgula")
    args = parser.parse_args(argv)
    modo = "rapido" if args.rapido else "completo"
    tamanhos = TAMANHOS[modo]
    recriar_banco()
    # A configuração de produção usa arquivos estáticos com hash: precisam ser coletados antes.
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=RAIZ, env=ambiente(), check=True
    )
    resultado = {
        "modo": modo,
        "data": datetime.now(UTC).isoformat(timespec="seconds"),
        "maquina": maquina(),
        "comando": " ".join([Path(sys.executable).name, "-m", "bench.rodar", *(argv or sys.argv[1:])]),
    }
    for nome in args.so.split(","):
        comeco = time.perf_counter()
        resultado[nome] = BENCHMARKS[nome](tamanhos)
        resultado[nome]["duracao_total_s"] = round(time.perf_counter() - comeco, 1)
        print(f"... {nome} pronto em {resultado[nome]['duracao_total_s']} s", flush=True)
    resultado["metas"] = [{"meta": d, "valor": v, "ok": ok} for d, v, ok in _metas(resultado)]
    RESULTADOS.mkdir(parents=True, exist_ok=True)
    arquivo = RESULTADOS / f"bench-{modo}-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    arquivo.write_text(json.dumps(resultado, indent=2, ensure_ascii=False))
    (RESULTADOS / f"ultimo-{modo}.json").write_text(json.dumps(resultado, indent=2, ensure_ascii=False))
    print()
    print(_tabela(resultado))
    print(f"\nJSON: {arquivo.relative_to(RAIZ)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
