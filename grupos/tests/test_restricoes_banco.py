"""O banco é a última linha de defesa: estas gravações passam por fora do serviço e devem
ser recusadas pelo próprio banco (rodam em SQLite e, no CI, também em PostgreSQL)."""

import pytest
from django.db import DataError, IntegrityError, connection, transaction

from contas.models import Usuario
from contas.tests.factories import UsuarioFactory
from grupos.models import GrupoEstudo, Participacao
from grupos.tests.factories import GrupoFactory

pytestmark = pytest.mark.django_db


def _grupo_cru(codigo, **extra):
    dados = {"nome": "Cru", "privacidade": "publico", "max_membros": 10, "codigo_convite": codigo}
    dados.update(extra)
    return GrupoEstudo(**dados)


@pytest.mark.parametrize(
    "codigo",
    ["abcdefg", "ABCDEF", "ABCDEFGH", "ABCDEFO", "ABCDEF0", "ABCDEF1", "ABCDEFI", "ABCD-FG", "ÁBCDEFG", ""],
)
def test_banco_recusa_codigo_fora_do_formato(codigo):
    # PostgreSQL recusa o de 8 caracteres já pelo varchar(7) (DataError); o resto, pelo CHECK.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        GrupoEstudo.objects.bulk_create([_grupo_cru(codigo)])
    assert not GrupoEstudo.objects.filter(codigo_convite=codigo).exists()


def test_banco_recusa_codigo_duplicado():
    grupo = GrupoFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        GrupoEstudo.objects.bulk_create([_grupo_cru(grupo.codigo_convite)])
    assert GrupoEstudo.objects.filter(codigo_convite=grupo.codigo_convite).count() == 1


def test_banco_recusa_atualizacao_para_minusculas_por_sql():
    grupo = GrupoFactory()
    tabela = GrupoEstudo._meta.db_table
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"UPDATE {tabela} SET codigo_convite = LOWER(codigo_convite) WHERE id = %s", [grupo.pk])
    grupo.refresh_from_db()
    assert grupo.codigo_convite.isupper()


def test_codigo_convite_nao_aceita_nulo():
    grupo = GrupoFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        GrupoEstudo.objects.filter(pk=grupo.pk).update(codigo_convite=None)


def test_tabela_tem_indice_unico_e_check_do_codigo():
    assert GrupoEstudo._meta.db_table == "grupos_estudo"
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(
                "SELECT conname, contype FROM pg_constraint WHERE conrelid = 'grupos_estudo'::regclass"
            )
            restricoes = dict(cur.fetchall())
            assert restricoes["grupo_codigo_convite_unico"] == "u"
            assert restricoes["grupo_codigo_convite_formato"] == "c"
        else:
            # A introspecção do Django no SQLite não lê CHECKs longos; o DDL guardado basta.
            cur.execute("SELECT sql FROM sqlite_master WHERE name = 'grupos_estudo'")
            ddl = cur.fetchone()[0]
            assert 'CONSTRAINT "grupo_codigo_convite_unico" UNIQUE ("codigo_convite")' in ddl
            assert 'CONSTRAINT "grupo_codigo_convite_formato" CHECK' in ddl
            assert '"codigo_convite" varchar(7) NOT NULL' in ddl


def test_participacao_duplicada_e_recusada():
    grupo = GrupoFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Participacao.objects.create(grupo=grupo, usuario=grupo.criador, papel="membro", origem="codigo")


def test_papel_invalido_e_recusado():
    grupo = GrupoFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Participacao.objects.create(grupo=grupo, usuario=UsuarioFactory(), papel="dono", origem="codigo")


def test_email_unico_sem_considerar_maiusculas_no_banco():
    UsuarioFactory(email="ana@exemplo.com.br")
    # bulk_create passa por fora do save() que normaliza: quem recusa é o índice sobre lower(email).
    with pytest.raises(IntegrityError), transaction.atomic():
        Usuario.objects.bulk_create([Usuario(email="ANA@Exemplo.com.br", nome="Outra Ana", password="x")])
    assert Usuario.objects.count() == 1
