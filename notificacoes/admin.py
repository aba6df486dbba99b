from django.contrib import admin

from .models import Notificacao


@admin.register(Notificacao)
class NotificacaoAdmin(admin.ModelAdmin):
    list_display = (
        "destinatario",
        "tipo",
        "texto",
        "criada_em",
        "lida_em",
        "email_enviado_em",
        "email_tentativas",
    )
    list_filter = ("tipo",)
    search_fields = ("destinatario__email", "texto")
    list_select_related = ("destinatario",)
    readonly_fields = [f.name for f in Notificacao._meta.fields]

    def has_add_permission(self, request):
        return False
