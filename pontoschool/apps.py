from django.apps import AppConfig


class PontoSchoolConfig(AppConfig):
    name = "pontoschool"
    verbose_name = "Ponto.School"

    def ready(self):
        from . import checks  # noqa: F401 — registra as verificações de implantação
