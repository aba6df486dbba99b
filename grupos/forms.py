from django import forms
from django.conf import settings

from .models import Privacidade
from .services import NOME_MAX, limites_max_membros


class GrupoForm(forms.Form):
    nome = forms.CharField(label="Nome do grupo", max_length=NOME_MAX)
    descricao = forms.CharField(
        label="Descrição",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Opcional: o que o grupo estuda, quando se encontra.",
    )
    privacidade = forms.ChoiceField(
        label="Privacidade",
        choices=Privacidade.choices,
        initial=Privacidade.PUBLICO,
        widget=forms.RadioSelect,
        help_text="Público: quem tem o código entra direto. Privado: quem tem o código pede para entrar.",
    )
    max_membros = forms.IntegerField(label="Limite de membros")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        minimo, maximo = limites_max_membros()
        campo = self.fields["max_membros"]
        campo.min_value, campo.max_value = minimo, maximo
        campo.initial = settings.GRUPO_MAX_MEMBROS_PADRAO
        campo.help_text = f"Entre {minimo} e {maximo}."
        campo.widget.attrs.update(min=minimo, max=maximo, inputmode="numeric")
        campo.validators.clear()
        campo.error_messages.update(
            invalid="Informe um número inteiro.",
        )

    def clean_nome(self):
        nome = " ".join(self.cleaned_data["nome"].split())
        if not nome:
            raise forms.ValidationError("Informe o nome do grupo.")
        return nome

    def clean_max_membros(self):
        valor = self.cleaned_data["max_membros"]
        minimo, maximo = limites_max_membros()
        if not minimo <= valor <= maximo:
            raise forms.ValidationError(f"O limite de membros deve estar entre {minimo} e {maximo}.")
        return valor
