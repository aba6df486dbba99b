from django.http import JsonResponse
from django.shortcuts import redirect, render


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
