"""O módulo do código de convite: gerar, normalizar e garantir unicidade.

Puro onde dá (sem HTTP); o acesso ao banco se limita a consultar o índice único de
`grupos_estudo.codigo_convite`. O alfabeto, o comprimento e o limite de tentativas vêm
das settings para que os testes possam forçar colisões.
"""

import logging
import re
import secrets
import time

from django.conf import settings
from django.db import IntegrityError, transaction

from pontoschool.db import violou_restricao

logger = logging.getLogger(__name__)

ALFABETO = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
COMPRIMENTO = 7

# Só aceitamos ASCII: "ſ".upper() == "S" e "ı".upper() == "I" em Python, e um código
# digitado com eles não pode virar um código válido por acidente.
_SEPARADORES = str.maketrans("", "", " -\t\r\n\u00a0")


class CodigoIndisponivel(Exception):
    """Nenhum código livre depois do número máximo de tentativas (o espaço está cheio
    demais ou o gerador está quebrado): é um problema de operação, não do usuário."""

    def __init__(self, tentativas: int):
        super().__init__(f"Nenhum código de convite livre após {tentativas} tentativas.")
        self.tentativas = tentativas


def alfabeto() -> str:
    return getattr(settings, "CODIGO_CONVITE_ALFABETO", ALFABETO)


def comprimento() -> int:
    return getattr(settings, "CODIGO_CONVITE_COMPRIMENTO", COMPRIMENTO)


def max_tentativas() -> int:
    return getattr(settings, "CODIGO_CONVITE_MAX_TENTATIVAS", 20)


def gerar_string_aleatoria(comprimento: int, caracteres: str) -> str:
    """Uma string de `comprimento` caracteres sorteados de `caracteres` com `secrets`."""
    if comprimento <= 0 or not caracteres:
        raise ValueError("comprimento deve ser positivo e caracteres não pode ser vazio")
    return "".join(secrets.choice(caracteres) for _ in range(comprimento))


def normalizar_codigo(texto: str | None) -> str | None:
    """O código como está guardado, ou None se o texto não pode ser um código.

    Apara, remove espaços e hífens (quem digita "abc-d234" ou "ABC D234" quis o mesmo
    código), converte para maiúsculas e valida comprimento e alfabeto.
    """
    if not texto or not texto.isascii():
        return None
    candidato = texto.strip().translate(_SEPARADORES).upper()
    if len(candidato) != comprimento() or any(c not in alfabeto() for c in candidato):
        return None
    return candidato


def codigo_existe(codigo: str) -> bool:
    """Consulta pelo índice único de `codigo_convite` (um index scan, nada mais)."""
    from .models import GrupoEstudo

    return GrupoEstudo.objects.filter(codigo_convite=codigo).exists()


class Tentativas:
    """Orçamento de sorteios compartilhado pela consulta e pelas reinserções."""

    def __init__(self, limite: int | None = None):
        self.limite = limite if limite is not None else max_tentativas()
        self.usadas = 0

    def consumir(self) -> None:
        if self.usadas >= self.limite:
            raise CodigoIndisponivel(self.limite)
        self.usadas += 1


def gerar_codigo_unico_grupo(*, existe=None, tentativas: Tentativas | None = None) -> str:
    """O laço da especificação: sorteia, consulta o índice e devolve o primeiro livre.

    Cada sorteio gasta uma tentativa; esgotado o orçamento, levanta CodigoIndisponivel
    em vez de girar para sempre. A consulta não basta contra corridas — quem insere
    (`inserir_com_codigo_unico`) também trata a violação do índice único.
    """
    existe = existe or codigo_existe
    tentativas = tentativas or Tentativas()
    while True:
        tentativas.consumir()
        codigo_tentativa = gerar_string_aleatoria(comprimento(), alfabeto())
        if not existe(codigo_tentativa):
            return codigo_tentativa
        logger.info("código de convite já existe; sorteando outro", extra={"tentativa": tentativas.usadas})


def inserir_com_codigo_unico(
    *, gerar, inserir, restricao: str, tabela: str, colunas: tuple[str, ...], tentativas: Tentativas
):
    """Insere com um código novo; se o índice único recusar, sorteia outro e tenta de novo.

    Entre a consulta e o INSERT outro processo pode ter gravado o mesmo código (READ
    COMMITTED não impede isso); só o índice único decide. O INSERT roda num savepoint para
    que a violação não estrague a transação de quem chamou. `gerar(tentativas)` gasta do
    mesmo orçamento, então o laço sempre termina.
    """
    while True:
        codigo = gerar(tentativas)
        try:
            with transaction.atomic():
                return inserir(codigo)
        except IntegrityError as erro:
            if not violou_restricao(erro, nome=restricao, tabela=tabela, colunas=colunas):
                raise
            logger.warning(
                "colisão de código no índice único; sorteando outro",
                extra={"restricao": restricao, "tentativa": tentativas.usadas},
            )


# --- códigos de modelos de grupo (semente 001): outro formato, o mesmo laço -----------------

BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"
MODELO_ALEATORIO = 5
MODELO_MAXIMO = 50


def _em_base36(numero: int) -> str:
    digitos = ""
    while True:
        numero, resto = divmod(numero, 36)
        digitos = BASE36[resto] + digitos
        if numero == 0:
            return digitos


def fragmento_de_usuario(identificador: str) -> str:
    """O identificador do usuário em minúsculas, só com [a-z0-9-] (o e-mail perde '@' e '.')."""
    return re.sub(r"[^a-z0-9-]", "", (identificador or "").lower())


def gerar_codigo_de_modelo(
    *, escopo: str, identificador: str | None = None, agora: float | None = None
) -> str:
    """GLOBAL: G-<aleatório base36>-<carimbo base36>; USER: U-<fragmento>-<aleatório>-<carimbo>.

    O carimbo (segundos desde 1970 em base 36) reduz colisões entre sorteios de momentos
    diferentes; o aleatório vem de `gerar_string_aleatoria`. No máximo 50 caracteres.
    """
    aleatorio = gerar_string_aleatoria(MODELO_ALEATORIO, BASE36)
    carimbo = _em_base36(int(agora if agora is not None else time.time()))
    if escopo == "GLOBAL":
        return f"G-{aleatorio}-{carimbo}"
    fixo = len("U---") + len(aleatorio) + len(carimbo)
    fragmento = fragmento_de_usuario(identificador or "")[: MODELO_MAXIMO - fixo].strip("-") or "u"
    return f"U-{fragmento}-{aleatorio}-{carimbo}"
