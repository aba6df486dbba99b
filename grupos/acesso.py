"""A porta das páginas para um grupo (usada pelas views de grupos e de convites).

Quem não é membro recebe 404, sem pista de que o grupo existe; membro sem o papel certo, 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from . import selectors


def participacao_ou_404(request, grupo_uuid):
    participacao = selectors.participacao_do_membro(grupo_uuid=grupo_uuid, usuario=request.user)
    if participacao is None:
        raise Http404("Grupo não encontrado.")
    return participacao


def administrador_ou_403(request, grupo_uuid):
    participacao = participacao_ou_404(request, grupo_uuid)
    if not participacao.e_administrador:
        raise PermissionDenied("Só administradores do grupo podem fazer isso.")
    return participacao
