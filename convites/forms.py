from django import forms

from grupos.models import Papel

from .models import MENSAGEM_MAX


class SolicitacaoForm(forms.Form):
    mensagem = forms.CharField(
        label="O que você quer estudar?",
        required=False,
        max_length=MENSAGEM_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MENSAGEM_MAX}),
        help_text="Opcional: uma mensagem curta para os administradores do grupo.",
    )


class ConvidarForm(forms.Form):
    emails = forms.CharField(
        label="E-mails",
        max_length=20000,
        widget=forms.Textarea(
            attrs={"rows": 4, "placeholder": "ana@exemplo.com, bruno@exemplo.com", "autocapitalize": "none"}
        ),
        help_text="Até 50 endereços, separados por vírgula, espaço ou uma linha cada.",
        error_messages={"required": "Informe pelo menos um e-mail."},
    )
    papel = forms.ChoiceField(label="Entram como", choices=Papel.choices, initial=Papel.MEMBRO)

    def __init__(self, *args, pode_convidar_admin: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not pode_convidar_admin:
            self.fields["papel"].choices = [(Papel.MEMBRO, Papel.MEMBRO.label)]


class LinkDeConviteForm(forms.Form):
    papel = forms.ChoiceField(
        label="Quem usar o link entra como", choices=Papel.choices, initial=Papel.MEMBRO
    )
    validade = forms.ChoiceField(
        label="Validade",
        choices=[("1", "1 dia"), ("7", "7 dias"), ("30", "30 dias"), ("", "Sem validade")],
        initial="7",
        required=False,
    )
    max_usos = forms.IntegerField(
        label="Máximo de usos",
        required=False,
        min_value=1,
        max_value=1000,
        help_text="Em branco: sem limite (o limite de membros do grupo continua valendo).",
        error_messages={"invalid": "Informe um número inteiro."},
    )
