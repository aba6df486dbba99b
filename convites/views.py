from django.shortcuts import render

from grupos.codigos import normalizar_codigo


def link_codigo(request, codigo):
    """O link compartilhado (/g/<CODIGO>/): explica como entrar; um GET nunca muda nada."""
    return render(request, "convites/link_codigo.html", {"codigo": normalizar_codigo(codigo) or ""})
