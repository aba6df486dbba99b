import factory

from contas.tests.factories import UsuarioFactory
from notificacoes.models import Notificacao


class NotificacaoFactory(factory.django.DjangoModelFactory):
    """Grava a notificação direto (sem `notificar`): para páginas, onde a fila de e-mail não importa."""

    class Meta:
        model = Notificacao

    destinatario = factory.SubFactory(UsuarioFactory)
    tipo = "aviso"
    texto = factory.Sequence(lambda n: f"Aviso de teste {n}")
    link = ""
