import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult, get_date_max

from contas.models import Usuario
from contas.tests.factories import UsuarioFactory
from notificacoes.models import Notificacao
from notificacoes.services import notificar

pytestmark = pytest.mark.django_db

CAMINHO_DA_TAREFA = "notificacoes.tasks.enviar_emails_de_notificacoes"


def _sem_savepoints(capturadas) -> list[str]:
    """As consultas de verdade: SAVEPOINT/RELEASE vêm do atomic() aninhado no do teste."""
    return [
        q["sql"]
        for q in capturadas.captured_queries
        if not q["sql"].upper().startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT"))
    ]


def test_cria_uma_notificacao_por_destinatario_com_tipo_texto_e_link():
    ana, bruno = UsuarioFactory(), UsuarioFactory()
    criadas = notificar(
        destinatarios=[ana, bruno], tipo="promovido", texto="Você agora é administrador.", link="/grupos/"
    )
    assert len(criadas) == 2
    assert all(n.pk is not None for n in criadas)
    gravadas = Notificacao.objects.order_by("destinatario_id")
    assert [n.destinatario for n in gravadas] == sorted([ana, bruno], key=lambda u: u.pk)
    for n in gravadas:
        assert (n.tipo, n.texto, n.link) == ("promovido", "Você agora é administrador.", "/grupos/")
        assert n.lida_em is None
        assert n.email_enviado_em is None
        assert n.email_tentativas == 0
        assert n.email_falha == ""


def test_destinatario_repetido_recebe_uma_so_notificacao():
    ana, bruno = UsuarioFactory(), UsuarioFactory()
    outra_instancia_da_ana = Usuario.objects.get(pk=ana.pk)
    criadas = notificar(destinatarios=[ana, bruno, ana, outra_instancia_da_ana], tipo="aviso", texto="Oi")
    assert len(criadas) == 2
    assert Notificacao.objects.filter(destinatario=ana).count() == 1
    assert Notificacao.objects.filter(destinatario=bruno).count() == 1


def test_aceita_queryset_de_destinatarios():
    UsuarioFactory.create_batch(3)
    criadas = notificar(destinatarios=Usuario.objects.all(), tipo="aviso", texto="Oi")
    assert len(criadas) == 3 == Notificacao.objects.count()


def test_lista_vazia_nao_cria_nada_nem_enfileira_e_nao_consulta_o_banco(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert notificar(destinatarios=[], tipo="aviso", texto="Ninguém") == []
    assert not Notificacao.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_enfileira_uma_unica_tarefa_com_todos_os_ids():
    pessoas = UsuarioFactory.create_batch(5)
    criadas = notificar(destinatarios=pessoas, tipo="aviso", texto="Novidade no grupo")
    tarefa = DBTaskResult.objects.get()
    assert tarefa.task_path == CAMINHO_DA_TAREFA
    assert tarefa.status == "READY"
    assert tarefa.run_after == get_date_max()  # pronta já, sem espera
    (ids,) = tarefa.args_kwargs["args"]
    assert sorted(ids) == sorted(n.pk for n in criadas)
    assert tarefa.args_kwargs["kwargs"] == {}


def test_cada_chamada_enfileira_a_sua_propria_tarefa():
    ana = UsuarioFactory()
    notificar(destinatarios=[ana], tipo="aviso", texto="Primeiro")
    notificar(destinatarios=[ana, UsuarioFactory()], tipo="aviso", texto="Segundo")
    assert DBTaskResult.objects.count() == 2
    assert Notificacao.objects.count() == 3


def test_consultas_de_notificar_nao_crescem_com_o_numero_de_destinatarios():
    um = [UsuarioFactory()]
    vinte = UsuarioFactory.create_batch(20)
    with CaptureQueriesContext(connection) as com_um:
        notificar(destinatarios=um, tipo="aviso", texto="Para um")
    with CaptureQueriesContext(connection) as com_vinte:
        notificar(destinatarios=vinte, tipo="aviso", texto="Para vinte")
    assert Notificacao.objects.count() == 21
    assert len(com_vinte) == len(com_um)
    # Como promete a docstring: um INSERT das notificações e um da tarefa.
    consultas = _sem_savepoints(com_vinte)
    assert len(consultas) == 2
    assert all(sql.upper().startswith("INSERT") for sql in consultas)


def test_texto_maior_que_o_campo_e_cortado_em_300_caracteres():
    (n,) = notificar(destinatarios=[UsuarioFactory()], tipo="aviso", texto="a" * 400)
    n.refresh_from_db()
    assert n.texto == "a" * 300
