from django.utils.functional import SimpleLazyObject

from .selectors import contar_nao_lidas


def contadores(request):
    """Não lidas no cabeçalho: uma contagem pelo índice parcial, só se a página a usar."""
    usuario = getattr(request, "user", None)
    if usuario is None or not usuario.is_authenticated:
        return {}
    return {"notificacoes_nao_lidas": SimpleLazyObject(lambda: contar_nao_lidas(usuario))}
