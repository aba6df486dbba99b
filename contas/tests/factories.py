import factory

from contas.models import Usuario

SENHA = "senha-de-teste-123"


class UsuarioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Usuario

    email = factory.Sequence(lambda n: f"pessoa{n}@exemplo.com.br")
    nome = factory.Faker("name", locale="pt_BR")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        senha = kwargs.pop("password", SENHA)
        return model_class.objects.create_user(*args, password=senha, **kwargs)
