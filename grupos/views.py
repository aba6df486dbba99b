from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe

from . import selectors, services
from .compartilhar import opcoes_de_compartilhamento
from .erros import CodigoDeConviteIndisponivel, DadosInvalidos
from .forms import GrupoForm


def _participacao_ou_404(request, grupo_uuid):
    """A única porta para ver um grupo: quem não é membro recebe 404, sem pista nenhuma."""
    participacao = selectors.participacao_do_membro(grupo_uuid=grupo_uuid, usuario=request.user)
    if participacao is None:
        raise Http404("Grupo não encontrado.")
    return participacao


@login_required
def lista(request):
    participacoes = list(selectors.participacoes_do_usuario(request.user))
    return render(request, "grupos/lista.html", {"participacoes": participacoes})


@login_required
def novo(request):
    if request.method == "POST":
        form = GrupoForm(request.POST)
        if form.is_valid():
            try:
                grupo = services.criar_grupo(criador=request.user, **form.cleaned_data)
            except DadosInvalidos as erro:
                form.add_error(None, erro.mensagem)
            except CodigoDeConviteIndisponivel as erro:
                return render(
                    request,
                    "grupos/novo.html",
                    {"form": form, "erro_grave": erro.mensagem},
                    status=erro.status,
                )
            else:
                messages.success(
                    request, f"Grupo “{grupo.nome}” criado! Compartilhe o código para chamar a turma."
                )
                return redirect("grupos:detalhe", grupo_uuid=grupo.uuid)
    else:
        form = GrupoForm()
    return render(request, "grupos/novo.html", {"form": form})


@login_required
def detalhe(request, grupo_uuid):
    participacao = _participacao_ou_404(request, grupo_uuid)
    grupo = participacao.grupo
    compartilhar = opcoes_de_compartilhamento(grupo)
    compartilhar["qr_svg"] = mark_safe(compartilhar["qr_svg"])  # noqa: S308 — SVG gerado pelo segno, sem entrada do usuário
    return render(
        request,
        "grupos/detalhe.html",
        {
            "grupo": grupo,
            "participacao": participacao,
            "membros": selectors.membros_do_grupo(grupo),
            "compartilhar": compartilhar,
        },
    )
