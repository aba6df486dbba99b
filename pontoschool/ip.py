"""De onde vem a requisição — um só lugar decide, para o limite de tentativas e os logs."""

import ipaddress

from django.conf import settings


def ip_do_cliente(request) -> str:
    """REMOTE_ADDR, ou o endereço que o proxy confiável mais externo anotou.

    Com PROXIES_CONFIAVEIS=N, o cliente é o N-ésimo endereço a partir da direita de
    X-Forwarded-For: os da esquerda foram escritos pelo próprio cliente e não valem nada.
    """
    remoto = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104 — só um valor, nada escuta nele
    n = settings.PROXIES_CONFIAVEIS
    if n <= 0:
        return remoto
    cadeia = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
    if len(cadeia) < n:
        return remoto
    candidato = cadeia[-n]
    try:
        ipaddress.ip_address(candidato)
    except ValueError:
        return remoto
    return candidato


def chave_de_ip(ip: str) -> str:
    """A chave de limite por endereço: IPv4 inteiro; IPv6 pela rede /64 (um cliente costuma
    ter a /64 toda, e trocar de endereço dentro dela não pode zerar a contagem)."""
    try:
        endereco = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if endereco.version == 6:
        return str(ipaddress.ip_network(f"{endereco}/64", strict=False).network_address) + "/64"
    return str(endereco)
