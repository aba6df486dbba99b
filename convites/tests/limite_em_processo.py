"""Roda N tentativas de código num processo à parte (para o teste `redis`).

Uso: python -m convites.tests.limite_em_processo <usuario_id> <ip> <n> <inicio_epoch>
Imprime um JSON com quantas passaram e quantas foram limitadas.
"""

import json
import os
import sys
import time
from types import SimpleNamespace


def main():
    usuario_id, ip, n, inicio = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pontoschool.settings")
    import django

    django.setup()
    from django.test import RequestFactory

    from convites import limites

    pedido = RequestFactory().post("/grupos/entrar/", REMOTE_ADDR=ip)
    pedido.user = SimpleNamespace(pk=int(usuario_id), is_authenticated=True)
    pedido.session = {}
    time.sleep(max(0.0, inicio - time.time()))
    passaram = limitadas = 0
    for _ in range(n):
        try:
            limites.contar_tentativa(pedido)
            passaram += 1
        except limites.LimiteExcedido:
            limitadas += 1
    print(json.dumps({"passaram": passaram, "limitadas": limitadas}))


if __name__ == "__main__":
    main()
