"""A raiz das exceções de domínio: cada uma carrega a mensagem em pt-BR que o usuário vê."""


class ErroDominio(Exception):
    mensagem = "Não foi possível concluir a operação."
    # Para a API (mais tarde) e para status HTTP das páginas.
    codigo = "erro"
    status = 400

    def __init__(self, mensagem: str | None = None):
        self.mensagem = mensagem or self.mensagem
        super().__init__(self.mensagem)
