from django.db import IntegrityError, transaction
from django.utils import timezone

from pontoschool.erros import ErroDominio

from .models import Usuario, normalizar_email
from .tasks import enviar_email_de_confirmacao


class EmailJaCadastrado(ErroDominio):
    mensagem = "Já existe uma conta com este e-mail. Entre com ela."
    codigo = "email_ja_cadastrado"
    status = 409


def cadastrar_usuario(*, email: str, nome: str, senha: str) -> Usuario:
    """Cria a conta; o índice único sobre lower(email) decide corridas entre dois cadastros."""
    try:
        with transaction.atomic():
            usuario = Usuario.objects.create_user(email=normalizar_email(email), nome=nome, password=senha)
            pedir_confirmacao_de_email(usuario=usuario)
            return usuario
    except IntegrityError as erro:
        raise EmailJaCadastrado() from erro


def confirmar_email(*, usuario) -> None:
    """Marca o e-mail como confirmado (a pessoa abriu um link que só chegou à caixa dela)."""
    if usuario.email_confirmado_em is None:
        usuario.email_confirmado_em = timezone.now()
        usuario.save(update_fields=["email_confirmado_em"])


def pedir_confirmacao_de_email(*, usuario) -> None:
    """Enfileira o e-mail com o link de confirmação (na transação de quem chama)."""
    if usuario.email_confirmado_em is None:
        enviar_email_de_confirmacao.enqueue(usuario.pk)
