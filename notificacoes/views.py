from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import selectors, services

POR_PAGINA = 50


@login_required
def lista(request):
    pagina = Paginator(selectors.notificacoes_do_usuario(request.user), POR_PAGINA).get_page(
        request.GET.get("pagina")
    )
    return render(request, "notificacoes/lista.html", {"pagina": pagina})


@login_required
@require_POST
def abrir(request, notificacao_id):
    """Abrir uma notificação a marca como lida e leva ao link dela (só links do próprio site)."""
    notificacao = services.marcar_como_lida(usuario=request.user, notificacao_id=notificacao_id)
    if notificacao is None:
        messages.error(request, "Notificação não encontrada.")
        return redirect("notificacoes:lista")
    if notificacao.link and url_has_allowed_host_and_scheme(notificacao.link, allowed_hosts=None):
        return redirect(notificacao.link)
    return redirect("notificacoes:lista")


@login_required
@require_POST
def marcar_lida(request, notificacao_id):
    if services.marcar_como_lida(usuario=request.user, notificacao_id=notificacao_id) is None:
        messages.error(request, "Notificação não encontrada.")
    return redirect("notificacoes:lista")


@login_required
@require_POST
def marcar_todas(request):
    if services.marcar_todas_como_lidas(usuario=request.user):
        messages.success(request, "Todas as notificações foram marcadas como lidas.")
    return redirect("notificacoes:lista")
