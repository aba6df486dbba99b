from pontoschool.erros import ErroDominio

# A mensagem exata da especificação. Serve a todo caso em que o código não leva a um grupo
# (malformado, inexistente, entrada desativada, pessoa bloqueada): quem tenta não distingue.
MENSAGEM_CODIGO_INVALIDO = "Código inválido ou grupo não encontrado. Verifique o código e tente novamente."


class ErroConvite(ErroDominio):
    pass


class CodigoInvalido(ErroConvite):
    mensagem = MENSAGEM_CODIGO_INVALIDO
    codigo = "codigo_invalido"
    status = 404


class SolicitacaoNaoEncontrada(ErroConvite):
    mensagem = "Esta solicitação não existe mais ou já foi decidida."
    codigo = "solicitacao_nao_encontrada"
    status = 404


class GrupoNaoEPrivado(ErroConvite):
    mensagem = "Este grupo é público: basta entrar pelo código."
    codigo = "grupo_publico"
    status = 409
