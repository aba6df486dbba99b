import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from contas.models import normalizar_email
from grupos import selectors as grupos_selectors
from grupos.acesso import administrador_ou_403, participacao_ou_404
from grupos.codigos import normalizar_codigo
from grupos.erros import ErroGrupo, GrupoCheio
from pontoschool.erros import ErroDominio

from . import limites, selectors, services
from .erros import CodigoInvalido, ConviteInvalido, ErroConvite, ListaDeEmailsInvalida
from .forms import ConvidarForm, LinkDeConviteForm, SolicitacaoForm
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


def _consultar(request, texto: str, consulta, *, sempre_conta: bool = False):
    """Devolve (resultado, None) ou (None, (erro, status)) — quem chama escolhe a página do erro.

    `sempre_conta`: a ação gasta tentativa mesmo com um código já usado (pedir entrada avisa
    os administradores; repetir sem freio viraria spam para eles)."""
    try:
        return limites.consultar_com_limite(request, texto, consulta, usar_sessao=not sempre_conta), None
    except (limites.LimiteExcedido, limites.LimiteIndisponivel, CodigoInvalido) as erro:
        return None, (erro, erro.status)


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
            sempre_conta=True,
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
        services.cancelar_solicitacao(usuario=request.user, solicitacao_id=solicitacao_id)
    except ErroDominio as erro:
        messages.error(request, erro.mensagem)
        return redirect("grupos:lista")
    messages.success(request, "Solicitação cancelada.")
    # Para a lista, não para /g/<código atual>/: se o código foi trocado, quem pediu com o antigo
    # não pode descobrir o novo por aqui.
    return redirect("grupos:lista")


def _acao_de_admin(request, grupo_uuid, acao, sucesso, ancora: str = ""):
    """Ação de administrador: roda o serviço e volta ao grupo com a mensagem (404 se o objeto
    não é deste grupo). `sucesso` é o texto, ou uma função do resultado que devolve o texto."""
    grupo = administrador_ou_403(request, grupo_uuid).grupo
    try:
        resultado = acao(grupo)
    except (ErroGrupo, ErroConvite) as erro:
        if erro.status == 404:
            raise Http404(erro.mensagem) from erro
        messages.error(request, erro.mensagem)
    else:
        messages.success(request, sucesso(resultado) if callable(sucesso) else sucesso)
    destino = reverse("grupos:detalhe", args=[grupo.uuid])
    return redirect(f"{destino}#{ancora}" if ancora else destino)


@login_required
@require_POST
def aprovar(request, grupo_uuid, solicitacao_id):
    return _acao_de_admin(
        request,
        grupo_uuid,
        lambda g: services.aprovar_solicitacao(admin=request.user, grupo=g, solicitacao_id=solicitacao_id),
        lambda s: f"{s.usuario.nome} agora é membro do grupo.",
    )


@login_required
@require_POST
def recusar(request, grupo_uuid, solicitacao_id):
    return _acao_de_admin(
        request,
        grupo_uuid,
        lambda g: services.recusar_solicitacao(admin=request.user, grupo=g, solicitacao_id=solicitacao_id),
        lambda s: f"Solicitação de {s.usuario.nome} recusada.",
    )


@login_required
@require_POST
def bloquear_solicitante(request, grupo_uuid, solicitacao_id):
    return _acao_de_admin(
        request,
        grupo_uuid,
        lambda g: services.bloquear_solicitante(
            admin=request.user, grupo=g, solicitacao_id=solicitacao_id, motivo=request.POST.get("motivo", "")
        ),
        lambda _s: "Solicitação recusada e pessoa bloqueada neste grupo.",
    )


# --- convites por e-mail e por link --------------------------------------------------------


def _membro_que_convida(request, grupo_uuid):
    """Quem pode abrir as telas de convite: administradores, ou membros se o grupo permitir."""
    participacao = participacao_ou_404(request, grupo_uuid)
    if not (participacao.e_administrador or participacao.grupo.membros_podem_convidar):
        raise PermissionDenied("Neste grupo, só administradores podem convidar.")
    return participacao


def _revisao(request, participacao, form, *, analise=None, erro=None, status=200):
    contexto = {"grupo": participacao.grupo, "participacao": participacao, "form": form, "analise": analise}
    if erro:
        contexto["erro"] = erro
    return render(request, "convites/revisar.html", contexto, status=status)


@login_required
@require_POST
def revisar_convites(request, grupo_uuid):
    """Passo 1: a lista com a situação de cada endereço, antes de enviar qualquer coisa."""
    participacao = _membro_que_convida(request, grupo_uuid)
    form = ConvidarForm(request.POST, pode_convidar_admin=participacao.e_administrador)
    if not form.is_valid():
        return _revisao(request, participacao, form, status=400)
    try:
        analise = services.analisar_emails(grupo=participacao.grupo, emails=form.cleaned_data["emails"])
    except ListaDeEmailsInvalida as erro:
        return _revisao(request, participacao, form, erro=erro.mensagem, status=erro.status)
    return _revisao(request, participacao, form, analise=analise)


@login_required
@require_POST
def enviar_convites(request, grupo_uuid):
    """Passo 2: cria os convites (a situação é conferida de novo) e enfileira os e-mails."""
    participacao = _membro_que_convida(request, grupo_uuid)
    grupo = participacao.grupo
    form = ConvidarForm(request.POST, pode_convidar_admin=participacao.e_administrador)
    if not form.is_valid():
        return _revisao(request, participacao, form, status=400)
    try:
        resultado = services.convidar_por_email(
            quem=request.user,
            grupo=grupo,
            emails=form.cleaned_data["emails"],
            papel=form.cleaned_data["papel"],
        )
    except (ErroGrupo, ErroConvite) as erro:
        if erro.status == 403:
            raise PermissionDenied(erro.mensagem) from erro
        return _revisao(request, participacao, form, erro=erro.mensagem, status=erro.status)
    messages.success(request, _resumo_do_lote(resultado))
    return redirect(f"{reverse('grupos:detalhe', args=[grupo.uuid])}#convites")


def _resumo_do_lote(resultado) -> str:
    analise = resultado.analise
    situacao = services.SituacaoEmail
    n = len(resultado.convites)
    partes = [
        f"{n} convite{'s' if n != 1 else ''} enviado{'s' if n != 1 else ''}" if n else "Nenhum convite novo"
    ]
    for chave, singular, plural in (
        (situacao.JA_MEMBRO, "já era membro", "já eram membros"),
        (situacao.CONVITE_PENDENTE, "já tinha convite pendente", "já tinham convite pendente"),
        (situacao.REPETIDO, "repetido", "repetidos"),
        (situacao.INVALIDO, "inválido", "inválidos"),
        (situacao.BLOQUEADO, "não pode ser convidado", "não podem ser convidados"),
    ):
        if quantos := analise.contar(chave):
            partes.append(f"{quantos} {singular if quantos == 1 else plural}")
    return "; ".join(partes) + "."


@login_required
@require_POST
def cancelar_convite(request, grupo_uuid, convite_uuid):
    return _acao_de_admin(
        request,
        grupo_uuid,
        lambda g: services.cancelar_convite(admin=request.user, grupo=g, convite_uuid=convite_uuid),
        "Convite cancelado: o link dele não funciona mais.",
        ancora="convites",
    )


@login_required
@require_POST
def reenviar_convite(request, grupo_uuid, convite_uuid):
    return _acao_de_admin(
        request,
        grupo_uuid,
        lambda g: services.reenviar_convite(admin=request.user, grupo=g, convite_uuid=convite_uuid),
        "Convite reenviado com um link novo; o link anterior não funciona mais.",
        ancora="convites",
    )


@login_required
@require_POST
def criar_link(request, grupo_uuid):
    grupo = administrador_ou_403(request, grupo_uuid).grupo
    form = LinkDeConviteForm(request.POST)
    if not form.is_valid():
        erros = "; ".join(e for lista in form.errors.values() for e in lista)
        messages.error(request, f"Não foi possível criar o link: {erros}")
        return redirect(f"{reverse('grupos:detalhe', args=[grupo.uuid])}#links")
    dados = form.cleaned_data
    return _acao_de_admin(
        request,
        grupo_uuid,
        lambda g: services.criar_link_de_convite(
            admin=request.user,
            grupo=g,
            papel=dados["papel"],
            validade_dias=services.VALIDADES_DE_LINK[dados["validade"] or ""],
            max_usos=dados["max_usos"],
        ),
        "Link de convite criado. Copie e compartilhe.",
        ancora="links",
    )


@login_required
@require_POST
def permitir_convites_de_membros(request, grupo_uuid):
    permitir = request.POST.get("permitir") == "1"
    return _acao_de_admin(
        request,
        grupo_uuid,
        lambda g: services.alterar_membros_podem_convidar(admin=request.user, grupo=g, permitir=permitir),
        "Agora os membros também podem convidar." if permitir else "Agora só administradores podem convidar.",
        ancora="convites",
    )


def _pagina_do_convite(request, token, *, erro=None, status=200):
    try:
        convite = services.convite_pelo_token(token)
    except ConviteInvalido as invalido:
        return render(request, "convites/convite_invalido.html", {"mensagem": invalido.mensagem}, status=404)
    contexto = {"convite": convite, "token": token, "proximo": request.path, "erro": erro}
    if request.user.is_authenticated:
        contexto["de_outra_pessoa"] = convite.tipo == "email" and convite.email != normalizar_email(
            request.user.email
        )
        contexto["ja_membro"] = grupos_selectors.participacao_do_membro(
            grupo_uuid=convite.grupo.uuid, usuario=request.user
        )
    return render(request, "convites/convite.html", contexto, status=status)


def convite(request, token):
    """A página do convite: grupo, quem convidou e o papel, com Aceitar e Recusar. Um GET nunca
    aceita nem gasta nada (leitores de link e prévias de mensageiros abrem links sozinhos)."""
    return _pagina_do_convite(request, token)


def _responder(request, acao, *, token=None, convite_uuid=None):
    try:
        return acao(usuario=request.user, token=token, convite_uuid=convite_uuid), None
    except (ErroGrupo, ErroConvite) as erro:
        return None, erro


def _depois_de_aceitar(request, resultado, erro, *, voltar):
    if erro is None:
        grupo = resultado.grupo
        if resultado.situacao == Situacao.ENTROU:
            messages.success(request, f"Convite aceito! Você agora participa do grupo “{grupo.nome}”.")
        else:
            messages.info(request, f"Você já participa do grupo “{grupo.nome}”.")
        return redirect("grupos:detalhe", grupo_uuid=grupo.uuid)
    if isinstance(erro, ConviteInvalido):
        return render(request, "convites/convite_invalido.html", {"mensagem": erro.mensagem}, status=404)
    messages.error(request, erro.mensagem)
    return voltar()


@login_required
@require_POST
def aceitar(request, token):
    resultado, erro = _responder(request, services.aceitar_convite, token=token)
    return _depois_de_aceitar(
        request, resultado, erro, voltar=lambda: redirect("convites:convite", token=token)
    )


@login_required
@require_POST
def recusar_convite(request, token):
    _, erro = _responder(request, services.recusar_convite, token=token)
    if erro is not None:
        if isinstance(erro, ConviteInvalido):
            return render(request, "convites/convite_invalido.html", {"mensagem": erro.mensagem}, status=404)
        messages.error(request, erro.mensagem)
        return redirect("convites:convite", token=token)
    messages.info(request, "Convite recusado.")
    return redirect("grupos:lista")


@login_required
def meus(request):
    return render(request, "convites/meus.html", {"convites": list(selectors.meus_convites(request.user))})


@login_required
@require_POST
def aceitar_meu(request, convite_uuid):
    resultado, erro = _responder(request, services.aceitar_convite, convite_uuid=convite_uuid)
    return _depois_de_aceitar(request, resultado, erro, voltar=lambda: redirect("convites:meus"))


@login_required
@require_POST
def recusar_meu(request, convite_uuid):
    _, erro = _responder(request, services.recusar_convite, convite_uuid=convite_uuid)
    if erro is not None:
        messages.error(request, erro.mensagem)
    else:
        messages.info(request, "Convite recusado.")
    return redirect("convites:meus")
