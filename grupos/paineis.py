"""Ponto de extensão da página do grupo.

`grupos` não pode importar os apps à sua direita (convites, api), mas a página do grupo
mostra, para administradores, coisas deles (solicitações pendentes, convites). Cada app
registra aqui uma função que devolve um painel (template + dados) ou None.
"""

from dataclasses import dataclass, field


@dataclass
class Painel:
    template: str
    dados: dict = field(default_factory=dict)
    ordem: int = 100


_fornecedores = []


def registrar_painel(funcao):
    """Decorador: `funcao(*, request, participacao) -> Painel | None`."""
    if funcao not in _fornecedores:
        _fornecedores.append(funcao)
    return funcao


def paineis_do_grupo(*, request, participacao) -> list[Painel]:
    paineis = [f(request=request, participacao=participacao) for f in _fornecedores]
    return sorted((p for p in paineis if p is not None), key=lambda p: p.ordem)
