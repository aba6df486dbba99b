"""Freio para entrar e se cadastrar (força bruta de senha e contas em massa).

Ao contrário das tentativas de código, aqui a falha do cache deixa passar (e registra): com o
Redis fora, ninguém deve ficar sem conseguir entrar na própria conta.
"""

import logging

from django_ratelimit.core import get_usage

from pontoschool.ip import chave_de_ip, ip_do_cliente

logger = logging.getLogger(__name__)


def espera_se_excedeu(request, *, grupo: str, taxa: str, chave: str | None = None) -> int | None:
    """Conta mais uma e devolve os segundos de espera se passou do limite (None se pode seguir)."""
    valor = chave or chave_de_ip(ip_do_cliente(request))
    try:
        uso = get_usage(request, group=grupo, key=lambda _g, _r: valor, rate=taxa, increment=True)
    except Exception:
        logger.exception("limite de entrada sem cache; deixando passar", extra={"grupo": grupo})
        return None
    if uso is None or uso["time_left"] < 0 or not uso["should_limit"]:
        return None
    logger.warning("tentativas de entrada limitadas", extra={"grupo": grupo, "ip": ip_do_cliente(request)})
    return max(1, uso["time_left"])
