from .models import SolicitacaoParticipacao, StatusSolicitacao


def solicitacoes_pendentes(grupo):
    return (
        SolicitacaoParticipacao.objects.filter(grupo=grupo, status=StatusSolicitacao.PENDENTE)
        .select_related("usuario")
        .order_by("criada_em", "pk")
    )
