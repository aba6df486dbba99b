from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


def normalizar_email(email: str) -> str:
    """E-mail é o login: guardado sem espaços e em minúsculas, comparado sem caixa."""
    return (email or "").strip().lower()


class UsuarioManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(email__iexact=normalizar_email(username))

    def _criar(self, email, password, **campos):
        if not email:
            raise ValueError("O e-mail é obrigatório.")
        usuario = self.model(email=normalizar_email(email), **campos)
        usuario.set_password(password)
        usuario.save(using=self._db)
        return usuario

    def create_user(self, email, password=None, **campos):
        campos.setdefault("is_staff", False)
        campos.setdefault("is_superuser", False)
        return self._criar(email, password, **campos)

    def create_superuser(self, email, password=None, **campos):
        campos["is_staff"] = True
        campos["is_superuser"] = True
        return self._criar(email, password, **campos)


class Usuario(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("e-mail", max_length=254, unique=True)
    nome = models.CharField("nome", max_length=150)
    is_active = models.BooleanField("ativo", default=True)
    is_staff = models.BooleanField("equipe", default=False)
    date_joined = models.DateTimeField("cadastrado em", default=timezone.now)
    # Quem se cadastra não prova que o e-mail é seu. Só depois de abrir um link enviado para ele
    # (confirmação ou convite) a conta pode aceitar convites sem o token do link.
    email_confirmado_em = models.DateTimeField("e-mail confirmado em", null=True, blank=True)

    objects = UsuarioManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["nome"]

    class Meta:
        verbose_name = "usuário"
        verbose_name_plural = "usuários"
        constraints = [
            # O save() já guarda em minúsculas; este índice sobre lower(email) garante a
            # unicidade sem caixa mesmo para quem grave por fora (SQL, bulk_create).
            models.UniqueConstraint(Lower("email"), name="usuario_email_unico_sem_caixa"),
        ]

    def __str__(self):
        return f"{self.nome} <{self.email}>"

    def save(self, *args, **kwargs):
        self.email = normalizar_email(self.email)
        super().save(*args, **kwargs)

    @property
    def email_confirmado(self) -> bool:
        return self.email_confirmado_em is not None

    def get_full_name(self):
        return self.nome

    def get_short_name(self):
        return self.nome.split(" ")[0] if self.nome else self.email
