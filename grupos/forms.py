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
    # Token de uso único: um duplo clique reenvia o mesmo valor e cria um grupo só.
    chave = forms.UUIDField(required=False, widget=forms.HiddenInput)

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


class ModeloForm(GrupoForm):
    codigo = forms.CharField(
        label="Código do modelo",
        required=False,
        max_length=50,
        help_text="Opcional: deixe em branco (ou marque abaixo) para gerar um automaticamente.",
    )
    gerar_codigo = forms.BooleanField(label="Gerar o código automaticamente", required=False)

    field_order = ["codigo", "gerar_codigo", "nome", "descricao", "privacidade", "max_membros"]

    def __init__(self, *args, edicao: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["chave"]
        self.fields["nome"].label = "Nome do grupo"
        if edicao:
            # Na edição, código em branco mantém o atual; não há "gerar" para não trocar sem querer.
            del self.fields["gerar_codigo"]
            self.fields["codigo"].help_text = "Deixe em branco para manter o código atual."
