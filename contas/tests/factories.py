import factory
from django.utils import timezone

from contas.models import Usuario

SENHA = "senha-de-teste-123"


class UsuarioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Usuario

    email = factory.Sequence(lambda n: f"pessoa{n}@exemplo.com.br")
    nome = factory.Faker("name", locale="pt_BR")
    # A maioria dos testes fala de alguém com conta em uso; quem acabou de se cadastrar (e-mail
    # ainda não confirmado) é pedido explicitamente com email_confirmado_em=None.
    email_confirmado_em = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        senha = kwargs.pop("password", SENHA)
        return model_class.objects.create_user(*args, password=senha, **kwargs)
