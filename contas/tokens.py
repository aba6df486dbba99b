"""Token do link de confirmação de e-mail (o mesmo mecanismo do "esqueci a senha" do Django).

Muda quando o e-mail ou a confirmação mudam, então um link velho não confirma um e-mail novo.
Vale por PASSWORD_RESET_TIMEOUT (3 dias).
"""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class GeradorDeConfirmacaoDeEmail(PasswordResetTokenGenerator):
    key_salt = "contas.tokens.confirmacao_de_email"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.email}{user.email_confirmado_em}{timestamp}"


gerador_de_confirmacao = GeradorDeConfirmacaoDeEmail()
