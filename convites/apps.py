from django.apps import AppConfig


class ConvitesConfig(AppConfig):
    name = "convites"
    verbose_name = "Convites e entrada em grupos"

    def ready(self):
        from . import paineis  # noqa: F401 — registra os painéis da página do grupo
