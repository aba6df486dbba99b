"""Configuração do gunicorn (produção). Tudo ajustável pelo ambiente.

Medido nestas máquinas (2 núcleos): mais workers síncronos que núcleos deixa mais lento.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Reciclar workers de vez em quando evita que um vazamento lento cresça para sempre.
max_requests = 2000
max_requests_jitter = 200
# Só confia em X-Forwarded-* vindos destes endereços (o proxy na frente).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# O caminho de um convite é o próprio token: o log de acesso o troca por <token>.
logger_class = "pontoschool.gunicorn_logs.LogSemSegredos"
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Uma linha chave=valor por requisição, como o resto dos logs.
access_log_format = (
    'ts=%(t)s nivel=INFO logger=gunicorn.acesso metodo=%(m)s caminho="%(U)s" status=%(s)s '
    'bytes=%(B)s duracao_ms=%(M)s ip=%(h)s agente="%(a)s"'
)
