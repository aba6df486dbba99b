"""Convites: o token nunca fica no banco, a saída por fila (outbox), falhas e reenfileiramento."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from contas.tests.factories import UsuarioFactory
from convites import services
from convites.models import Convite, StatusConvite
from convites.tasks import enviar_emails_de_convites
from convites.tokens import hash_do_token, token_do_convite
from grupos.tests.factories import GrupoFactory
from notificacoes.tests.backend_que_falha import BACKEND_QUE_FALHA

LINK = re.compile(r"https?://[^\s]+/convites/([A-Za-z0-9_-]+)/")


def _convidar(grupo, *emails):
    return services.convidar_por_email(quem=grupo.criador, grupo=grupo, emails=list(emails)).convites


def _tokens_dos_emails():
    return [LINK.search(m.body).group(1) for m in mail.outbox]


@pytest.mark.django_db
def test_token_tem_256_bits_e_o_banco_so_guarda_o_hash():
    grupo = GrupoFactory()
    (convite,) = _convidar(grupo, "ana@exemplo.com.br")
    token = token_do_convite(convite)
    assert len(token) >= 43  # 32 bytes em base64url
    assert convite.token_hash == hash_do_token(token)
    enviar_emails_de_convites.call([convite.pk])
    assert _tokens_dos_emails() == [token]

    # Nenhuma coluna de nenhuma linha de convite (nem a fila de tarefas) contém o token.
    with connection.cursor() as cursor:
        for tabela in ("convites_convite", "convites_uso", "django_tasks_database_dbtaskresult"):
            cursor.execute(f"SELECT * FROM {tabela}")
            for linha in cursor.fetchall():
                assert all(token not in str(valor) for valor in linha), tabela


@pytest.mark.django_db
def test_link_do_email_usa_site_url_e_a_pagina_do_convite_abre(client, settings):
    settings.SITE_URL = "https://grupos.pontoschool.com.br"
    grupo = GrupoFactory(nome="Cálculo II")
    (convite,) = _convidar(grupo, "bia@exemplo.com.br")
    enviar_emails_de_convites.call([convite.pk])
    (email,) = mail.outbox
    assert email.to == ["bia@exemplo.com.br"]
    assert "Cálculo II" in email.subject
    assert "https://grupos.pontoschool.com.br/convites/" in email.body
    html, tipo = email.alternatives[0]
    assert tipo == "text/html" and "Ver o convite" in html
    token = _tokens_dos_emails()[0]
    assert "Cálculo II" in client.get(f"/convites/{token}/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_rollback_depois_de_enfileirar_nao_manda_nada(drenar_fila):
    grupo = GrupoFactory()

    class Desistiu(Exception):
        pass

    with pytest.raises(Desistiu), transaction.atomic():
        _convidar(grupo, "ana@exemplo.com.br", "bia@exemplo.com.br")
        raise Desistiu

    assert not Convite.objects.exists()
    assert not DBTaskResult.objects.exists()
    drenar_fila()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_commit_e_worker_mandam_exatamente_um_email_por_convite(drenar_fila):
    grupo = GrupoFactory()
    _convidar(grupo, "ana@exemplo.com.br", "bia@exemplo.com.br", "caio@exemplo.com.br")
    assert DBTaskResult.objects.count() == 1  # um lote, uma tarefa — nenhum SMTP na requisição
    assert mail.outbox == []

    drenar_fila()
    drenar_fila()

    assert sorted(m.to[0] for m in mail.outbox) == [
        "ana@exemplo.com.br",
        "bia@exemplo.com.br",
        "caio@exemplo.com.br",
    ]
    assert Convite.objects.filter(email_enviado_em__isnull=False).count() == 3


@pytest.mark.django_db
def test_lote_de_51_nao_cria_convite_nem_tarefa():
    grupo = GrupoFactory(max_membros=500)
    with pytest.raises(services.ListaDeEmailsInvalida) as erro:
        _convidar(grupo, *[f"pessoa{i}@exemplo.com.br" for i in range(51)])
    assert "até 50" in erro.value.mensagem
    assert Convite.objects.count() == 0
    assert DBTaskResult.objects.count() == 0


@pytest.mark.django_db
def test_falha_no_envio_deixa_o_convite_valendo_registra_e_reagenda(settings, caplog):
    settings.EMAIL_BACKEND = BACKEND_QUE_FALHA
    grupo = GrupoFactory()
    (convite,) = _convidar(grupo, "ana@exemplo.com.br")
    DBTaskResult.objects.all().delete()

    assert enviar_emails_de_convites.call([convite.pk]) == 0

    convite.refresh_from_db()
    assert convite.status == StatusConvite.PENDENTE
    assert convite.email_enviado_em is None
    assert convite.email_tentativas == 1
    assert "SMTP" in convite.email_falha
    assert any(r.getMessage() == "falha ao enviar e-mail de convite" for r in caplog.records)
    (nova,) = DBTaskResult.objects.all()
    assert nova.run_after > timezone.now() + timedelta(seconds=30)
    assert nova.args_kwargs == {"args": [[convite.pk]], "kwargs": {"tentativa": 2}}

    # O convite continua aceitável pelo link mesmo sem o e-mail.
    usuario = UsuarioFactory(email="ana@exemplo.com.br")
    services.aceitar_convite(usuario=usuario, token=token_do_convite(convite))
    convite.refresh_from_db()
    assert convite.status == StatusConvite.ACEITO


@pytest.mark.django_db
def test_depois_do_limite_de_tentativas_desiste_e_registra(settings, caplog):
    settings.EMAIL_BACKEND = BACKEND_QUE_FALHA
    settings.EMAIL_MAX_TENTATIVAS = 3
    grupo = GrupoFactory()
    (convite,) = _convidar(grupo, "ana@exemplo.com.br")
    DBTaskResult.objects.all().delete()
    enviar_emails_de_convites.call([convite.pk], tentativa=3)
    assert not DBTaskResult.objects.exists()
    assert any(r.getMessage() == "e-mail desistido após o limite de tentativas" for r in caplog.records)


@pytest.mark.django_db(transaction=True)
def test_tarefa_presa_em_execucao_e_reenfileirada_e_manda_uma_vez_so(drenar_fila):
    grupo = GrupoFactory()
    (convite,) = _convidar(grupo, "ana@exemplo.com.br")
    # Um worker pegou a tarefa e morreu antes de mandar: ela fica "em execução" para sempre.
    DBTaskResult.objects.update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(hours=1), worker_ids=["morto"]
    )
    drenar_fila()
    assert mail.outbox == []

    call_command("reenfileirar_tarefas", "--parada-ha", "15")
    assert DBTaskResult.objects.get().status == TaskResultStatus.READY
    drenar_fila()
    assert len(mail.outbox) == 1

    # Reenfileirar de novo uma tarefa que já mandou não repete o e-mail (guarda email_enviado_em).
    DBTaskResult.objects.update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(hours=1)
    )
    call_command("reenfileirar_tarefas", "--parada-ha", "15")
    drenar_fila()
    assert len(mail.outbox) == 1
    convite.refresh_from_db()
    assert convite.email_enviado_em is not None


@pytest.mark.django_db
def test_reenfileirar_nao_mexe_em_tarefa_rodando_agora_nem_nas_que_rodaram_demais():
    GrupoFactory()
    grupo = GrupoFactory()
    _convidar(grupo, "ana@exemplo.com.br")
    _convidar(grupo, "bia@exemplo.com.br")
    recente, cansada = DBTaskResult.objects.order_by("enqueued_at")
    DBTaskResult.objects.filter(pk=recente.pk).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now()
    )
    DBTaskResult.objects.filter(pk=cansada.pk).update(
        status=TaskResultStatus.FAILED, worker_ids=["a", "b", "c", "d", "e"], finished_at=timezone.now()
    )
    call_command("reenfileirar_tarefas")
    assert DBTaskResult.objects.get(pk=recente.pk).status == TaskResultStatus.RUNNING
    assert DBTaskResult.objects.get(pk=cansada.pk).status == TaskResultStatus.FAILED


@pytest.mark.django_db
def test_reenvio_troca_o_token_e_o_link_antigo_morre():
    grupo = GrupoFactory()
    (convite,) = _convidar(grupo, "ana@exemplo.com.br")
    antigo = token_do_convite(convite)
    services.reenviar_convite(admin=grupo.criador, grupo=grupo, convite_uuid=convite.uuid)
    convite.refresh_from_db()
    novo = token_do_convite(convite)
    assert novo != antigo
    with pytest.raises(services.ConviteInvalido):
        services.convite_pelo_token(antigo)
    assert services.convite_pelo_token(novo).pk == convite.pk


@pytest.mark.django_db
def test_trocar_a_secret_key_com_fallback_mantem_o_link(settings):
    grupo = GrupoFactory()
    (convite,) = _convidar(grupo, "ana@exemplo.com.br")
    token = token_do_convite(convite)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "outra-chave-bem-longa-e-aleatoria-para-o-teste-0123456789"
    assert token_do_convite(convite) == token
    settings.SECRET_KEY_FALLBACKS = []
    assert token_do_convite(convite) is None


@pytest.mark.django_db
def test_envio_reservado_por_outro_worker_nao_sai_duas_vezes():
    grupo = GrupoFactory()
    (convite,) = _convidar(grupo, "ana@exemplo.com.br")
    Convite.objects.filter(pk=convite.pk).update(email_reservado_em=timezone.now())  # outro worker enviando
    assert enviar_emails_de_convites.call([convite.pk]) == 0
    assert mail.outbox == []
    # Reserva velha (worker morreu): retomada.
    Convite.objects.filter(pk=convite.pk).update(email_reservado_em=timezone.now() - timedelta(minutes=11))
    assert enviar_emails_de_convites.call([convite.pk]) == 1
    assert len(mail.outbox) == 1
    convite.refresh_from_db()
    assert convite.email_reservado_em is None and convite.email_enviado_em is not None


@pytest.mark.django_db
def test_secret_key_trocada_sem_fallback_fica_registrada_para_o_admin_reenviar(settings):
    grupo = GrupoFactory()
    (convite,) = _convidar(grupo, "ana@exemplo.com.br")
    settings.SECRET_KEY = "uma-chave-totalmente-nova-" + "z" * 40
    assert enviar_emails_de_convites.call([convite.pk]) == 0
    convite.refresh_from_db()
    assert "reenvie o convite" in convite.email_falha
    services.reenviar_convite(admin=grupo.criador, grupo=grupo, convite_uuid=convite.uuid)
    convite.refresh_from_db()
    assert enviar_emails_de_convites.call([convite.pk]) == 1
