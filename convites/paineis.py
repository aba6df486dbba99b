"""Painéis que convites acrescenta à página do grupo (ver grupos/paineis.py)."""

from grupos.models import Privacidade
from grupos.paineis import Painel, registrar_painel

from . import selectors


@registrar_painel
def painel_solicitacoes(*, request, participacao):
    """Solicitações pendentes, só para administradores (uma consulta, quantas forem)."""
    if not participacao.e_administrador:
        return None
    pendentes = list(selectors.solicitacoes_pendentes(participacao.grupo))
    if not pendentes and participacao.grupo.privacidade != Privacidade.PRIVADO:
        return None
    return Painel(template="convites/_painel_solicitacoes.html", dados={"solicitacoes": pendentes}, ordem=10)
