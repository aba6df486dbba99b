import logging

from django.conf import settings
from django.db import transaction

from . import codigos
from .erros import CodigoDeConviteIndisponivel, DadosInvalidos
from .models import GrupoEstudo, Origem, Papel, Participacao, Privacidade

logger = logging.getLogger(__name__)

NOME_MAX = 100


def limites_max_membros() -> tuple[int, int]:
    return 2, settings.GRUPO_MAX_MEMBROS_LIMITE


def _validar_dados_do_grupo(
    *, nome: str, descricao: str, privacidade: str, max_membros: int
) -> tuple[str, str]:
    nome = " ".join((nome or "").split())
    if not nome:
        raise DadosInvalidos("Informe o nome do grupo.")
    if len(nome) > NOME_MAX:
        raise DadosInvalidos(f"O nome do grupo pode ter no máximo {NOME_MAX} caracteres.")
    if privacidade not in Privacidade.values:
        raise DadosInvalidos("Escolha se o grupo é público ou privado.")
    minimo, maximo = limites_max_membros()
    if not isinstance(max_membros, int) or not minimo <= max_membros <= maximo:
        raise DadosInvalidos(f"O limite de membros deve estar entre {minimo} e {maximo}.")
    return nome, (descricao or "").strip()


def criar_grupo(
    *, criador, nome: str, descricao: str = "", privacidade: str, max_membros: int
) -> GrupoEstudo:
    """Cria o grupo com um código de convite único e o criador como administrador.

    Tudo numa transação: se a participação falhar, o grupo não fica órfão. O código vem
    de `gerar_codigo_unico_grupo` (consulta pelo índice) e a inserção trata a corrida
    que a consulta não impede.
    """
    nome, descricao = _validar_dados_do_grupo(
        nome=nome, descricao=descricao, privacidade=privacidade, max_membros=max_membros
    )

    def inserir(codigo: str) -> GrupoEstudo:
        return GrupoEstudo.objects.create(
            nome=nome,
            descricao=descricao,
            privacidade=privacidade,
            max_membros=max_membros,
            codigo_convite=codigo,
            criador=criador,
        )

    tentativas = codigos.Tentativas()
    try:
        with transaction.atomic():
            grupo = codigos.inserir_com_codigo_unico(
                gerar=lambda t: codigos.gerar_codigo_unico_grupo(tentativas=t),
                inserir=inserir,
                restricao="grupo_codigo_convite_unico",
                tabela=GrupoEstudo._meta.db_table,
                colunas=("codigo_convite",),
                tentativas=tentativas,
            )
            Participacao.objects.create(
                grupo=grupo, usuario=criador, papel=Papel.ADMINISTRADOR, origem=Origem.CRIADOR
            )
    except codigos.CodigoIndisponivel as erro:
        logger.error(
            "sem código de convite livre ao criar grupo",
            extra={"usuario": criador.pk, "tentativas": erro.tentativas},
        )
        raise CodigoDeConviteIndisponivel() from erro
    logger.info(
        "grupo criado",
        extra={"grupo": str(grupo.uuid), "usuario": criador.pk, "tentativas_codigo": tentativas.usadas},
    )
    return grupo
