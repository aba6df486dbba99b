import factory

from contas.tests.factories import UsuarioFactory
from grupos.models import GrupoEstudo, Origem, Papel, Participacao, Privacidade
from grupos.services import criar_grupo


class GrupoFactory(factory.django.DjangoModelFactory):
    """Cria pelo serviço de verdade: código único e criador administrador, como no site."""

    class Meta:
        model = GrupoEstudo

    nome = factory.Sequence(lambda n: f"Grupo de estudo {n}")
    descricao = "Exercícios e dúvidas."
    privacidade = Privacidade.PUBLICO
    max_membros = 50
    criador = factory.SubFactory(UsuarioFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return criar_grupo(**kwargs)


class ParticipacaoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participacao

    grupo = factory.SubFactory(GrupoFactory)
    usuario = factory.SubFactory(UsuarioFactory)
    papel = Papel.MEMBRO
    origem = Origem.CODIGO
