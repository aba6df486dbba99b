"""Log de acesso do gunicorn sem segredos: o caminho de um convite É o token."""

from gunicorn.glogging import Logger

from .segredos import ocultar


class LogSemSegredos(Logger):
    def atoms(self, resp, req, environ, request_time):
        valores = super().atoms(resp, req, environ, request_time)
        for chave in ("U", "r", "f"):
            if chave in valores and isinstance(valores[chave], str):
                valores[chave] = ocultar(valores[chave])
        return valores
