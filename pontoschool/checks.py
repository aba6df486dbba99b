"""Verificações de implantação (`manage.py check --deploy`) que o Django não tem."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.caches, deploy=True)
def cache_compartilhado_em_producao(app_configs, **kwargs):
    # Sem Redis, cada processo conta as tentativas de código sozinho: o limite multiplica.
    if not settings.DEBUG and not settings.REDIS_URL:
        return [
            checks.Error(
                "Em produção defina REDIS_URL: os limites de tentativas de código precisam de um cache "
                "compartilhado por todos os processos.",
                id="pontoschool.E001",
            )
        ]
    return []


@checks.register(checks.Tags.security, deploy=True)
def site_url_com_https(app_configs, **kwargs):
    if not settings.DEBUG and not settings.SITE_URL.startswith("https://"):
        return [
            checks.Warning(
                "SITE_URL deveria começar com https:// em produção (links de convite vão por e-mail).",
                id="pontoschool.W001",
            )
        ]
    return []


@checks.register(checks.Tags.security, deploy=True)
def sem_rotas_de_benchmark(app_configs, **kwargs):
    if settings.ROTAS_DE_BENCHMARK:
        return [
            checks.Error(
                "ROTAS_DE_BENCHMARK está ligada: /bench/busca/ procura códigos sem login nem limite. "
                "Desligue em produção.",
                id="pontoschool.E002",
            )
        ]
    return []
