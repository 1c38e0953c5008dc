"""Settings for the whole project, read from the environment in this one module.

Every value has a safe development default so that ``make run`` works with no
variable set. With ``DEBUG`` off (production) the site refuses to start without a
``SECRET_KEY`` and turns on every security setting ``manage.py check --deploy`` asks for.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A developer's .env (made by `make run`, never committed) so that the README's commands
# work without exporting variables; real environment variables win over it.
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

# Development may run with a throwaway key; production must be given one.
_DEV_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable, "
            "or DEBUG=true for local development."
        )
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "reversion",
    "django_countries",
    "csp",
    "partnerships",
    "articles",
    "seeds",
    "django_tasks",
    "django_tasks_db",
    "changes",
    "webhooks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Anonymous page hits, before the layers below (articles.caching): one cache read.
    "articles.caching.PageCacheMiddleware",
    # Database down (or a statement timed out): a 503 with Retry-After, not a 500.
    "config.errors.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "config.api_middleware.ApiGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# sqlite:///db.sqlite3 is relative to the working directory; anchor it to the project.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
# Read-only traffic may go to PostgreSQL streaming replicas (config.db_router): a
# comma-separated list of URLs, each a database alias "replica_1", "replica_2"...
for _number, _url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[]), start=1):
    DATABASES[f"replica_{_number}"] = {**env.db_url_config(_url), "TEST": {"MIRROR": "default"}}
if len(DATABASES) > 1:
    DATABASE_ROUTERS = ["config.db_router.PrimaryReplicaRouter"]
    # Before anything reads: a client that just wrote reads from the primary.
    MIDDLEWARE.insert(0, "config.db_router.PrimaryPinMiddleware")
#: Seconds a client that wrote keeps reading from the primary (replication lag cover).
DATABASE_READ_YOUR_WRITES_SECONDS = env.int("DATABASE_READ_YOUR_WRITES_SECONDS", default=10)
# Every PostgreSQL query is cut off after this many milliseconds (0: never), so that a
# request its worker gave up on cannot leave a query running; the cut is a 503.
DATABASE_STATEMENT_TIMEOUT_MS = env.int("DATABASE_STATEMENT_TIMEOUT_MS", default=5000)
for _database in DATABASES.values():
    # Persistent connections on every engine: opening one per request (and, on SQLite,
    # reading the schema again) cost ~0.8 ms of each uncached page (issue 14).
    _database.setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    if _database["ENGINE"] == "django.db.backends.postgresql":
        _database.setdefault("CONN_HEALTH_CHECKS", True)
        _options = _database.setdefault("OPTIONS", {})
        _options["options"] = (
            f"{_options.get('options', '')} -c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}"
        ).strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# CACHE_URL wins; REDIS_URL is accepted as the usual name for a Redis cache.
# Without either, a per-process memory cache (fine for development and tests).
_cache_url = env.str("CACHE_URL", default="") or env.str("REDIS_URL", default="")
if _cache_url:
    CACHES = {"default": env.cache_url_config(_cache_url)}
    if CACHES["default"]["BACKEND"] in {
        "django_redis.cache.RedisCache",
        "django.core.cache.backends.redis.RedisCache",
    }:
        # django-environ names django-redis; use Django's built-in backend, made tolerant
        # of a Redis outage (config.cache: served from the database, logged once a minute).
        CACHES["default"]["BACKEND"] = "config.cache.ResilientRedisCache"
        CACHES["default"]["OPTIONS"] = {
            # A Redis that does not answer must not hold a request for long.
            "socket_connect_timeout": env.float("CACHE_TIMEOUT", default=0.5),
            "socket_timeout": env.float("CACHE_TIMEOUT", default=0.5),
        }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "defence-cms",
        }
    }
CACHE_MIDDLEWARE_SECONDS = env.int("CACHE_MIDDLEWARE_SECONDS", default=600)
# Whole anonymous pages in the cache (articles.caching); off, fragments are still cached.
PAGE_CACHE = env.bool("PAGE_CACHE", default=True)

# Content-Security-Policy (django-csp): scripts, styles, images and fonts from the site
# itself only; no inline script or style anywhere (pages, admin, API docs).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded and generated files go through Django's storage API: object storage (e.g.
# django-storages' "storages.backends.s3.S3Storage", S3-compatible) is this setting away.
_file_storage_options = {
    key: value
    for key, value in {
        "bucket_name": env.str("FILE_STORAGE_BUCKET", default=""),
        "endpoint_url": env.str("FILE_STORAGE_ENDPOINT_URL", default=""),
    }.items()
    if value
}
STORAGES = {
    "default": {
        "BACKEND": env.str(
            "FILE_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": _file_storage_options,
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGIN_URL = "admin:login"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    # JSON only: form encodings cannot carry the types the schema declares (booleans,
    # integers, lists), so the schema and the server accept exactly application/json.
    # Bodies are bounded in size (413) and depth (400), without NUL characters (400).
    "DEFAULT_PARSER_CLASSES": ["config.api_parsers.BoundedJSONParser"],
    # JSON only: DRF's browsable HTML pages need inline script and style, which the
    # Content-Security-Policy forbids; the interactive docs (/api/v1/docs/) need neither.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "config.api_errors.problem_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "config.throttling.AnonRateThrottle",
        "config.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_ANON_RATE", default="1000/hour"),
        "user": env.str("API_USER_RATE", default="10000/hour"),
        "search": env.str("SEARCH_RATE", default="60/minute"),
    },
    # The client address of a throttle is the one the last NUM_PROXIES trusted proxies saw:
    # 0 (the default) ignores X-Forwarded-For, which any client can write.
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Defence analysis CMS API",
    "DESCRIPTION": """\
Articles, subjects (topics), authors, publishers and partnership entities as JSON.

**Access.** Anonymous clients read, throttled (`API_ANON_RATE`), and see published articles
only: no draft, review, scheduled, expired or archived article reaches them through any
endpoint, filter, count or embed. Editors send `Authorization: Token <key>` (issued with
`manage.py issue_api_token USERNAME`, or in the admin under Auth Token); with the view
permission they see and may filter every status, and they write with the same permissions
as in the admin: articles are created as drafts and move through
`POST /api/v1/articles/{slug}/transition/` (publishing needs the publish permission).

**Versions.** Updates carry the `version` you read, in the body, or the ETag you read in
`If-Match`. If someone saved the object since, the answer is `409 Conflict` with
`current_version` (`412` for a stale If-Match): reload, re-apply, retry. With neither, `428`.

**Identity.** Every object has an immutable `id`, its public page `url` and its `api_url`
(by id). Details answer by id or by slug; an article's old slug answers `301`.

**Shaping.** `fields=id,title,authors.name` (sparse, nested with dots), `include=body` on
lists (a full harvest in list requests), `expand=authors,publisher,topics`.

**Sync.** Every list takes `updated_after`/`updated_before` and `ordering=updated_at`;
`/api/v1/changes/?since=<cursor>` lists every change of the catalogue in order, with
tombstones for what left public view. Webhooks (registered by editors in the admin) are
signed with HMAC-SHA256 (Standard Webhooks headers).

**Errors.** RFC 9457 `application/problem+json`: `type`, `title` (English), `status`,
`detail`, `instance`, a stable `code`, and `errors` (per parameter or field, with codes).

**Parameters.** Filters with several values mean *any of them*: repeat the parameter
(`?subject=a&subject=b`) or separate with commas (`?subject=a,b`). Unknown parameters,
unknown values (`?kind=nonsense`, `?subject=no-such-slug`), malformed dates, NUL bytes,
unknown ordering fields and out-of-range pages are a `400` whose body names the parameter.

**Pagination.** Page mode by default: `page` (1–10 000), `page_size` (1–100, default 20),
and a total `count`. Cursor mode for deep or complete walks: pass an empty `?cursor=`, then
follow `next`; it is ordered by most recently added first, has no `count`, costs the same at
any depth, and ignores `page` and `ordering`.

**Caching.** Responses carry an `ETag` and `Last-Modified`; send them back in
`If-None-Match` / `If-Modified-Since` to get `304 Not Modified`. Responses are gzipped when
accepted; `RateLimit`/`RateLimit-Policy` say what is left, `Retry-After` comes with a 429.
Anonymous responses are `public, max-age=60`; authenticated ones
`private, no-store`.
""",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets that share a field name ("kind") get distinct, readable enum names.
    "ENUM_NAME_OVERRIDES": {
        "ArticleKindEnum": "articles.models.Article.Kind",
        "AuthorKindEnum": "articles.models.Author.Kind",
        "EntityKindEnum": "partnerships.models.Entity.Kind",
        "DatePrecisionEnum": "partnerships.models.DatePrecision",
    },
}

# API clients in browsers: origins allowed by CORS (comma-separated), on /api/ only.
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_HEADERS = (
    "accept",
    "authorization",
    "content-type",
    "if-match",
    "if-none-match",
    "if-modified-since",
)
CORS_EXPOSE_HEADERS = ("ETag", "Last-Modified", "RateLimit", "RateLimit-Policy", "Retry-After")

# Background tasks (webhook deliveries): the database backend by default, so that
# `make run` needs nothing more (`manage.py db_worker` runs them); RQ on Redis when
# TASKS_REDIS_URL is set (`manage.py rqworker`).
_tasks_redis_url = env.str("TASKS_REDIS_URL", default="")
if _tasks_redis_url:
    INSTALLED_APPS.append("django_rq")
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": _tasks_redis_url}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Webhooks: hosts deliveries may go to. Loopback and private addresses are refused unless
# named here (SSRF); "*" allows any public host.
WEBHOOK_ALLOWED_HOSTS = env.list("WEBHOOK_ALLOWED_HOSTS", default=["*"])
WEBHOOK_TIMEOUT = env.float("WEBHOOK_TIMEOUT", default=10.0)
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=6)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    if not SECURE_SSL_REDIRECT:
        # Behind a TLS proxy that redirects to HTTPS itself and sets X-Forwarded-Proto
        # (SECURE_PROXY_SSL_HEADER above): Django need not redirect (README, Production).
        SILENCED_SYSTEM_CHECKS = ["security.W008"]
