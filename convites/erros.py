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


class ConviteInvalido(ErroConvite):
    # FE04: desconhecido, expirado, cancelado ou já usado — a mesma mensagem para todos.
    mensagem = (
        "Este convite não é mais válido (pode ter expirado, sido cancelado ou já usado). "
        "Peça um novo convite a um administrador do grupo."
    )
    codigo = "convite_invalido"
    status = 404


class ConviteDeOutraPessoa(ErroConvite):
    mensagem = (
        "Este convite foi enviado para outro endereço de e-mail. "
        "Entre com a conta do e-mail que recebeu o convite."
    )
    codigo = "convite_de_outra_pessoa"
    status = 403


class ConviteNaoEncontrado(ErroConvite):
    mensagem = "Este convite não existe mais ou já foi respondido."
    codigo = "convite_nao_encontrado"
    status = 404


class ListaDeEmailsInvalida(ErroConvite):
    codigo = "lista_invalida"
    status = 400


class LimiteDeConvites(ErroConvite):
    codigo = "limite_de_membros"
    status = 409

    def __init__(self, vagas: int):
        self.vagas = max(0, vagas)
        plural = "pessoa" if self.vagas == 1 else "pessoas"
        prefixo = "O grupo não tem mais vagas. " if self.vagas == 0 else ""
        super().__init__(f"{prefixo}Só é possível convidar mais {self.vagas} {plural}.")


class EmailNaoConfirmado(ErroConvite):
    mensagem = (
        "Confirme seu e-mail para aceitar ou recusar convites por aqui: abra o link de confirmação que "
        "enviamos (ou peça um novo). Você também pode usar o link que veio no e-mail do convite."
    )
    codigo = "email_nao_confirmado"
    status = 403
