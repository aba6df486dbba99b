"""Painéis que convites acrescenta à página do grupo (ver grupos/paineis.py)."""

from django.utils import timezone

from grupos.models import Privacidade
from grupos.paineis import Painel, registrar_painel

from . import selectors
from .forms import ConvidarForm, LinkDeConviteForm
from .tasks import link_do_convite


@registrar_painel
def painel_solicitacoes(*, request, participacao):
    """Solicitações pendentes, só para administradores (uma consulta, quantas forem)."""
    if not participacao.e_administrador:
        return None
    pendentes = list(selectors.solicitacoes_pendentes(participacao.grupo))
    if not pendentes and participacao.grupo.privacidade != Privacidade.PRIVADO:
        return None
    return Painel(template="convites/_painel_solicitacoes.html", dados={"solicitacoes": pendentes}, ordem=10)


@registrar_painel
def painel_convidar(*, request, participacao):
    """ "Convidar membros": administradores sempre; membros se o grupo permitir."""
    grupo = participacao.grupo
    if not (participacao.e_administrador or grupo.membros_podem_convidar):
        return None
    form = ConvidarForm(pode_convidar_admin=participacao.e_administrador)
    return Painel(template="convites/_painel_convidar.html", dados={"form": form}, ordem=20)


@registrar_painel
def painel_convites(*, request, participacao):
    """Convites pendentes e links ativos, para administradores (três consultas, quantos forem)."""
    if not participacao.e_administrador:
        return None
    grupo = participacao.grupo
    agora = timezone.now()
    pendentes = list(selectors.convites_por_email_pendentes(grupo))
    links = list(selectors.links_ativos(grupo))
    for convite in [*pendentes, *links]:
        convite.link = link_do_convite(convite)
        convite.vencido = convite.expira_em is not None and convite.expira_em <= agora
    return Painel(
        template="convites/_painel_convites.html",
        dados={"pendentes": pendentes, "links": links, "form_link": LinkDeConviteForm()},
        ordem=30,
    )
