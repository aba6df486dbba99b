from functools import cache

from .selectors import contar_nao_lidas


def contadores(request):
    """Não lidas no cabeçalho: uma contagem pelo índice parcial, só se a página a usar.

    O template chama a função (e recebe um int de verdade, que `pluralize` entende); o cache
    garante uma consulta por resposta, por mais que o número apareça.
    """
    usuario = getattr(request, "user", None)
    if usuario is None or not usuario.is_authenticated:
        return {}
    return {"notificacoes_nao_lidas": cache(lambda: contar_nao_lidas(usuario))}
