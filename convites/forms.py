from django import forms

from .models import MENSAGEM_MAX


class SolicitacaoForm(forms.Form):
    mensagem = forms.CharField(
        label="O que você quer estudar?",
        required=False,
        max_length=MENSAGEM_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MENSAGEM_MAX}),
        help_text="Opcional: uma mensagem curta para os administradores do grupo.",
    )
