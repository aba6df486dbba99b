"""Montar e mandar um e-mail (texto + HTML) — usado por todos os apps que mandam e-mail."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def enviar_email(*, para: str, assunto: str, template: str, contexto: dict) -> None:
    """Monta texto e HTML a partir de `<template>.txt` e `<template>.html` e envia."""
    contexto = {"site_url": settings.SITE_URL, **contexto}
    assunto = " ".join(assunto.split())  # quebra de linha no assunto faz o Django recusar o envio
    texto = render_to_string(f"{template}.txt", contexto)
    html = render_to_string(f"{template}.html", contexto)
    mensagem = EmailMultiAlternatives(subject=assunto, body=texto, to=[para])
    mensagem.attach_alternative(html, "text/html")
    mensagem.send()
