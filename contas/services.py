from django.db import IntegrityError, transaction

from pontoschool.erros import ErroDominio

from .models import Usuario, normalizar_email


class EmailJaCadastrado(ErroDominio):
    mensagem = "Já existe uma conta com este e-mail. Entre com ela."
    codigo = "email_ja_cadastrado"
    status = 409


def cadastrar_usuario(*, email: str, nome: str, senha: str) -> Usuario:
    """Cria a conta; o índice único sobre lower(email) decide corridas entre dois cadastros."""
    try:
        with transaction.atomic():
            return Usuario.objects.create_user(email=normalizar_email(email), nome=nome, password=senha)
    except IntegrityError as erro:
        raise EmailJaCadastrado() from erro
