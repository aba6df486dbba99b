from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.views.decorators.http import require_POST

from .forms import CadastroForm, EntrarForm
from .limites import espera_se_excedeu
from .models import Usuario, normalizar_email
from .services import EmailJaCadastrado, cadastrar_usuario, pedir_confirmacao_de_email
from .services import confirmar_email as confirmar_email_servico
from .tokens import gerador_de_confirmacao


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
        espera = espera_se_excedeu(request, grupo="contas-cadastro", taxa=settings.LIMITE_CADASTRO_POR_IP)
        if espera:
            form.add_error(None, _MUITAS_TENTATIVAS.format(minutos=_minutos(espera)))
            resposta = render(request, "contas/cadastro.html", {"form": form, "next": destino}, status=429)
            resposta["Retry-After"] = str(espera)
            return resposta
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


_MUITAS_TENTATIVAS = "Muitas tentativas seguidas. Aguarde {minutos} e tente de novo."


def _minutos(segundos: int) -> str:
    minutos = max(1, -(-segundos // 60))
    return "1 minuto" if minutos == 1 else f"{minutos} minutos"


class EntrarView(auth_views.LoginView):
    template_name = "contas/entrar.html"
    authentication_form = EntrarForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        email = normalizar_email(request.POST.get("username", ""))[:254]
        espera = espera_se_excedeu(request, grupo="contas-entrar-ip", taxa=settings.LIMITE_ENTRAR_POR_IP) or (
            espera_se_excedeu(
                request, grupo="contas-entrar-email", taxa=settings.LIMITE_ENTRAR_POR_EMAIL, chave=email
            )
            if email
            else None
        )
        if espera:
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, _MUITAS_TENTATIVAS.format(minutos=_minutos(espera)))
            resposta = self.render_to_response(self.get_context_data(form=form), status=429)
            resposta["Retry-After"] = str(espera)
            return resposta
        return super().post(request, *args, **kwargs)


class SairView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        resposta = super().post(request, *args, **kwargs)
        messages.info(request, "Você saiu da sua conta.")
        return resposta


def confirmar_email(request, uidb64, token):
    """O link do e-mail de confirmação. O GET só mostra o botão (leitores de link não confirmam
    nada sozinhos); o POST confirma."""
    usuario = _usuario_do_link(uidb64)
    valido = usuario is not None and gerador_de_confirmacao.check_token(usuario, token)
    if request.method == "POST" and valido:
        confirmar_email_servico(usuario=usuario)
        messages.success(request, "E-mail confirmado! Agora você pode aceitar convites pelo site.")
        return redirect("convites:meus" if request.user.is_authenticated else "contas:entrar")
    return render(request, "contas/confirmar_email.html", {"valido": valido, "usuario": usuario})


def _usuario_do_link(uidb64):
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    return Usuario.objects.filter(pk=pk).first()


@login_required
@require_POST
def reenviar_confirmacao(request):
    if request.user.email_confirmado:
        messages.info(request, "Seu e-mail já está confirmado.")
    else:
        pedir_confirmacao_de_email(usuario=request.user)
        messages.success(
            request,
            f"Enviamos um link de confirmação para {request.user.email}. Abra o e-mail e toque no link.",
        )
    return redirect(_destino_seguro(request) or "convites:meus")
