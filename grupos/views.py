import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from . import selectors, services
from .acesso import administrador_ou_403, participacao_ou_404
from .compartilhar import opcoes_de_compartilhamento
from .erros import CodigoDeConviteIndisponivel, DadosInvalidos, ErroGrupo, FormularioJaUsado
from .forms import GrupoForm, ModeloForm
from .models import Papel
from .paineis import paineis_do_grupo


def _executar(request, acao, sucesso: str) -> bool:
    """Roda um serviço; erro de domínio vira mensagem (ou 404/403 quando é sobre acesso)."""
    try:
        acao()
    except ErroGrupo as erro:
        if erro.status == 404:
            raise Http404(erro.mensagem) from erro
        if erro.status == 403:
            raise PermissionDenied(erro.mensagem) from erro
        messages.error(request, erro.mensagem)
        return False
    messages.success(request, sucesso)
    return True


@login_required
def lista(request):
    participacoes = list(selectors.participacoes_do_usuario(request.user))
    return render(request, "grupos/lista.html", {"participacoes": participacoes})


@login_required
def novo(request):
    if request.method == "POST":
        form = GrupoForm(request.POST)
        if form.is_valid():
            dados = dict(form.cleaned_data)
            chave = dados.pop("chave")
            try:
                grupo = services.criar_grupo(criador=request.user, chave_criacao=chave, **dados)
            except FormularioJaUsado as erro:
                # Uma chave nova: o próximo envio deste formulário cria outro grupo.
                novos_dados = request.POST.copy()
                novos_dados["chave"] = str(uuid.uuid4())
                form = GrupoForm(novos_dados)
                form.is_valid()
                form.add_error(None, erro.mensagem)
            except DadosInvalidos as erro:
                form.add_error(None, erro.mensagem)
            except CodigoDeConviteIndisponivel as erro:
                contexto = {"form": form, "erro_grave": erro.mensagem}
                return render(request, "grupos/novo.html", contexto, status=erro.status)
            else:
                messages.success(
                    request, f"Grupo “{grupo.nome}” criado! Compartilhe o código para chamar a turma."
                )
                return redirect("grupos:detalhe", grupo_uuid=grupo.uuid)
    else:
        form = GrupoForm(initial={"chave": uuid.uuid4(), **_padroes_do_modelo(request)})
    return render(request, "grupos/novo.html", {"form": form})


def _padroes_do_modelo(request) -> dict:
    """ "Criar grupo a partir deste modelo": os campos do modelo (global ou meu) preenchidos."""
    modelo_id = request.GET.get("modelo", "")
    if not (modelo_id.isascii() and modelo_id.isdigit()) or len(modelo_id) > 18:
        return {}
    modelo = selectors.modelos_visiveis(request.user).filter(pk=int(modelo_id)).first()
    if modelo is None:
        return {}
    return {
        "nome": modelo.nome,
        "descricao": modelo.descricao,
        "privacidade": modelo.privacidade,
        "max_membros": modelo.max_membros,
    }


# --- modelos de grupo ----------------------------------------------------------------------


@login_required
def modelos(request):
    return render(request, "grupos/modelos.html", {"modelos": list(selectors.modelos_visiveis(request.user))})


def _salvar_modelo(request, form, salvar):
    if form.is_valid():
        dados = dict(form.cleaned_data)
        try:
            salvar(dados)
        except ErroGrupo as erro:
            form.add_error("codigo" if erro.codigo == "codigo_em_uso" else None, erro.mensagem)
        else:
            return True
    return False


@login_required
def novo_modelo(request):
    form = ModeloForm(request.POST or None)
    if request.method == "POST" and _salvar_modelo(
        request, form, lambda d: services.criar_modelo(usuario=request.user, **d)
    ):
        messages.success(request, "Modelo criado.")
        return redirect("grupos:modelos")
    return render(request, "grupos/modelo_form.html", {"form": form, "titulo": "Novo modelo de grupo"})


@login_required
def editar_modelo(request, modelo_id):
    modelo = selectors.modelos_visiveis(request.user).filter(pk=modelo_id, dono=request.user).first()
    if modelo is None:
        raise Http404("Modelo não encontrado.")
    inicial = {c: getattr(modelo, c) for c in ("codigo", "nome", "descricao", "privacidade", "max_membros")}
    form = ModeloForm(request.POST or None, initial=inicial, edicao=True)
    if request.method == "POST" and _salvar_modelo(
        request,
        form,
        lambda d: services.atualizar_modelo(
            usuario=request.user,
            modelo_id=modelo.pk,
            **d,
        ),
    ):
        messages.success(request, "Modelo atualizado.")
        return redirect("grupos:modelos")
    return render(
        request, "grupos/modelo_form.html", {"form": form, "titulo": f"Editar modelo “{modelo.nome}”"}
    )


@login_required
@require_POST
def excluir_modelo(request, modelo_id):
    try:
        services.excluir_modelo(usuario=request.user, modelo_id=modelo_id)
    except ErroGrupo as erro:
        raise Http404(erro.mensagem) from erro
    messages.success(request, "Modelo excluído.")
    return redirect("grupos:modelos")


@login_required
def detalhe(request, grupo_uuid):
    participacao = participacao_ou_404(request, grupo_uuid)
    grupo = participacao.grupo
    compartilhar = opcoes_de_compartilhamento(grupo)
    compartilhar["qr_svg"] = mark_safe(compartilhar["qr_svg"])  # noqa: S308 — SVG do segno, sem entrada do usuário
    contexto = {
        "grupo": grupo,
        "participacao": participacao,
        "membros": selectors.membros_do_grupo(grupo),
        "compartilhar": compartilhar,
        "paineis": paineis_do_grupo(request=request, participacao=participacao),
    }
    if participacao.e_administrador:
        contexto["bloqueios"] = selectors.bloqueios_do_grupo(grupo)
    return render(request, "grupos/detalhe.html", contexto)


@login_required
@require_POST
def sair(request, grupo_uuid):
    participacao = participacao_ou_404(request, grupo_uuid)
    grupo = participacao.grupo
    if _executar(
        request,
        lambda: services.sair_do_grupo(usuario=request.user, grupo=grupo),
        f"Você saiu do grupo “{grupo.nome}”.",
    ):
        return redirect("grupos:lista")
    return redirect("grupos:detalhe", grupo_uuid=grupo.uuid)


@login_required
@require_POST
def remover_membro(request, grupo_uuid, participacao_id):
    grupo = administrador_ou_403(request, grupo_uuid).grupo
    _executar(
        request,
        lambda: services.remover_membro(admin=request.user, grupo=grupo, participacao_id=participacao_id),
        "Membro removido do grupo.",
    )
    return redirect("grupos:detalhe", grupo_uuid=grupo.uuid)


def _alterar_papel(request, grupo_uuid, participacao_id, papel, sucesso):
    grupo = administrador_ou_403(request, grupo_uuid).grupo
    _executar(
        request,
        lambda: services.alterar_papel(
            admin=request.user, grupo=grupo, participacao_id=participacao_id, papel=papel
        ),
        sucesso,
    )
    return redirect("grupos:detalhe", grupo_uuid=grupo.uuid)


@login_required
@require_POST
def promover(request, grupo_uuid, participacao_id):
    return _alterar_papel(
        request, grupo_uuid, participacao_id, Papel.ADMINISTRADOR, "Membro promovido a administrador."
    )


@login_required
@require_POST
def rebaixar(request, grupo_uuid, participacao_id):
    return _alterar_papel(
        request, grupo_uuid, participacao_id, Papel.MEMBRO, "Administrador rebaixado a membro."
    )


@login_required
@require_POST
def bloquear_membro(request, grupo_uuid, participacao_id):
    grupo = administrador_ou_403(request, grupo_uuid).grupo
    alvo = selectors.membros_do_grupo(grupo).filter(pk=participacao_id).first()
    if alvo is None:
        raise Http404("Essa pessoa não faz parte do grupo.")
    _executar(
        request,
        lambda: services.bloquear_usuario(
            admin=request.user, grupo=grupo, usuario=alvo.usuario, motivo=request.POST.get("motivo", "")
        ),
        f"{alvo.usuario.nome} foi removido(a) e bloqueado(a) neste grupo.",
    )
    return redirect("grupos:detalhe", grupo_uuid=grupo.uuid)


@login_required
@require_POST
def desbloquear(request, grupo_uuid, bloqueio_id):
    grupo = administrador_ou_403(request, grupo_uuid).grupo
    _executar(
        request,
        lambda: services.desbloquear_usuario(admin=request.user, grupo=grupo, bloqueio_id=bloqueio_id),
        "Bloqueio removido. A pessoa pode voltar a entrar pelo código.",
    )
    return redirect("grupos:detalhe", grupo_uuid=grupo.uuid)


@login_required
@require_POST
def gerar_novo_codigo(request, grupo_uuid):
    grupo = administrador_ou_403(request, grupo_uuid).grupo
    try:
        grupo = services.gerar_novo_codigo(admin=request.user, grupo=grupo)
    except CodigoDeConviteIndisponivel as erro:
        messages.error(request, erro.mensagem)
    else:
        messages.success(
            request, f"Novo código gerado: {grupo.codigo_convite}. O código anterior não funciona mais."
        )
    return redirect("grupos:detalhe", grupo_uuid=grupo.uuid)


def _definir_entrada_por_codigo(request, grupo_uuid, *, ativa: bool, sucesso: str):
    grupo = administrador_ou_403(request, grupo_uuid).grupo
    _executar(
        request,
        lambda: services.definir_entrada_por_codigo(admin=request.user, grupo=grupo, ativa=ativa),
        sucesso,
    )
    return redirect("grupos:detalhe", grupo_uuid=grupo.uuid)


@login_required
@require_POST
def desativar_codigo(request, grupo_uuid):
    return _definir_entrada_por_codigo(
        request,
        grupo_uuid,
        ativa=False,
        sucesso="Entrada por código desativada. Ninguém entra pelo código até você ativá-la de novo.",
    )


@login_required
@require_POST
def ativar_codigo(request, grupo_uuid):
    return _definir_entrada_por_codigo(request, grupo_uuid, ativa=True, sucesso="Entrada por código ativada.")


@login_required
@require_POST
def excluir(request, grupo_uuid):
    grupo = administrador_ou_403(request, grupo_uuid).grupo
    if request.POST.get("confirmacao", "").strip() != grupo.nome:
        messages.error(request, "Para excluir, digite o nome do grupo exatamente como aparece no título.")
        return redirect("grupos:detalhe", grupo_uuid=grupo.uuid)
    nome = grupo.nome
    if _executar(
        request,
        lambda: services.excluir_grupo(admin=request.user, grupo=grupo),
        f"O grupo “{nome}” foi excluído.",
    ):
        return redirect("grupos:lista")
    return redirect("grupos:detalhe", grupo_uuid=grupo.uuid)
