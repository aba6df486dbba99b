from functools import cache

from .selectors import contar_meus_convites


def contadores(request):
    """Convites pendentes no cabeçalho, ao lado das notificações (uma contagem, se usada)."""
    usuario = getattr(request, "user", None)
    if usuario is None or not usuario.is_authenticated:
        return {}
    return {"convites_pendentes": cache(lambda: contar_meus_convites(usuario))}
