"""Uma linha por evento, em chave=valor, para stdout (fácil de buscar e de agregar)."""

import logging
import time

from .segredos import ocultar

_CAMPOS_PADRAO = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}
_SIMPLES = (str, int, float, bool, list, tuple, type(None))


def _valor(v) -> str:
    texto = str(v)
    if not texto or any(c in texto for c in ' "=\n'):
        texto = '"' + texto.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    return texto


class FormatadorChaveValor(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        instante = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
        partes = [
            f"ts={instante}.{int(record.msecs):03d}Z",
            f"nivel={record.levelname}",
            f"logger={record.name}",
            f"msg={_valor(ocultar(record.getMessage()))}",
        ]
        for chave, valor in record.__dict__.items():
            # Só valores simples: o Django anexa objetos (request, socket) cujo repr não ajuda.
            if chave not in _CAMPOS_PADRAO and not chave.startswith("_") and isinstance(valor, _SIMPLES):
                partes.append(f"{chave}={_valor(ocultar(str(valor)) if isinstance(valor, str) else valor)}")
        if record.exc_info:
            partes.append(f"exc={_valor(ocultar(self.formatException(record.exc_info)))}")
        return " ".join(partes)
