"""Idempotency-Key nos POST que criam coisas.

- Mesma chave, mesmo corpo: devolve a primeira resposta e não cria nada (cabeçalho
  `Idempotent-Replayed: true`).
- Mesma chave, corpo (ou rota) diferente: 422.
- Dois pedidos ao mesmo tempo com a mesma chave: o segundo INSERT da chave espera o primeiro
  terminar (índice único) e então devolve a resposta dele — uma coisa criada só.
Só respostas de sucesso ficam guardadas: um erro desfaz tudo, inclusive a chave, e uma nova
tentativa roda de verdade. As chaves valem por IDEMPOTENCIA_HORAS (no mínimo 24 h).
"""

import hashlib
import json
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from pontoschool.erros import ErroDominio

from .models import ChaveIdempotencia

CABECALHO = "Idempotency-Key"


class ChaveReutilizada(ErroDominio):
    mensagem = "Esta Idempotency-Key já foi usada com outro pedido. Gere uma chave nova para cada operação."
    codigo = "chave_de_idempotencia_reutilizada"
    status = 422


class ChaveInvalida(ErroDominio):
    mensagem = "Idempotency-Key inválida: use até 255 caracteres visíveis (por exemplo, um UUID)."
    codigo = "chave_de_idempotencia_invalida"
    status = 400


class _Desfazer(Exception):
    """Sai da transação (desfazendo a chave) levando a resposta de erro junto."""

    def __init__(self, resposta):
        self.resposta = resposta


def _hash(request) -> str:
    corpo = request.data if hasattr(request, "data") else {}
    canonico = json.dumps(corpo, sort_keys=True, cls=JSONEncoder, ensure_ascii=False, default=str)
    return hashlib.sha256(canonico.encode()).hexdigest()


def _reservar(usuario, chave, rota, hash_corpo):
    """Grava a chave (ou acha a de quem chegou antes). Com a chave de outro pedido em curso, o
    INSERT espera o commit dele pelo índice único."""
    validade = timezone.now() - timedelta(hours=settings.IDEMPOTENCIA_HORAS)
    ChaveIdempotencia.objects.filter(usuario=usuario, chave=chave, criada_em__lt=validade).delete()
    try:
        with transaction.atomic():
            return ChaveIdempotencia.objects.create(
                usuario=usuario, chave=chave, rota=rota, hash_corpo=hash_corpo, status_http=0
            ), True
    except IntegrityError:
        return ChaveIdempotencia.objects.get(usuario=usuario, chave=chave), False


def idempotente(metodo):
    @wraps(metodo)
    def envolto(self, request, *args, **kwargs):
        chave = request.headers.get(CABECALHO)
        if chave is None:
            return metodo(self, request, *args, **kwargs)
        chave = chave.strip()
        if not chave or len(chave) > 255 or not chave.isprintable():
            raise ChaveInvalida()
        rota = f"{request.method} {request.path}"
        hash_corpo = _hash(request)
        try:
            with transaction.atomic():
                registro, novo = _reservar(request.user, chave, rota, hash_corpo)
                if not novo:
                    if registro.rota != rota or registro.hash_corpo != hash_corpo:
                        raise ChaveReutilizada()
                    return Response(
                        registro.resposta,
                        status=registro.status_http,
                        headers={"Idempotent-Replayed": "true"},
                    )
                resposta = metodo(self, request, *args, **kwargs)
                if resposta.status_code >= 300:
                    raise _Desfazer(resposta)
                registro.status_http = resposta.status_code
                registro.resposta = json.loads(json.dumps(resposta.data, cls=JSONEncoder))
                registro.save(update_fields=["status_http", "resposta"])
                return resposta
        except _Desfazer as desfeito:
            return desfeito.resposta

    return envolto
