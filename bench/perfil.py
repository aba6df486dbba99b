"""Perfis que explicam as metas de desempenho não cumpridas (docs/desempenho.md).

    python -m bench.perfil link       # custo de cada parte de /g/<código>/ logado
    python -m bench.perfil criacao N  # cria grupos por N segundos (para o py-spy observar):
    py-spy record -r 200 -f speedscope -o criar.json -- .venv/bin/python -m bench.perfil criacao 15

Usa o banco do benchmark (BENCH_DATABASE_URL) como `make bench` o deixou.
"""

import os
import sys
import time
import uuid

from .comum import ambiente


def _django(**extra):
    os.environ.update(ambiente(**extra))
    import django

    django.setup()


def _cronometrar(nome, funcao, vezes=300):
    for i in range(20):
        funcao(i)
    comeco = time.perf_counter()
    for i in range(vezes):
        funcao(i)
    print(f"{nome:34} {(time.perf_counter() - comeco) / vezes * 1000:7.3f} ms")


def link():
    _django(
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
        LIMITE_CODIGO_POR_USUARIO="100000000/m",
        LIMITE_CODIGO_POR_IP="100000000/m",
    )
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.template.loader import render_to_string
    from django.test import Client, RequestFactory

    from contas.models import Usuario
    from convites import limites, services
    from convites.forms import SolicitacaoForm
    from grupos.models import GrupoEstudo

    usuario, _ = Usuario.objects.get_or_create(email="perfil@bench.local", defaults={"nome": "Perfil"})
    codigos = list(GrupoEstudo.objects.values_list("codigo_convite", flat=True)[:2000])
    if len(codigos) < 400:
        sys.exit("Rode `make bench` (ou `make bench-rapido`) antes: o banco do benchmark está vazio.")
    fabrica = RequestFactory()

    def pedido():
        requisicao = fabrica.get("/")
        requisicao.user, requisicao.session = usuario, {}
        requisicao._messages = FallbackStorage(requisicao)
        return requisicao

    cliente = Client()
    cliente.force_login(usuario)
    _cronometrar("página /g/<código>/ inteira", lambda i: cliente.get(f"/g/{codigos[i].lower()}/"))
    _cronometrar(
        "buscar_por_codigo", lambda i: services.buscar_por_codigo(usuario=usuario, codigo_digitado=codigos[i])
    )
    _cronometrar(
        "mesma busca, só .values().first()",
        lambda i: GrupoEstudo.objects.filter(codigo_convite=codigos[i]).values("uuid", "nome").first(),
    )
    _cronometrar("limite de tentativas (Redis)", lambda i: limites.contar_tentativa(pedido()))
    grupo = services.buscar_por_codigo(usuario=usuario, codigo_digitado=codigos[0])
    _cronometrar(
        "render do template da prévia",
        lambda i: render_to_string(
            "convites/previa.html",
            {"grupo": grupo, "cheio": False, "form": SolicitacaoForm()},
            request=pedido(),
        ),
    )


def criacao(segundos: float):
    _django()
    from contas.models import Usuario
    from grupos.services import criar_grupo

    usuario = Usuario.objects.create_user(email=f"perfil-{uuid.uuid4().hex[:8]}@bench.local", nome="Perfil")
    fim, criados = time.monotonic() + segundos, 0
    while time.monotonic() < fim:
        criar_grupo(criador=usuario, nome=f"Perfil {criados}", privacidade="publico", max_membros=50)
        criados += 1
    print(f"{criados} grupos em {segundos:.0f} s ({segundos / criados * 1000:.2f} ms cada, um processo)")


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "link":
        link()
    elif len(sys.argv) >= 2 and sys.argv[1] == "criacao":
        criacao(float(sys.argv[2]) if len(sys.argv) > 2 else 10)
    else:
        sys.exit(__doc__)
