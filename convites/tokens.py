"""Tokens de convite: 256 bits, e o banco só guarda o hash.

token = HMAC-SHA256(SECRET_KEY, "convite:<uuid>:<sal>"), com `sal` de 256 bits de `secrets`.
O banco guarda o sal e SHA-256(token). Quem precisa do link (o worker que manda o e-mail, o
administrador que copia o link) o recalcula com a SECRET_KEY, que não mora no banco. Trocar o
sal (reenviar) gera outro token e mata o link antigo.
"""

import base64
import hashlib
import hmac
import secrets

from django.conf import settings


def novo_sal() -> str:
    return secrets.token_hex(32)


def _token(chave: str, uuid, sal: str) -> str:
    bruto = hmac.new(chave.encode(), f"convite:{uuid}:{sal}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(bruto).rstrip(b"=").decode()


def hash_do_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def gerar_token(uuid, sal: str) -> str:
    return _token(settings.SECRET_KEY, uuid, sal)


def token_do_convite(convite) -> str | None:
    """O token que corresponde ao hash guardado (tenta também SECRET_KEY_FALLBACKS, para
    links emitidos antes de uma troca de chave); None se nenhuma chave o reproduz."""
    for chave in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        token = _token(chave, convite.uuid, convite.sal)
        if hmac.compare_digest(hash_do_token(token), convite.token_hash):
            return token
    return None
