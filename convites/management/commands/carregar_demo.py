"""Dados de demonstração para `make run`: idempotente (rodar de novo não duplica nada)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from contas.models import Usuario
from grupos.models import GrupoEstudo, Origem, Papel, Participacao, Privacidade
from grupos.services import criar_grupo

SENHA_DEMO = "estudar-juntos"

USUARIOS = [
    ("ana@demo.pontoschool.com.br", "Ana Souza"),
    ("bruno@demo.pontoschool.com.br", "Bruno Lima"),
    ("carla@demo.pontoschool.com.br", "Carla Mendes"),
    ("diego@demo.pontoschool.com.br", "Diego Alves"),
]

GRUPOS = [
    # (nome, descrição, privacidade, limite, criador, outros membros)
    (
        "Cálculo I — Turma da Noite",
        "Listas de exercícios de limites e derivadas, toda terça às 19h.",
        Privacidade.PUBLICO,
        30,
        "ana@demo.pontoschool.com.br",
        ["bruno@demo.pontoschool.com.br"],
    ),
    (
        "ENEM 2027 — Redação",
        "Uma redação por semana, corrigida em dupla.",
        Privacidade.PRIVADO,
        12,
        "ana@demo.pontoschool.com.br",
        ["carla@demo.pontoschool.com.br"],
    ),
    (
        "Física Básica",
        "Cinemática e dinâmica com exercícios resolvidos.",
        Privacidade.PUBLICO,
        50,
        "bruno@demo.pontoschool.com.br",
        [],
    ),
    (
        "Inglês para Intercâmbio",
        "Conversação e preparação para o TOEFL.",
        Privacidade.PRIVADO,
        8,
        "carla@demo.pontoschool.com.br",
        [],
    ),
]


class Command(BaseCommand):
    help = "Cria usuários e grupos de demonstração (idempotente) e mostra os logins."

    @transaction.atomic
    def handle(self, *args, **options):
        usuarios = {}
        for email, nome in USUARIOS:
            usuario = Usuario.objects.filter(email=email).first()
            if usuario is None:
                usuario = Usuario.objects.create_user(email=email, nome=nome, password=SENHA_DEMO)
            usuarios[email] = usuario

        if not Usuario.objects.filter(email="admin@demo.pontoschool.com.br").exists():
            Usuario.objects.create_superuser(
                email="admin@demo.pontoschool.com.br", nome="Equipe Ponto.School", password=SENHA_DEMO
            )

        for nome, descricao, privacidade, limite, criador, membros in GRUPOS:
            grupo = GrupoEstudo.objects.filter(nome=nome, criador=usuarios[criador]).first()
            if grupo is None:
                grupo = criar_grupo(
                    criador=usuarios[criador],
                    nome=nome,
                    descricao=descricao,
                    privacidade=privacidade,
                    max_membros=limite,
                )
            for email in membros:
                Participacao.objects.get_or_create(
                    grupo=grupo,
                    usuario=usuarios[email],
                    defaults={"papel": Papel.MEMBRO, "origem": Origem.CODIGO},
                )

        self.stdout.write(self.style.SUCCESS("Dados de demonstração prontos."))
        self.stdout.write(f"Logins de demonstração (senha de todos: {SENHA_DEMO}):")
        for email, nome in USUARIOS:
            self.stdout.write(f"  {email:<34} {nome}")
        self.stdout.write(f"  {'admin@demo.pontoschool.com.br':<34} equipe (acesso a /admin/)")
        self.stdout.write("Códigos dos grupos de demonstração:")
        for grupo in GrupoEstudo.objects.filter(nome__in=[g[0] for g in GRUPOS]).order_by("nome"):
            self.stdout.write(f"  {grupo.codigo_convite}  {grupo.nome} ({grupo.get_privacidade_display()})")
