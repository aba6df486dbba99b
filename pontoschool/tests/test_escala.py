"""Escala horizontal numa máquina só: dois gunicorn separados, um PostgreSQL e um Redis.

Prova que nada depende de memória de processo: a sessão vale nos dois servidores, o limite de
tentativas de código é contado junto, criações simultâneas espalhadas pelos dois dão códigos
distintos, e dois db_worker esvaziando a mesma fila não mandam e-mail repetido.
"""

import os
import re
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django_tasks_db.models import DBTaskResult

from conftest import REDIS_TESTE_URL
from contas.tests.factories import SENHA, UsuarioFactory
from grupos.models import GrupoEstudo
from notificacoes.models import Notificacao
from notificacoes.services import notificar

pytestmark = [pytest.mark.scale, pytest.mark.django_db(transaction=True)]

RAIZ = Path(__file__).resolve().parents[2]
PYTHON = Path(sys.executable)


def _porta_livre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _redis_da_escala() -> str:
    # Um banco do Redis só para este teste (o de testes é o 15; usamos o 14), limpo no começo.
    return REDIS_TESTE_URL.rsplit("/", 1)[0] + "/14"


@pytest.fixture
def ambiente(tmp_path):
    dados = connection.settings_dict
    banco = (
        f"postgres://{dados['USER']}@{dados['HOST'] or '127.0.0.1'}:{dados['PORT'] or 5432}/{dados['NAME']}"
    )
    herdado = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {
        **herdado,
        "DEBUG": "false",
        "SECRET_KEY": "chave-do-teste-de-escala-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "http://127.0.0.1",
        "DATABASE_URL": banco,
        "REDIS_URL": _redis_da_escala(),
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "STATIC_ROOT": str(tmp_path / "static"),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "emails"),
        # Janela de um dia: o teste nunca atravessa a virada da janela do limite.
        "LIMITE_CODIGO_POR_USUARIO": "10/d",
        "LIMITE_CODIGO_POR_IP": "1000/d",
        "WEB_CONCURRENCY": "2",
    }


@pytest.fixture
def servidores(ambiente):
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=RAIZ,
        env=ambiente,
        check=True,
        timeout=120,
    )
    import redis

    redis.Redis.from_url(ambiente["REDIS_URL"]).flushdb()
    processos, urls = [], []
    for _ in range(2):
        porta = _porta_livre()
        processos.append(
            subprocess.Popen(
                [PYTHON.parent / "gunicorn", "-c", "gunicorn.conf.py", "pontoschool.wsgi:application"],
                cwd=RAIZ,
                env={**ambiente, "BIND": f"127.0.0.1:{porta}"},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        urls.append(f"http://127.0.0.1:{porta}")
    try:
        for url in urls:
            _esperar(url)
        yield urls
    finally:
        for processo in processos:
            processo.terminate()
        for processo in processos:
            processo.wait(timeout=30)


def _esperar(url: str):
    limite = time.monotonic() + 30
    while time.monotonic() < limite:
        try:
            if requests.get(url + "/saude/", timeout=5).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} não respondeu /saude/ em 30 s")


def _entrar(sessao: requests.Session, url: str, email: str):
    sessao.get(url + "/contas/entrar/")
    resposta = sessao.post(
        url + "/contas/entrar/",
        data={"username": email, "password": SENHA, "csrfmiddlewaretoken": sessao.cookies["csrftoken"]},
        allow_redirects=False,
    )
    assert resposta.status_code == 302, resposta.text[:500]


def test_dois_servidores_compartilham_sessao_limite_codigos_e_fila(servidores, ambiente):
    a, b = servidores
    ana = UsuarioFactory(email="ana@exemplo.com.br", nome="Ana Souza")
    # Os testes usam MD5 para ganhar tempo; os servidores de verdade só conhecem o PBKDF2.
    ana.password = PBKDF2PasswordHasher().encode(SENHA, PBKDF2PasswordHasher().salt())
    ana.save(update_fields=["password"])

    # 1. Sessão criada em A vale em B.
    sessao = requests.Session()
    _entrar(sessao, a, ana.email)
    pagina = sessao.get(b + "/grupos/", allow_redirects=False)
    assert pagina.status_code == 200
    assert "Meus grupos" in pagina.text and 'action="/contas/sair/"' in pagina.text

    # 2. O limite de tentativas de código é um só para os dois servidores.
    status = []
    for i in range(12):
        servidor = (a, b)[i % 2]
        resposta = sessao.post(
            servidor + "/grupos/entrar/",
            data={"codigo": "ZZZZZZZ", "csrfmiddlewaretoken": sessao.cookies["csrftoken"]},
            headers={"Referer": servidor + "/grupos/"},
            allow_redirects=False,
        )
        status.append(resposta.status_code)
    assert status[:10] == [404] * 10
    assert status[10:] == [429, 429]

    # 3. 16 criações simultâneas, metade em cada servidor: 16 grupos, 16 códigos distintos.
    token = requests.post(
        a + "/api/v1/auth/token", json={"email": ana.email, "password": SENHA}, timeout=30
    ).json()["access"]

    def criar(i):
        return requests.post(
            (a, b)[i % 2] + "/api/v1/groups",
            json={"name": f"Grupo {i}"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )

    with ThreadPoolExecutor(max_workers=16) as executor:
        respostas = list(executor.map(criar, range(16)))
    assert [r.status_code for r in respostas] == [201] * 16
    codigos = {r.json()["invite_code"] for r in respostas}
    assert len(codigos) == 16
    assert GrupoEstudo.objects.filter(criador=ana).count() == 16

    # 4. Dois db_worker já rodando, disputando a mesma fila: cada e-mail sai uma vez só.
    # A saída vai para arquivos (um pipe não lido encheria e travaria o worker).
    saidas = [Path(ambiente["STATIC_ROOT"]).parent / f"worker{i}.log" for i in range(2)]
    trabalhadores = [
        subprocess.Popen(
            [PYTHON, "manage.py", "db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.05"],
            cwd=RAIZ,
            env=ambiente,
            stdout=saida.open("w"),
            stderr=subprocess.STDOUT,
        )
        for saida in saidas
    ]
    try:
        for saida in saidas:
            _esperar_linha(saida, "Starting worker")
        pessoas = [UsuarioFactory(email=f"aluno{i}@exemplo.com.br") for i in range(60)]
        for pessoa in pessoas:
            notificar(destinatarios=[pessoa], tipo="aviso", texto=f"Aviso para {pessoa.email}")
        limite = time.monotonic() + 60
        while (
            Notificacao.objects.filter(email_enviado_em__isnull=True).exists() and time.monotonic() < limite
        ):
            time.sleep(0.2)
    finally:
        for trabalhador in trabalhadores:
            trabalhador.terminate()
            trabalhador.wait(timeout=30)
    assert not Notificacao.objects.filter(email_enviado_em__isnull=True).exists()
    destinatarios = []
    for arquivo in Path(ambiente["EMAIL_FILE_PATH"]).glob("*.log"):
        destinatarios += re.findall(r"^To: (.+)$", arquivo.read_text(), flags=re.MULTILINE)
    assert sorted(destinatarios) == sorted(p.email for p in pessoas)
    trabalhos = DBTaskResult.objects.filter(task_path__endswith="enviar_emails_de_notificacoes")
    assert trabalhos.count() == 60
    assert len({worker for t in trabalhos for worker in t.worker_ids}) == 2  # os dois trabalharam


def _esperar_linha(arquivo: Path, trecho: str, segundos: float = 30):
    limite = time.monotonic() + segundos
    while time.monotonic() < limite:
        if arquivo.exists() and trecho in arquivo.read_text():
            return
        time.sleep(0.1)
    raise AssertionError(f"{arquivo.name} não mostrou {trecho!r} em {segundos} s")
