"""Lista de e-mails colada pelo administrador: separar, normalizar e validar (sem banco)."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

_SEPARADORES = re.compile(r"[\s,;]+")


def separar_emails(texto_ou_lista) -> list[str]:
    """Aceita o texto colado (vírgulas, espaços, ponto e vírgula, quebras de linha) ou uma lista."""
    if isinstance(texto_ou_lista, str):
        partes = _SEPARADORES.split(texto_ou_lista)
    else:
        partes = [str(p) for p in texto_ou_lista or []]
    return [p.strip().strip("<>").strip() for p in partes if p and p.strip()]


EMAIL_MAXIMO = 254  # o tamanho da coluna (e o limite prático do SMTP)


def email_valido(email: str) -> bool:
    if len(email) > EMAIL_MAXIMO:
        return False
    try:
        validate_email(email)
    except ValidationError:
        return False
    return True
