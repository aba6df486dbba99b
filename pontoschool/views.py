import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render

logger = logging.getLogger(__name__)


def inicio(request):
    if request.user.is_authenticated:
        return redirect("grupos:lista")
    return render(request, "inicio.html")


def falha_csrf(request, reason=""):
    return render(request, "403_csrf.html", status=403)


def _e_api(request) -> bool:
    return request.path.startswith("/api/")


def nao_encontrada(request, exception=None):
    """404 do site; na API, o mesmo formato JSON dos outros erros (URL que nem casa com rota)."""
    if _e_api(request):
        return JsonResponse({"detail": "Não encontrado.", "code": "nao_encontrado"}, status=404)
    return render(request, "404.html", status=404)


def erro_interno(request):
    if _e_api(request):
        return JsonResponse(
            {"detail": "Erro interno. Tente de novo em instantes.", "code": "erro_interno"}, status=500
        )
    return render(request, "500.html", status=500)


def saude(request):
    """Para o balanceador de carga: 200 se o banco (e o Redis, quando configurado) respondem."""
    estado, ok = {}, True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        estado["banco"] = "ok"
    except Exception:
        logger.exception("saúde: banco não respondeu")
        estado["banco"], ok = "falhou", False
    if settings.REDIS_URL:
        try:
            cache.set("saude:ping", "1", timeout=10)
            estado["redis"] = "ok" if cache.get("saude:ping") == "1" else "falhou"
        except Exception:
            logger.exception("saúde: redis não respondeu")
            estado["redis"] = "falhou"
        ok = ok and estado["redis"] == "ok"
    else:
        estado["redis"] = "não configurado"
    resposta = JsonResponse({"status": "ok" if ok else "falhou", **estado}, status=200 if ok else 503)
    resposta["Cache-Control"] = "no-store"
    return resposta
