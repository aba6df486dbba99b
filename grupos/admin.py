from django import forms
from django.contrib import admin
from django.db.models import Count

from .codigos import gerar_codigo_de_modelo, normalizar_codigo
from .models import Bloqueio, Escopo, GrupoEstudo, ModeloGrupo, Participacao


class ParticipacaoInline(admin.TabularInline):
    """Somente leitura: entradas, saídas e papéis passam pelos serviços (que garantem o limite
    de membros e que sempre reste um administrador), não por edição solta no admin."""

    model = Participacao
    extra = 0
    can_delete = False
    fields = ("usuario", "papel", "origem", "aprovado_por", "entrou_em")
    readonly_fields = fields
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(GrupoEstudo)
class GrupoEstudoAdmin(admin.ModelAdmin):
    list_display = (
        "nome",
        "codigo_convite",
        "privacidade",
        "num_membros",
        "max_membros",
        "criador",
        "criado_em",
    )
    list_filter = ("privacidade",)
    search_fields = ("nome", "codigo_convite", "criador__email", "criador__nome")
    readonly_fields = ("uuid", "codigo_convite", "criador", "criado_em", "atualizado_em")
    fields = (
        "nome",
        "descricao",
        "privacidade",
        "max_membros",
        "codigo_convite",
        "uuid",
        "criador",
        "criado_em",
        "atualizado_em",
    )
    list_select_related = ("criador",)
    inlines = [ParticipacaoInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_num_membros=Count("participacoes"))

    @admin.display(description="membros", ordering="_num_membros")
    def num_membros(self, obj):
        return obj._num_membros

    def has_add_permission(self, request):
        # Grupos nascem por criar_grupo (código único + criador administrador), pelo site.
        return False

    def get_search_results(self, request, queryset, search_term):
        resultado, duplicados = super().get_search_results(request, queryset, search_term)
        codigo = normalizar_codigo(search_term)
        if codigo:
            # "abc-d234" ou "abc d234" também acham o grupo, como no campo de entrada.
            resultado |= queryset.filter(codigo_convite=codigo)
        return resultado, duplicados


@admin.register(Bloqueio)
class BloqueioAdmin(admin.ModelAdmin):
    list_display = ("usuario", "grupo", "motivo", "bloqueado_por", "criado_em")
    search_fields = ("usuario__email", "grupo__nome", "grupo__codigo_convite")
    list_select_related = ("usuario", "grupo", "bloqueado_por")
    readonly_fields = ("grupo", "usuario", "motivo", "bloqueado_por", "criado_em")

    def has_add_permission(self, request):
        return False


class ModeloGlobalForm(forms.ModelForm):
    codigo = forms.CharField(
        label="código",
        required=False,
        max_length=50,
        help_text="Em branco: gerado automaticamente (G-<aleatório>-<carimbo>).",
    )

    class Meta:
        model = ModeloGrupo
        fields = ("codigo", "nome", "descricao", "privacidade", "max_membros")

    def clean_codigo(self):
        # Em branco vira um código novo no formato GLOBAL; a unicidade é conferida pelo
        # índice único parcial na validação do modelo, como qualquer outro código.
        return (self.cleaned_data.get("codigo") or "").strip() or gerar_codigo_de_modelo(escopo=Escopo.GLOBAL)

    def _post_clean(self):
        self.instance.escopo = Escopo.GLOBAL
        self.instance.dono = None
        super()._post_clean()


@admin.register(ModeloGrupo)
class ModeloGrupoAdmin(admin.ModelAdmin):
    """A equipe cuida dos modelos GLOBAL; os de cada usuário aparecem só para consulta."""

    form = ModeloGlobalForm
    list_display = ("nome", "codigo", "escopo", "dono", "privacidade", "max_membros")
    list_filter = ("escopo", "privacidade")
    search_fields = ("codigo", "nome", "dono__email")
    list_select_related = ("dono",)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.escopo != Escopo.GLOBAL:
            return False
        return super().has_change_permission(request, obj)
