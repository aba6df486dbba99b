"""Tira dos logs o que não pode ir para eles: tokens de convite e de confirmação e códigos."""

import re

_PADROES = [
    (re.compile(r"/convites/(?!meus/)[A-Za-z0-9_-]{16,}"), "/convites/<token>"),
    (re.compile(r"/contas/confirmar/[^/\s\"]+/[^/\s\"]+"), "/contas/confirmar/<token>"),
    (re.compile(r"/g/[^/\s\"]+"), "/g/<codigo>"),
]


def ocultar(texto: str) -> str:
    for padrao, substituto in _PADROES:
        texto = padrao.sub(substituto, texto)
    return texto
