import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from grupos import selectors as grupos_selectors
from grupos.codigos import normalizar_codigo
from grupos.erros import ErroGrupo, GrupoCheio
from pontoschool.erros import ErroDominio

from . import limites, services
from .erros import CodigoInvalido
from .forms import SolicitacaoForm
from .services import Situacao

logger = logging.getLogger(__name__)


def _com_retry_after(resposta, erro):
    espera = getattr(erro, "retry_after", None)
    if espera:
        resposta["Retry-After"] = str(espera)
    return resposta


def _lista_com_erro(request, texto, erro: ErroDominio, status: int):
    """A página "Grupos de Estudo" de novo, com o erro e o que foi digitado no campo."""
    contexto = {
        "participacoes": list(grupos_selectors.participacoes_do_usuario(request.user)),
        "codigo_digitado": texto,
        "erro_codigo": erro.mensagem,
    }
    return _com_retry_after(render(request, "grupos/lista.html", contexto, status=status), erro)


def _codigo_invalido(request, texto, erro: ErroDominio, status: int):
    contexto = {"codigo_digitado": texto, "erro_codigo": erro.mensagem}
    return _com_retry_after(render(request, "convites/codigo_invalido.html", contexto, status=status), erro)


def _consultar(request, texto: str, consulta):
    """Limite de tentativas + consulta + registro de acerto/falha, igual para toda porta de código.

    Devolve (resultado, None) ou (None, (erro, status)) — quem chama escolhe a página do erro.
    """
    try:
        if not limites.ja_conhecido(request, normalizar_codigo(texto)):
            limites.contar_tentativa(request)
        resultado = consulta()
    except (limites.LimiteExcedido, limites.LimiteIndisponivel) as erro:
        return None, (erro, erro.status)
    except CodigoInvalido as erro:
        limites.registrar_falha(request, texto)
        return None, (erro, erro.status)
    limites.registrar_acerto(request)
    grupo = getattr(resultado, "grupo", resultado)
    limites.lembrar_codigo(request, grupo.codigo_convite)
    return resultado, None


def _depois_de_entrar(request, resultado):
    grupo = resultado.grupo
    if resultado.situacao == Situacao.ENTROU:
        messages.success(request, f"Você entrou no grupo “{grupo.nome}”!")
        return redirect("grupos:detalhe", grupo_uuid=grupo.uuid)
    if resultado.situacao == Situacao.JA_MEMBRO:
        messages.info(request, f"Você já participa do grupo “{grupo.nome}”.")
        return redirect("grupos:detalhe", grupo_uuid=grupo.uuid)
    return redirect("convites:link_codigo", codigo=grupo.codigo_convite)


@login_required
@require_POST
def entrar_por_codigo(request):
    """O campo "Insira o código do grupo" da página Grupos de Estudo."""
    texto = request.POST.get("codigo", "")[:100]
    try:
        resultado, erro = _consultar(
            request, texto, lambda: services.entrar_por_codigo(usuario=request.user, codigo=texto)
        )
    except GrupoCheio as cheio:
        return _lista_com_erro(request, texto, cheio, cheio.status)
    if erro:
        return _lista_com_erro(request, texto, *erro)
    return _depois_de_entrar(request, resultado)


def link_codigo(request, codigo):
    """O link compartilhado /g/<CODIGO>/: prévia do grupo e o botão certo. Um GET nunca muda nada."""
    if not request.user.is_authenticated:
        return render(request, "convites/link_anonimo.html", {"proximo": request.get_full_path()})
    grupo, erro = _consultar(
        request, codigo, lambda: services.buscar_por_codigo(usuario=request.user, codigo_digitado=codigo)
    )
    if erro:
        return _codigo_invalido(request, codigo, *erro)
    contexto = {
        "grupo": grupo,
        "cheio": grupo.num_membros >= grupo.max_membros,
        "form": SolicitacaoForm(),
    }
    return render(request, "convites/previa.html", contexto)


@login_required
@require_POST
def entrar_pelo_link(request, codigo):
    try:
        resultado, erro = _consultar(
            request, codigo, lambda: services.entrar_por_codigo(usuario=request.user, codigo=codigo)
        )
    except GrupoCheio as cheio:
        messages.error(request, cheio.mensagem)
        return redirect("convites:link_codigo", codigo=codigo)
    if erro:
        return _codigo_invalido(request, codigo, *erro)
    return _depois_de_entrar(request, resultado)


@login_required
@require_POST
def solicitar(request, codigo):
    form = SolicitacaoForm(request.POST)
    if not form.is_valid():
        grupo, erro = _consultar(
            request, codigo, lambda: services.buscar_por_codigo(usuario=request.user, codigo_digitado=codigo)
        )
        if erro:
            return _codigo_invalido(request, codigo, *erro)
        contexto = {"grupo": grupo, "cheio": grupo.num_membros >= grupo.max_membros, "form": form}
        return render(request, "convites/previa.html", contexto, status=400)
    try:
        resultado, erro = _consultar(
            request,
            codigo,
            lambda: services.solicitar_participacao(
                usuario=request.user, codigo=codigo, mensagem=form.cleaned_data["mensagem"]
            ),
        )
    except ErroDominio as outro:
        messages.info(request, outro.mensagem)
        return redirect("convites:link_codigo", codigo=codigo)
    if erro:
        return _codigo_invalido(request, codigo, *erro)
    _, criou = resultado
    if criou:
        messages.success(
            request, "Solicitação enviada! Os administradores do grupo vão analisar o seu pedido."
        )
    else:
        messages.info(request, "Você já tem uma solicitação pendente para este grupo.")
    return redirect("convites:link_codigo", codigo=normalizar_codigo(codigo) or codigo)


@login_required
@require_POST
def cancelar_solicitacao(request, solicitacao_id):
    try:
        solicitacao = services.cancelar_solicitacao(usuario=request.user, solicitacao_id=solicitacao_id)
    except ErroDominio as erro:
        messages.error(request, erro.mensagem)
        return redirect("grupos:lista")
    messages.success(request, "Solicitação cancelada.")
    return redirect("convites:link_codigo", codigo=solicitacao.grupo.codigo_convite)


def _admin(request, grupo_uuid):
    participacao = grupos_selectors.participacao_do_membro(grupo_uuid=grupo_uuid, usuario=request.user)
    if participacao is None:
        raise Http404("Grupo não encontrado.")
    if not participacao.e_administrador:
        raise PermissionDenied("Só administradores do grupo podem fazer isso.")
    return participacao.grupo


def _decisao(request, grupo_uuid, acao, sucesso):
    grupo = _admin(request, grupo_uuid)
    try:
        solicitacao = acao(grupo)
    except (ErroGrupo, services.ErroConvite) as erro:
        if erro.status == 404:
            raise Http404(erro.mensagem) from erro
        messages.error(request, erro.mensagem)
    else:
        messages.success(request, sucesso(solicitacao))
    return redirect("grupos:detalhe", grupo_uuid=grupo.uuid)


@login_required
@require_POST
def aprovar(request, grupo_uuid, solicitacao_id):
    return _decisao(
        request,
        grupo_uuid,
        lambda g: services.aprovar_solicitacao(admin=request.user, grupo=g, solicitacao_id=solicitacao_id),
        lambda s: f"{s.usuario.nome} agora é membro do grupo.",
    )


@login_required
@require_POST
def recusar(request, grupo_uuid, solicitacao_id):
    return _decisao(
        request,
        grupo_uuid,
        lambda g: services.recusar_solicitacao(admin=request.user, grupo=g, solicitacao_id=solicitacao_id),
        lambda s: f"Solicitação de {s.usuario.nome} recusada.",
    )


@login_required
@require_POST
def bloquear_solicitante(request, grupo_uuid, solicitacao_id):
    return _decisao(
        request,
        grupo_uuid,
        lambda g: services.bloquear_solicitante(
            admin=request.user, grupo=g, solicitacao_id=solicitacao_id, motivo=request.POST.get("motivo", "")
        ),
        lambda _s: "Solicitação recusada e pessoa bloqueada neste grupo.",
    )
