"""Limite de tentativas de código (contra quem tenta adivinhar códigos).

Três travas, com números fixos nas settings:
- por usuário e por IP, N tentativas por minuto (django-ratelimit sobre o cache do Django);
- por conta, no máximo M falhas seguidas (NIST SP 800-63B 5.2.2) antes de uma espera.
Com REDIS_URL, as contagens valem para todos os processos. Se o cache não responde, a
tentativa é recusada (falha fechada) com uma mensagem clara — nunca um 500, nunca sem limite.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django_ratelimit.core import get_usage

from grupos.codigos import normalizar_codigo
from pontoschool.erros import ErroDominio
from pontoschool.ip import chave_de_ip, ip_do_cliente

from .erros import CodigoInvalido

logger = logging.getLogger(__name__)

GRUPO = "codigo-convite"


class LimiteExcedido(ErroDominio):
    codigo = "muitas_tentativas"
    status = 429

    def __init__(self, espera: int):
        self.retry_after = max(1, int(espera))
        minutos = -(-self.retry_after // 60)
        quando = f"{self.retry_after} segundos" if self.retry_after < 120 else f"{minutos} minutos"
        super().__init__(f"Muitas tentativas de código. Aguarde {quando} e tente de novo.")


class LimiteIndisponivel(ErroDominio):
    mensagem = "Não conseguimos verificar códigos agora. Tente de novo em alguns instantes."
    codigo = "limite_indisponivel"
    status = 503
    retry_after = 30


def _chave_falhas(usuario_id) -> str:
    return f"{GRUPO}:falhas:{usuario_id}"


def _chave_espera(usuario_id) -> str:
    return f"{GRUPO}:espera:{usuario_id}"


def contar_tentativa(request) -> None:
    """Conta uma tentativa (sempre, antes de consultar o código) ou levanta o erro do limite."""
    usuario_id = request.user.pk if request.user.is_authenticated else None
    ip = ip_do_cliente(request)
    try:
        if usuario_id is not None:
            # Espera e falhas seguidas numa ida só ao cache; lembrar se há falhas evita, no
            # acerto, um DELETE a cada código certo (o caso comum).
            estado = cache.get_many([_chave_espera(usuario_id), _chave_falhas(usuario_id)])
            request._falhas_de_codigo = bool(estado.get(_chave_falhas(usuario_id)))
            fim_da_espera = estado.get(_chave_espera(usuario_id))
            if fim_da_espera:
                raise LimiteExcedido(fim_da_espera - time.time())
        travas = [(f"ip:{chave_de_ip(ip)}", settings.LIMITE_CODIGO_POR_IP)]
        if usuario_id is not None:
            travas.insert(0, (f"usuario:{usuario_id}", settings.LIMITE_CODIGO_POR_USUARIO))
        for chave, taxa in travas:
            uso = get_usage(request, group=GRUPO, key=lambda _g, _r, c=chave: c, rate=taxa, increment=True)
            if uso is None:
                continue  # RATELIMIT_ENABLE=False
            if uso["time_left"] < 0:
                raise LimiteIndisponivel()  # o cache não devolveu a contagem
            if uso["should_limit"]:
                raise LimiteExcedido(uso["time_left"])
    except LimiteExcedido as erro:
        logger.warning(
            "tentativas de código limitadas",
            extra={"usuario": usuario_id, "ip": ip, "retry_after": erro.retry_after},
        )
        raise
    except LimiteIndisponivel:
        logger.error("limite de tentativas sem cache; recusando", extra={"usuario": usuario_id, "ip": ip})
        raise
    except Exception as erro:
        logger.exception(
            "cache do limite de tentativas falhou; recusando", extra={"usuario": usuario_id, "ip": ip}
        )
        raise LimiteIndisponivel() from erro


def registrar_falha(request, texto_digitado: str) -> None:
    usuario_id = request.user.pk
    ip = ip_do_cliente(request)
    logger.warning(
        "código inválido tentado",
        extra={"usuario": usuario_id, "ip": ip, "digitado": (texto_digitado or "")[:20]},
    )
    try:
        chave = _chave_falhas(usuario_id)
        cache.add(chave, 0, timeout=settings.LIMITE_CODIGO_JANELA_FALHAS)
        falhas = cache.incr(chave)
        if falhas >= settings.LIMITE_CODIGO_FALHAS_SEGUIDAS:
            espera = settings.LIMITE_CODIGO_ESPERA
            cache.set(_chave_espera(usuario_id), time.time() + espera, timeout=espera)
            cache.delete(chave)
            logger.warning(
                "falhas seguidas de código: conta em espera",
                extra={"usuario": usuario_id, "ip": ip, "falhas": falhas, "espera": espera},
            )
    except Exception:
        logger.exception(
            "não foi possível registrar a falha de código", extra={"usuario": usuario_id, "ip": ip}
        )


def registrar_acerto(request) -> None:
    if not getattr(request, "_falhas_de_codigo", True):
        return  # contar_tentativa já viu que não há falhas a zerar
    try:
        cache.delete(_chave_falhas(request.user.pk))
    except Exception:
        logger.exception("não foi possível zerar as falhas de código", extra={"usuario": request.user.pk})


_SESSAO_CONHECIDOS = "codigos_conhecidos"
_MAX_CONHECIDOS = 20


def ja_conhecido(request, codigo: str | None) -> bool:
    """Um código que esta sessão já abriu com sucesso não é um palpite: não gasta tentativa
    (o caminho "entrar → ver o grupo privado → pedir para entrar" abre o mesmo código várias vezes)."""
    return bool(codigo) and codigo in request.session.get(_SESSAO_CONHECIDOS, [])


def lembrar_codigo(request, codigo: str) -> None:
    if ja_conhecido(request, codigo):
        return  # sem escrita de sessão à toa
    conhecidos = [c for c in request.session.get(_SESSAO_CONHECIDOS, []) if c != codigo]
    request.session[_SESSAO_CONHECIDOS] = [*conhecidos, codigo][-_MAX_CONHECIDOS:]


def consultar_com_limite(request, texto: str, consulta, *, usar_sessao: bool = True):
    """A porta de todo uso de código (página, link, API): conta a tentativa, consulta e registra
    acerto ou falha. Levanta LimiteExcedido, LimiteIndisponivel ou CodigoInvalido.

    `usar_sessao`: as páginas não gastam tentativa com um código que a pessoa já usou num POST
    (digitou, pediu entrada); `lembrar` diz se este uso conta como tal. Um GET não lembra — assim
    abrir links não escreve a sessão no banco a cada vez. A API com JWT não tem sessão: cada
    chamada conta.
    """
    codigo = normalizar_codigo(texto)
    if not (usar_sessao and ja_conhecido(request, codigo)):
        contar_tentativa(request)
    try:
        resultado = consulta()
    except CodigoInvalido:
        registrar_falha(request, texto)
        raise
    registrar_acerto(request)
    if usar_sessao and request.method == "POST":
        lembrar_codigo(request, codigo)
    return resultado
