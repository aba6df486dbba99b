from django.shortcuts import redirect, render


def inicio(request):
    if request.user.is_authenticated:
        return redirect("grupos:lista")
    return render(request, "inicio.html")
