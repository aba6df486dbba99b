from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

from .forms import CadastroForm, EntrarForm
from .services import EmailJaCadastrado, cadastrar_usuario


def _destino_seguro(request) -> str:
    destino = request.POST.get("next") or request.GET.get("next") or ""
    if destino and url_has_allowed_host_and_scheme(
        destino, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return destino
    return ""


def cadastro(request):
    destino = _destino_seguro(request)
    if request.user.is_authenticated:
        return redirect(destino or resolve_url(settings.LOGIN_REDIRECT_URL))
    if request.method == "POST":
        form = CadastroForm(request.POST)
        if form.is_valid():
            try:
                usuario = cadastrar_usuario(
                    email=form.cleaned_data["email"],
                    nome=form.cleaned_data["nome"],
                    senha=form.cleaned_data["senha"],
                )
            except EmailJaCadastrado as erro:
                form.add_error("email", erro.mensagem)
            else:
                login(request, usuario, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, f"Bem-vindo(a), {usuario.get_short_name()}! Sua conta foi criada.")
                return redirect(destino or resolve_url(settings.LOGIN_REDIRECT_URL))
    else:
        # O link de um convite por e-mail traz o endereço convidado já preenchido.
        form = CadastroForm(initial={"email": request.GET.get("email", "")[:254]})
    return render(request, "contas/cadastro.html", {"form": form, "next": destino})


class EntrarView(auth_views.LoginView):
    template_name = "contas/entrar.html"
    authentication_form = EntrarForm
    redirect_authenticated_user = True


class SairView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        resposta = super().post(request, *args, **kwargs)
        messages.info(request, "Você saiu da sua conta.")
        return resposta
