import logging
import re

from django.conf import settings
from django.db import IntegrityError, transaction

from notificacoes.services import notificar
from pontoschool.db import violou_restricao

from . import codigos
from .erros import (
    CodigoDeConviteIndisponivel,
    CodigoDeModeloEmUso,
    DadosInvalidos,
    FormularioJaUsado,
    GrupoCheio,
    MembroNaoEncontrado,
    ModeloNaoEncontrado,
    OperacaoInvalida,
    SemPermissao,
    UltimoAdministrador,
    UsuarioBloqueado,
)
from .models import (
    MODELO_CODIGO_MAX,
    Bloqueio,
    Escopo,
    GrupoEstudo,
    ModeloGrupo,
    Origem,
    Papel,
    Participacao,
    Privacidade,
)

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
    *,
    criador,
    nome: str,
    descricao: str = "",
    privacidade: str,
    max_membros: int,
    chave_criacao=None,
) -> GrupoEstudo:
    """Cria o grupo com um código de convite único e o criador como administrador.

    Tudo numa transação: se a participação falhar, o grupo não fica órfão. O código vem
    de `gerar_codigo_unico_grupo` (consulta pelo índice) e a inserção trata a corrida
    que a consulta não impede. Com `chave_criacao` (o token de uso único do formulário), um
    segundo envio com a mesma chave devolve o grupo do primeiro em vez de criar outro.
    """
    nome, descricao = _validar_dados_do_grupo(
        nome=nome, descricao=descricao, privacidade=privacidade, max_membros=max_membros
    )
    if chave_criacao is not None:
        existente = GrupoEstudo.objects.filter(criador=criador, chave_criacao=chave_criacao).first()
        if existente is not None:
            return _mesmo_envio(existente, nome, descricao, privacidade, max_membros)

    def inserir(codigo: str) -> GrupoEstudo:
        return GrupoEstudo.objects.create(
            nome=nome,
            descricao=descricao,
            privacidade=privacidade,
            max_membros=max_membros,
            codigo_convite=codigo,
            criador=criador,
            chave_criacao=chave_criacao,
        )

    tentativas = codigos.Tentativas()
    try:
        with transaction.atomic():
            grupo = _com_codigo_unico(inserir, tentativas=tentativas, usuario=criador, acao="criar grupo")
            Participacao.objects.create(
                grupo=grupo, usuario=criador, papel=Papel.ADMINISTRADOR, origem=Origem.CRIADOR
            )
    except IntegrityError as erro:
        # Duplo clique: o outro envio, com a mesma chave, gravou primeiro — devolvemos o dele.
        if chave_criacao is None or not violou_restricao(
            erro,
            nome="grupo_chave_criacao_unica",
            tabela=GrupoEstudo._meta.db_table,
            colunas=("criador_id", "chave_criacao"),
        ):
            raise
        existente = GrupoEstudo.objects.get(criador=criador, chave_criacao=chave_criacao)
        return _mesmo_envio(existente, nome, descricao, privacidade, max_membros)
    logger.info(
        "grupo criado",
        extra={"grupo": str(grupo.uuid), "usuario": criador.pk, "tentativas_codigo": tentativas.usadas},
    )
    return grupo


def _mesmo_envio(existente: GrupoEstudo, nome, descricao, privacidade, max_membros) -> GrupoEstudo:
    """Mesma chave e mesmos dados: é o duplo clique, devolve o grupo já criado. Mesma chave com
    dados diferentes: um formulário antigo reaproveitado (voltar, editar, enviar) — recusa em vez
    de fingir que criou."""
    if (existente.nome, existente.descricao, existente.privacidade, existente.max_membros) == (
        nome,
        descricao,
        privacidade,
        max_membros,
    ):
        return existente
    raise FormularioJaUsado(
        f"Este formulário já criou o grupo “{existente.nome}”. Confira os dados e envie de novo para criar outro."
    )


def _com_codigo_unico(gravar, *, tentativas: codigos.Tentativas, usuario, acao: str):
    """Grava com um código novo (criação ou troca), tratando a corrida no índice único."""
    try:
        return codigos.inserir_com_codigo_unico(
            gerar=lambda t: codigos.gerar_codigo_unico_grupo(tentativas=t),
            inserir=gravar,
            restricao="grupo_codigo_convite_unico",
            tabela=GrupoEstudo._meta.db_table,
            colunas=("codigo_convite",),
            tentativas=tentativas,
        )
    except codigos.CodigoIndisponivel as erro:
        logger.error(
            f"sem código de convite livre ao {acao}",
            extra={"usuario": usuario.pk, "tentativas": erro.tentativas},
        )
        raise CodigoDeConviteIndisponivel() from erro


# --- membros -----------------------------------------------------------------------------
# Toda mudança de participação trava a linha do grupo (SELECT ... FOR UPDATE): assim o limite
# de membros e a regra "sempre resta um administrador" valem mesmo com cliques simultâneos.


def travar_grupo(grupo_id: int) -> GrupoEstudo:
    return GrupoEstudo.objects.select_for_update().get(pk=grupo_id)


def contar_membros(grupo: GrupoEstudo) -> int:
    return Participacao.objects.filter(grupo=grupo).count()


def exigir_administrador(grupo: GrupoEstudo, usuario) -> Participacao:
    participacao = Participacao.objects.filter(grupo=grupo, usuario=usuario).first()
    if participacao is None or participacao.papel != Papel.ADMINISTRADOR:
        raise SemPermissao()
    return participacao


def _membro_do_grupo(grupo: GrupoEstudo, participacao_id: int) -> Participacao:
    alvo = Participacao.objects.select_related("usuario").filter(grupo=grupo, pk=participacao_id).first()
    if alvo is None:
        raise MembroNaoEncontrado()
    return alvo


def _contar_administradores(grupo: GrupoEstudo) -> int:
    return Participacao.objects.filter(grupo=grupo, papel=Papel.ADMINISTRADOR).count()


def esta_bloqueado(*, grupo: GrupoEstudo, usuario) -> bool:
    return Bloqueio.objects.filter(grupo=grupo, usuario=usuario).exists()


def adicionar_membro(
    *, grupo: GrupoEstudo, usuario, origem: str, papel: str = Papel.MEMBRO, aprovado_por=None
) -> tuple[Participacao, bool]:
    """Põe `usuario` no grupo sob a trava do grupo; devolve (participação, criou?).

    Quem já é membro recebe a participação que tem (nada muda). Bloqueados e grupo cheio
    levantam erro e nada muda. É a única porta de entrada: código, solicitação e convite
    passam por aqui, então o limite vale para todos ao mesmo tempo.
    """
    with transaction.atomic():
        grupo = travar_grupo(grupo.pk)
        existente = Participacao.objects.filter(grupo=grupo, usuario=usuario).first()
        if existente is not None:
            return existente, False
        if esta_bloqueado(grupo=grupo, usuario=usuario):
            raise UsuarioBloqueado()
        if contar_membros(grupo) >= grupo.max_membros:
            raise GrupoCheio()
        participacao = Participacao.objects.create(
            grupo=grupo, usuario=usuario, papel=papel, origem=origem, aprovado_por=aprovado_por
        )
    logger.info(
        "membro entrou no grupo",
        extra={"grupo": str(grupo.uuid), "usuario": usuario.pk, "origem": origem, "papel": papel},
    )
    return participacao, True


def remover_membro(*, admin, grupo: GrupoEstudo, participacao_id: int) -> None:
    with transaction.atomic():
        grupo = travar_grupo(grupo.pk)
        exigir_administrador(grupo, admin)
        alvo = _membro_do_grupo(grupo, participacao_id)
        if alvo.usuario_id == admin.pk:
            raise OperacaoInvalida("Para sair do grupo, use “Sair do grupo”.")
        alvo.delete()
        notificar(
            destinatarios=[alvo.usuario],
            tipo="membro_removido",
            texto=f"Você foi removido do grupo “{grupo.nome}”.",
        )
    logger.info(
        "membro removido", extra={"grupo": str(grupo.uuid), "usuario": alvo.usuario_id, "por": admin.pk}
    )


def sair_do_grupo(*, usuario, grupo: GrupoEstudo) -> None:
    with transaction.atomic():
        grupo = travar_grupo(grupo.pk)
        participacao = Participacao.objects.filter(grupo=grupo, usuario=usuario).first()
        if participacao is None:
            raise MembroNaoEncontrado("Você não faz parte deste grupo.")
        if participacao.papel == Papel.ADMINISTRADOR and _contar_administradores(grupo) == 1:
            raise UltimoAdministrador(
                "Você é o único administrador do grupo. Promova outro membro a administrador antes de sair (ou exclua o grupo)."
            )
        participacao.delete()
    logger.info("membro saiu do grupo", extra={"grupo": str(grupo.uuid), "usuario": usuario.pk})


def alterar_papel(*, admin, grupo: GrupoEstudo, participacao_id: int, papel: str) -> Participacao:
    if papel not in Papel.values:
        raise OperacaoInvalida("Papel desconhecido.")
    with transaction.atomic():
        grupo = travar_grupo(grupo.pk)
        exigir_administrador(grupo, admin)
        alvo = _membro_do_grupo(grupo, participacao_id)
        if alvo.papel == papel:
            return alvo
        if papel == Papel.MEMBRO and _contar_administradores(grupo) == 1:
            raise UltimoAdministrador()
        alvo.papel = papel
        alvo.save(update_fields=["papel"])
        if papel == Papel.ADMINISTRADOR:
            notificar(
                destinatarios=[alvo.usuario],
                tipo="promovido",
                texto=f"Você agora é administrador do grupo “{grupo.nome}”.",
                link=f"/grupos/{grupo.uuid}/",
            )
    logger.info(
        "papel alterado",
        extra={"grupo": str(grupo.uuid), "usuario": alvo.usuario_id, "papel": papel, "por": admin.pk},
    )
    return alvo


def bloquear_usuario(*, admin, grupo: GrupoEstudo, usuario, motivo: str = "") -> Bloqueio:
    """Bloqueia alguém (membro ou não): sai do grupo, se estava, e não volta por código ou link.

    A pessoa não é avisada — para ela, o código simplesmente não funciona.
    """
    with transaction.atomic():
        grupo = travar_grupo(grupo.pk)
        exigir_administrador(grupo, admin)
        if usuario.pk == admin.pk:
            raise OperacaoInvalida("Você não pode bloquear a si mesmo.")
        participacao = Participacao.objects.filter(grupo=grupo, usuario=usuario).first()
        if participacao is not None:
            if participacao.papel == Papel.ADMINISTRADOR:
                raise OperacaoInvalida("Rebaixe este administrador a membro antes de bloqueá-lo.")
            participacao.delete()
        bloqueio, _ = Bloqueio.objects.get_or_create(
            grupo=grupo,
            usuario=usuario,
            defaults={"motivo": (motivo or "").strip()[:300], "bloqueado_por": admin},
        )
    logger.info("usuário bloqueado", extra={"grupo": str(grupo.uuid), "usuario": usuario.pk, "por": admin.pk})
    return bloqueio


def desbloquear_usuario(*, admin, grupo: GrupoEstudo, bloqueio_id: int) -> None:
    with transaction.atomic():
        grupo = travar_grupo(grupo.pk)
        exigir_administrador(grupo, admin)
        apagados, _ = Bloqueio.objects.filter(grupo=grupo, pk=bloqueio_id).delete()
        if not apagados:
            raise MembroNaoEncontrado("Este bloqueio não existe mais.")
    logger.info(
        "usuário desbloqueado", extra={"grupo": str(grupo.uuid), "bloqueio": bloqueio_id, "por": admin.pk}
    )


# --- código ------------------------------------------------------------------------------


def gerar_novo_codigo(*, admin, grupo: GrupoEstudo) -> GrupoEstudo:
    """Troca o código: o antigo deixa de funcionar no mesmo instante (é só uma coluna)."""
    with transaction.atomic():
        grupo = travar_grupo(grupo.pk)
        exigir_administrador(grupo, admin)

        def gravar(codigo):
            GrupoEstudo.objects.filter(pk=grupo.pk).update(codigo_convite=codigo)
            return codigo

        grupo.codigo_convite = _com_codigo_unico(
            gravar, tentativas=codigos.Tentativas(), usuario=admin, acao="gerar novo código"
        )
    logger.info(
        "código de convite trocado",
        extra={"grupo": str(grupo.uuid), "por": admin.pk},  # os códigos não vão para o log
    )
    return grupo


def definir_entrada_por_codigo(*, admin, grupo: GrupoEstudo, ativa: bool) -> GrupoEstudo:
    with transaction.atomic():
        grupo = travar_grupo(grupo.pk)
        exigir_administrador(grupo, admin)
        grupo.entrada_por_codigo_ativa = ativa
        grupo.save(update_fields=["entrada_por_codigo_ativa", "atualizado_em"])
    logger.info(
        "entrada por código alterada", extra={"grupo": str(grupo.uuid), "ativa": ativa, "por": admin.pk}
    )
    return grupo


# --- modelos de grupo (semente 001) --------------------------------------------------------

_CODIGO_MANUAL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
TENTATIVAS_CODIGO_MODELO = 5

_RESTRICAO_DO_ESCOPO = {
    Escopo.GLOBAL: ("modelo_codigo_unico_global", ("codigo",)),
    Escopo.USER: ("modelo_codigo_unico_por_usuario", ("dono_id", "codigo")),
}


def _validar_codigo_manual(codigo: str) -> str:
    codigo = codigo.strip()
    if len(codigo) > MODELO_CODIGO_MAX:
        raise DadosInvalidos(f"O código do modelo pode ter no máximo {MODELO_CODIGO_MAX} caracteres.")
    if not _CODIGO_MANUAL.match(codigo):
        raise DadosInvalidos("O código do modelo só pode ter letras, números, ponto, hífen e sublinhado.")
    return codigo


def criar_modelo(
    *,
    usuario,
    escopo: str = Escopo.USER,
    codigo: str | None = None,
    gerar_codigo: bool = False,
    nome: str,
    descricao: str = "",
    privacidade: str = Privacidade.PUBLICO,
    max_membros: int = 50,
) -> ModeloGrupo:
    """Cria um modelo. Sem código (ou com gerar_codigo), gera um no formato do escopo: insere e,
    se o índice único do escopo recusar, sorteia outro — até 5 vezes. Código manual já usado no
    escopo: CodigoDeModeloEmUso (409)."""
    if escopo not in Escopo.values:
        raise DadosInvalidos("Escopo deve ser GLOBAL ou USER.")
    if escopo == Escopo.GLOBAL and not usuario.is_staff:
        raise SemPermissao("Só a equipe da Ponto.School cria modelos globais.")
    nome, descricao = _validar_dados_do_grupo(
        nome=nome, descricao=descricao, privacidade=privacidade, max_membros=max_membros
    )
    dono = None if escopo == Escopo.GLOBAL else usuario
    restricao, colunas = _RESTRICAO_DO_ESCOPO[escopo]

    def inserir(valor):
        return ModeloGrupo.objects.create(
            escopo=escopo,
            dono=dono,
            codigo=valor,
            nome=nome,
            descricao=descricao,
            privacidade=privacidade,
            max_membros=max_membros,
        )

    manual = None if gerar_codigo or not (codigo or "").strip() else _validar_codigo_manual(codigo)
    if manual is not None:
        try:
            with transaction.atomic():
                modelo = inserir(manual)
        except IntegrityError as erro:
            if not violou_restricao(erro, nome=restricao, tabela=ModeloGrupo._meta.db_table, colunas=colunas):
                raise
            raise CodigoDeModeloEmUso(
                f"Já existe um modelo com o código “{manual}”. Escolha outro."
            ) from erro
    else:

        def gerar(tentativas):
            tentativas.consumir()
            return codigos.gerar_codigo_de_modelo(escopo=escopo, identificador=usuario.email)

        try:
            modelo = codigos.inserir_com_codigo_unico(
                gerar=gerar,
                inserir=inserir,
                restricao=restricao,
                tabela=ModeloGrupo._meta.db_table,
                colunas=colunas,
                tentativas=codigos.Tentativas(TENTATIVAS_CODIGO_MODELO),
            )
        except codigos.CodigoIndisponivel as erro:
            logger.error("sem código livre para modelo", extra={"usuario": usuario.pk, "escopo": escopo})
            raise CodigoDeConviteIndisponivel(
                "Não conseguimos gerar um código para o modelo agora. Tente de novo."
            ) from erro
    logger.info(
        "modelo de grupo criado", extra={"modelo": modelo.pk, "usuario": usuario.pk, "escopo": escopo}
    )
    return modelo


def _modelo_proprio(usuario, modelo_id) -> ModeloGrupo:
    modelo = ModeloGrupo.objects.filter(pk=modelo_id, escopo=Escopo.USER, dono=usuario).first()
    if modelo is None:
        raise ModeloNaoEncontrado()
    return modelo


def atualizar_modelo(
    *, usuario, modelo_id: int, codigo: str, nome: str, descricao: str, privacidade: str, max_membros: int
) -> ModeloGrupo:
    """Edita um modelo do próprio usuário (os globais a equipe edita no admin)."""
    modelo = _modelo_proprio(usuario, modelo_id)
    nome, descricao = _validar_dados_do_grupo(
        nome=nome, descricao=descricao, privacidade=privacidade, max_membros=max_membros
    )
    modelo.codigo = _validar_codigo_manual(codigo) if (codigo or "").strip() else modelo.codigo
    modelo.nome, modelo.descricao, modelo.privacidade, modelo.max_membros = (
        nome,
        descricao,
        privacidade,
        max_membros,
    )
    restricao, colunas = _RESTRICAO_DO_ESCOPO[Escopo.USER]
    try:
        with transaction.atomic():
            modelo.save()
    except IntegrityError as erro:
        if not violou_restricao(erro, nome=restricao, tabela=ModeloGrupo._meta.db_table, colunas=colunas):
            raise
        raise CodigoDeModeloEmUso(
            f"Já existe um modelo com o código “{modelo.codigo}”. Escolha outro."
        ) from erro
    return modelo


def excluir_modelo(*, usuario, modelo_id: int) -> None:
    _modelo_proprio(usuario, modelo_id).delete()
    logger.info("modelo de grupo excluído", extra={"modelo": modelo_id, "usuario": usuario.pk})


def excluir_grupo(*, admin, grupo: GrupoEstudo) -> None:
    """Apaga o grupo (membros, pedidos, convites e bloqueios vão junto) e avisa os outros membros.

    É a saída de quem é o único administrador e não quer passar o grupo adiante.
    """
    with transaction.atomic():
        grupo = travar_grupo(grupo.pk)
        exigir_administrador(grupo, admin)
        outros = [
            p.usuario
            for p in Participacao.objects.filter(grupo=grupo).exclude(usuario=admin).select_related("usuario")
        ]
        nome, identificador = grupo.nome, str(grupo.uuid)
        grupo.delete()
        notificar(
            destinatarios=outros,
            tipo="grupo_excluido",
            texto=f"O grupo “{nome}” foi excluído por {admin.nome}.",
        )
    logger.info("grupo excluído", extra={"grupo": identificador, "por": admin.pk, "membros": len(outros)})
