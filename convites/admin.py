from django.contrib import admin

from .models import Convite, SolicitacaoParticipacao, UsoConvite


class SomenteLeitura(admin.ModelAdmin):
    """Para a equipe consultar: mudanças passam pelos serviços (limite, avisos, auditoria)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SolicitacaoParticipacao)
class SolicitacaoAdmin(SomenteLeitura):
    list_display = ("usuario", "grupo", "status", "criada_em", "decidida_em", "decidida_por")
    list_filter = ("status",)
    search_fields = ("usuario__email", "grupo__nome", "grupo__codigo_convite")
    list_select_related = ("usuario", "grupo", "decidida_por")


class UsoInline(admin.TabularInline):
    model = UsoConvite
    extra = 0
    can_delete = False
    fields = ("usuario", "usado_em")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Convite)
class ConviteAdmin(SomenteLeitura):
    list_display = (
        "grupo",
        "tipo",
        "email",
        "papel",
        "status",
        "usos",
        "max_usos",
        "expira_em",
        "email_enviado_em",
    )
    list_filter = ("tipo", "status", "papel")
    search_fields = ("email", "grupo__nome", "grupo__codigo_convite", "uuid")
    list_select_related = ("grupo",)
    exclude = ("sal", "token_hash")
    inlines = [UsoInline]
