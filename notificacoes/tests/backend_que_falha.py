"""Backends de e-mail que falham como um SMTP fora do ar, para os testes de nova tentativa."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as BackendEmMemoria

MENSAGEM_DA_FALHA = "servidor SMTP fora do ar"
BACKEND_QUE_FALHA = f"{__name__}.BackendQueFalha"
BACKEND_QUE_FALHA_PARA_ALGUNS = f"{__name__}.BackendQueFalhaParaAlguns"
BACKEND_EM_MEMORIA = "django.core.mail.backends.locmem.EmailBackend"


class BackendQueFalha(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPException(MENSAGEM_DA_FALHA)


class BackendQueFalhaParaAlguns(BackendEmMemoria):
    """Recusa só os destinatários cujo e-mail começa com `falha`; os outros vão para a caixa de teste."""

    def send_messages(self, email_messages):
        for mensagem in email_messages:
            if any(para.startswith("falha") for para in mensagem.to):
                raise smtplib.SMTPRecipientsRefused({mensagem.to[0]: (550, b"caixa inexistente")})
        return super().send_messages(email_messages)
