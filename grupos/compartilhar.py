"""Textos e links de compartilhamento do código — montados a partir de SITE_URL."""

from urllib.parse import quote, urlencode

import segno
from django.conf import settings
from django.urls import reverse


def link_do_codigo(codigo: str) -> str:
    return settings.SITE_URL + reverse("convites:link_codigo", args=[codigo])


def mensagem_de_convite(grupo) -> str:
    return (
        f'Participe do grupo de estudo "{grupo.nome}" na Ponto.School! '
        f"Use o código {grupo.codigo_convite} ou abra o link: {link_do_codigo(grupo.codigo_convite)}"
    )


def opcoes_de_compartilhamento(grupo) -> dict:
    link = link_do_codigo(grupo.codigo_convite)
    mensagem = mensagem_de_convite(grupo)
    assunto = f"Convite para o grupo de estudo {grupo.nome}"
    return {
        "link": link,
        "mensagem": mensagem,
        "titulo": assunto,
        "whatsapp": "https://wa.me/?" + urlencode({"text": mensagem}, quote_via=quote),
        "email": "mailto:?" + urlencode({"subject": assunto, "body": mensagem}, quote_via=quote),
        "qr_svg": qr_svg(link),
    }


def qr_svg(link: str) -> str:
    """QR code do link, em SVG gerado no servidor (sem serviço externo)."""
    return segno.make(link, error="m").svg_inline(
        scale=4, border=2, title="QR code do link do grupo", dark="#000", light="#fff", omitsize=True
    )
