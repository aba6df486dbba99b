from django.shortcuts import redirect, render


def inicio(request):
    if request.user.is_authenticated:
        return redirect("grupos:lista")
    return render(request, "inicio.html")


def falha_csrf(request, reason=""):
    return render(request, "403_csrf.html", status=403)
