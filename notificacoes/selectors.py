from .models import Notificacao


def contar_nao_lidas(usuario) -> int:
    return Notificacao.objects.filter(destinatario=usuario, lida_em__isnull=True).count()


def notificacoes_do_usuario(usuario):
    return Notificacao.objects.filter(destinatario=usuario).order_by("-criada_em", "-pk")
