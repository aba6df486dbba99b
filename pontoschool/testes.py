"""Ajudantes para os testes (importados só por eles)."""

import re

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def corpo_sem_csrf(resposta) -> str:
    """O HTML sem os tokens CSRF, que mudam a cada resposta — para comparar páginas inteiras."""
    return _CSRF.sub('name="csrfmiddlewaretoken" value=""', resposta.content.decode())
