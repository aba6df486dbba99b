from pontoschool.erros import ErroDominio


class ErroGrupo(ErroDominio):
    pass


class DadosInvalidos(ErroGrupo):
    codigo = "dados_invalidos"


class FormularioJaUsado(DadosInvalidos):
    codigo = "formulario_ja_usado"


class CodigoDeConviteIndisponivel(ErroGrupo):
    mensagem = (
        "Não conseguimos gerar um código de convite para o grupo agora. "
        "Nada foi criado — tente novamente em alguns instantes."
    )
    codigo = "codigo_indisponivel"
    status = 503


class SemPermissao(ErroGrupo):
    mensagem = "Só administradores do grupo podem fazer isso."
    codigo = "sem_permissao"
    status = 403


class MembroNaoEncontrado(ErroGrupo):
    mensagem = "Essa pessoa não faz parte do grupo."
    codigo = "nao_encontrado"
    status = 404


class GrupoCheio(ErroGrupo):
    mensagem = "Este grupo já atingiu o limite de membros."
    codigo = "grupo_cheio"
    status = 409


class UltimoAdministrador(ErroGrupo):
    mensagem = "O grupo precisa de pelo menos um administrador. Promova outro membro antes."
    codigo = "ultimo_administrador"
    status = 409


class UsuarioBloqueado(ErroGrupo):
    mensagem = "Esta pessoa está bloqueada neste grupo."
    codigo = "bloqueado"
    status = 403


class OperacaoInvalida(ErroGrupo):
    codigo = "operacao_invalida"
    status = 400


class CodigoDeModeloEmUso(ErroGrupo):
    mensagem = "Já existe um modelo com este código. Escolha outro."
    codigo = "codigo_em_uso"
    status = 409


class ModeloNaoEncontrado(ErroGrupo):
    mensagem = "Modelo não encontrado."
    codigo = "nao_encontrado"
    status = 404
