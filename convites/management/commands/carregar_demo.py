"""Dados de demonstração para `make run`: idempotente (rodar de novo não duplica nada)."""

import logging
from contextlib import suppress

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from contas.models import Usuario
from convites.models import Convite, SolicitacaoParticipacao
from convites.services import convidar_por_email, solicitar_participacao
from grupos.models import GrupoEstudo, Origem, Privacidade
from grupos.services import adicionar_membro, criar_grupo
from pontoschool.erros import ErroDominio

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

    def handle(self, *args, **options):
        # Os eventos de criação iriam para o log (stdout) e esconderiam os logins abaixo.
        logging.disable(logging.INFO)
        try:
            self._carregar()
        finally:
            logging.disable(logging.NOTSET)

    @transaction.atomic
    def _carregar(self):
        usuarios = {}
        for email, nome in USUARIOS:
            usuario = Usuario.objects.filter(email=email).first()
            if usuario is None:
                usuario = Usuario.objects.create_user(
                    email=email, nome=nome, password=SENHA_DEMO, email_confirmado_em=timezone.now()
                )
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
                # Se alguém da demonstração removeu e bloqueou a pessoa, respeitamos.
                with suppress(ErroDominio):
                    adicionar_membro(grupo=grupo, usuario=usuarios[email], origem=Origem.CODIGO)

        # Um pedido pendente, para a Ana ter o que aprovar (só na primeira carga).
        redacao = GrupoEstudo.objects.filter(
            nome="ENEM 2027 — Redação", criador=usuarios["ana@demo.pontoschool.com.br"]
        ).first()
        diego = usuarios["diego@demo.pontoschool.com.br"]
        if redacao and not SolicitacaoParticipacao.objects.filter(grupo=redacao, usuario=diego).exists():
            # A demonstração pode ter sido mexida (código desativado, Diego bloqueado): segue sem o pedido.
            with suppress(ErroDominio):
                solicitar_participacao(
                    usuario=diego,
                    codigo=redacao.codigo_convite,
                    mensagem="Quero treinar a proposta de intervenção.",
                )

        # Um convite por e-mail para a Carla (aparece em "Convites" no topo para ela).
        calculo = GrupoEstudo.objects.filter(
            nome=GRUPOS[0][0], criador=usuarios["ana@demo.pontoschool.com.br"]
        ).first()
        carla = "carla@demo.pontoschool.com.br"
        if calculo and not Convite.objects.filter(grupo=calculo, email=carla).exists():
            with suppress(ErroDominio):
                convidar_por_email(quem=calculo.criador, grupo=calculo, emails=[carla])

        self._mostrar_logins()

    def _mostrar_logins(self):
        self.stdout.write(self.style.SUCCESS("Dados de demonstração prontos."))
        self.stdout.write(f"Logins de demonstração (senha de todos: {SENHA_DEMO}):")
        for email, nome in USUARIOS:
            self.stdout.write(f"  {email:<34} {nome}")
        self.stdout.write(f"  {'admin@demo.pontoschool.com.br':<34} equipe (acesso a /admin/)")
        self.stdout.write("Códigos dos grupos de demonstração:")
        for grupo in GrupoEstudo.objects.filter(nome__in=[g[0] for g in GRUPOS]).order_by("nome"):
            self.stdout.write(f"  {grupo.codigo_convite}  {grupo.nome} ({grupo.get_privacidade_display()})")
