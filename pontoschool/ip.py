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
