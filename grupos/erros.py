from pontoschool.erros import ErroDominio


class ErroGrupo(ErroDominio):
    pass


class DadosInvalidos(ErroGrupo):
    codigo = "dados_invalidos"


class CodigoDeConviteIndisponivel(ErroGrupo):
    mensagem = (
        "Não conseguimos gerar um código de convite para o grupo agora. "
        "Nada foi criado — tente novamente em alguns instantes."
    )
    codigo = "codigo_indisponivel"
    status = 503
