"""Um só formato de erro na API: {"detail": <mensagem em pt-BR>, "code": <código>}.

Erros de domínio (os mesmos das páginas) trazem a mensagem e o status deles; os do DRF
ganham códigos estáveis. Validação inclui "errors" com as mensagens por campo.
"""

from django.core.exceptions import PermissionDenied as PermissionDeniedDjango
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as tratador_padrao

from pontoschool.erros import ErroDominio

_CODIGOS_DRF = {
    "not_authenticated": "nao_autenticado",
    "authentication_failed": "autenticacao_falhou",
    "token_not_valid": "token_invalido",
    "no_active_account": "credenciais_invalidas",
    "permission_denied": "sem_permissao",
    "not_found": "nao_encontrado",
    "method_not_allowed": "metodo_nao_permitido",
    "parse_error": "json_invalido",
    "unsupported_media_type": "tipo_nao_suportado",
    "throttled": "muitas_tentativas",
    "not_acceptable": "nao_aceitavel",
}


def _primeira_mensagem(detalhe) -> str:
    if isinstance(detalhe, dict):
        for valor in detalhe.values():
            return _primeira_mensagem(valor)
    if isinstance(detalhe, list) and detalhe:
        return _primeira_mensagem(detalhe[0])
    return str(detalhe)


def tratar_excecao(exc, context):
    if isinstance(exc, ErroDominio):
        resposta = Response({"detail": exc.mensagem, "code": exc.codigo}, status=exc.status)
        espera = getattr(exc, "retry_after", None)
        if espera and exc.status in (429, 503):
            resposta["Retry-After"] = str(espera)
        return resposta
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Não encontrado.")
    elif isinstance(exc, PermissionDeniedDjango):
        exc = exceptions.PermissionDenied(str(exc) or None)

    resposta = tratador_padrao(exc, context)
    if resposta is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        resposta.data = {
            "detail": _primeira_mensagem(exc.detail),
            "code": "dados_invalidos",
            "errors": exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail},
        }
        resposta.status_code = status.HTTP_400_BAD_REQUEST
        return resposta
    codigo = exc.get_codes() if isinstance(exc, exceptions.APIException) else "erro"
    if isinstance(codigo, dict):
        # simplejwt manda {"detail": ..., "code": "token_not_valid", "messages": [...]}.
        codigo = codigo.get("code") or codigo.get("detail") or "erro"
    if isinstance(codigo, list):
        codigo = codigo[0] if codigo and isinstance(codigo[0], str) else "erro"
    detalhe = resposta.data.get("detail", "") if isinstance(resposta.data, dict) else resposta.data
    resposta.data = {"detail": _primeira_mensagem(detalhe), "code": _CODIGOS_DRF.get(codigo, codigo)}
    return resposta
