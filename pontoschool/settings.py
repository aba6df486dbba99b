"""Configuração do Ponto.School — tudo vem do ambiente (ou de um `.env` opcional).

Cada variável está descrita no README; os valores padrão servem ao desenvolvimento local
(`make run`). Em produção, `DEBUG=false` exige SECRET_KEY, ALLOWED_HOSTS e SITE_URL.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=True)

_CHAVE_DE_DESENVOLVIMENTO = "somente-para-desenvolvimento-nao-use-em-producao-3f9c1b7e2d"
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Defina SECRET_KEY (obrigatória com DEBUG=false).")
    SECRET_KEY = _CHAVE_DE_DESENVOLVIMENTO

SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Defina ALLOWED_HOSTS (obrigatória com DEBUG=false).")

# Endereço público do site: links de e-mail, QR code e compartilhamento nascem daqui,
# nunca do cabeçalho Host da requisição (que o cliente controla).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not SITE_URL:
    raise ImproperlyConfigured("Defina SITE_URL (obrigatória com DEBUG=false).")

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "pontoschool.views.falha_csrf"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "django_ratelimit",
    "rest_framework",
    "rest_framework_simplejwt",  # instalado como app para as mensagens de erro virem em pt-BR
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "pontoschool",
    "contas",
    "notificacoes",
    "grupos",
    "convites",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "pontoschool.middleware.MetodoNaoPermitidoAmigavel",
]

ROOT_URLCONF = "pontoschool.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notificacoes.context_processors.contadores",
                "convites.context_processors.contadores",
            ],
        },
    },
]

WSGI_APPLICATION = "pontoschool.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE: cada atomic pega o lock de escrita ao começar, então o servidor de
    # desenvolvimento serializa as escritas em vez de falhar com "database is locked".
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
else:
    # Conexões persistentes: sem elas uma view de uma consulta cai a ~6% da vazão.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "contas.Usuario"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "contas:entrar"
LOGIN_REDIRECT_URL = "grupos:lista"
LOGOUT_REDIRECT_URL = "inicio"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "pt-br"
TIME_ZONE = "America/Sao_Paulo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Cache: Redis quando REDIS_URL existe (contagens de tentativas compartilhadas entre
# processos); senão memória local, que só vale para um processo (desenvolvimento).
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# django-ratelimit conhece só os backends de cache de terceiros: o RedisCache do próprio
# Django gera W001 ("não suportado oficialmente"), mas incr/add são atômicos no Redis e
# os testes `redis` provam a contagem entre processos. LocMemCache gera E003 ("não
# compartilhado"): é o padrão de desenvolvimento com um processo só; produção usa REDIS_URL
# (a verificação `pontoschool.E001` de `check --deploy` cobra isso).
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001", "django_ratelimit.E003"]

# IP do cliente: REMOTE_ADDR, a menos que se declare quantos proxies confiáveis há na frente.
PROXIES_CONFIAVEIS = env.int("PROXIES_CONFIAVEIS", default=0)
RATELIMIT_IP_META_KEY = "pontoschool.ip.ip_do_cliente"
RATELIMIT_FAIL_OPEN = False

# Tentativas de código de convite (números fixos; ver convites/limites.py).
LIMITE_CODIGO_POR_USUARIO = env("LIMITE_CODIGO_POR_USUARIO", default="10/m")
LIMITE_CODIGO_POR_IP = env("LIMITE_CODIGO_POR_IP", default="60/m")
LIMITE_CODIGO_FALHAS_SEGUIDAS = env.int("LIMITE_CODIGO_FALHAS_SEGUIDAS", default=100)
LIMITE_CODIGO_JANELA_FALHAS = 24 * 3600
LIMITE_CODIGO_ESPERA = env.int("LIMITE_CODIGO_ESPERA", default=15 * 60)
# Entrar e se cadastrar (contra força bruta de senha e contas criadas em massa).
LIMITE_ENTRAR_POR_IP = env("LIMITE_ENTRAR_POR_IP", default="30/m")
LIMITE_ENTRAR_POR_EMAIL = env("LIMITE_ENTRAR_POR_EMAIL", default="10/m")
LIMITE_CADASTRO_POR_IP = env("LIMITE_CADASTRO_POR_IP", default="10/h")

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# API (issue 5): JWT para os apps, sessão para o navegador; um formato de erro só.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.excecoes.tratar_excecao",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACESSO_MINUTOS", default=15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_RENOVACAO_DIAS", default=7)),
    "AUTH_HEADER_TYPES": ("Bearer",),
    "UPDATE_LAST_LOGIN": True,
}
IDEMPOTENCIA_HORAS = 24
SPECTACULAR_SETTINGS = {
    "TITLE": "Ponto.School — API de Grupos de Estudo",
    "VERSION": "1.0.0",
    "DESCRIPTION": (BASE_DIR / "docs" / "api.md").read_text(encoding="utf-8"),
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",  # arquivos locais (drf-spectacular-sidecar): a página funciona offline
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "PapelEnum": ["admin", "member"],
        "PrivacidadeEnum": ["public", "private"],
        "EscopoEnum": ["GLOBAL", "USER"],
        "TipoDeConviteEnum": ["email", "link"],
        "ResultadoDaEntradaEnum": ["joined", "already_member", "requires_approval"],
        "SituacaoDaSolicitacaoEnum": ["pending", "approved", "rejected", "cancelled"],
        "SituacaoDoConviteEnum": ["pending", "accepted", "rejected", "cancelled", "expired"],
        "SituacaoDoEmailEnum": [
            "invited",
            "already_member",
            "already_invited",
            "invalid",
            "duplicate",
            "not_allowed",
        ],
        "OrigemEnum": ["creator", "code", "approved_request", "invite"],
    },
}

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.console.EmailBackend"
        if DEBUG
        else "django.core.mail.backends.smtp.EmailBackend"
    ),
)
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
# Só para o backend de arquivo (filebased): a pasta onde cada e-mail vira um .log.
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / "artefatos" / "emails"))
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# Reenvio de e-mail que falhou: até N tentativas, com espera de base·5^(n-1) segundos.
EMAIL_MAX_TENTATIVAS = env.int("EMAIL_MAX_TENTATIVAS", default=5)
EMAIL_ESPERA_BASE_SEGUNDOS = env.int("EMAIL_ESPERA_BASE_SEGUNDOS", default=60)
EMAIL_RESERVA_MINUTOS = 10  # uma reserva de envio mais velha que isso é de um worker que morreu
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Ponto.School <nao-responda@pontoschool.com.br>")

# Código de convite: parâmetros em settings para que os testes forcem colisões.
CODIGO_CONVITE_ALFABETO = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODIGO_CONVITE_COMPRIMENTO = 7
CODIGO_CONVITE_MAX_TENTATIVAS = env.int("CODIGO_CONVITE_MAX_TENTATIVAS", default=20)

# Convites: validade padrão dos convites por e-mail e tamanho máximo de um lote.
CONVITE_VALIDADE_DIAS = env.int("CONVITE_VALIDADE_DIAS", default=7)
CONVITE_MAX_EMAILS_POR_LOTE = 50
# Um aviso aos administradores por pessoa e grupo nesse intervalo (pedir/cancelar/pedir de novo).
AVISO_DE_SOLICITACAO_HORAS = env.int("AVISO_DE_SOLICITACAO_HORAS", default=1)

# Rotas de comparação do benchmark HTTP (bench/vistas.py). Só `make bench` liga.
ROTAS_DE_BENCHMARK = env.bool("ROTAS_DE_BENCHMARK", default=False)

GRUPO_MAX_MEMBROS_PADRAO = 50
GRUPO_MAX_MEMBROS_LIMITE = 500

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"chave_valor": {"()": "pontoschool.logs.FormatadorChaveValor"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "chave_valor"}},
    "root": {"handlers": ["stdout"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}

if not DEBUG:
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    # O balanceador de carga testa /saude/ por http interno, sem passar pelo redirecionamento.
    SECURE_REDIRECT_EXEMPT = [r"^saude/$"]
    if PROXIES_CONFIAVEIS:
        # Só confiamos em X-Forwarded-Proto quando há um proxy nosso na frente.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
