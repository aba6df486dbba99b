"""Os "denominadores" do benchmark HTTP: só existem com ROTAS_DE_BENCHMARK=true.

- vazio: uma view que não faz nada (o custo de Django + gunicorn sozinhos);
- busca: a mesma consulta indexada de /g/<CODIGO>/, sem autenticação, sessão ou template.
"""

from django.http import HttpResponse, JsonResponse

from grupos.codigos import normalizar_codigo
from grupos.models import GrupoEstudo


def vazio(request):
    return HttpResponse("ok")


def busca(request, codigo):
    normalizado = normalizar_codigo(codigo)
    grupo = (
        GrupoEstudo.objects.filter(codigo_convite=normalizado).values("uuid", "nome").first()
        if normalizado
        else None
    )
    if grupo is None:
        return JsonResponse({"encontrado": False}, status=404)
    return JsonResponse({"encontrado": True, "nome": grupo["nome"]})
