import factory

from contas.tests.factories import UsuarioFactory
from convites.models import SolicitacaoParticipacao, StatusSolicitacao
from grupos.models import Privacidade
from grupos.tests.factories import GrupoFactory


class SolicitacaoFactory(factory.django.DjangoModelFactory):
    """Um pedido pendente para um grupo privado (grave direto, sem passar pelo serviço)."""

    class Meta:
        model = SolicitacaoParticipacao

    grupo = factory.SubFactory(GrupoFactory, privacidade=Privacidade.PRIVADO)
    usuario = factory.SubFactory(UsuarioFactory)
    mensagem = "Quero estudar com vocês."
    status = StatusSolicitacao.PENDENTE
