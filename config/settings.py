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
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "reversion",
    "django_countries",
    "partnerships",
    "articles",
    "seeds",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
    if _database["ENGINE"] == "django.db.backends.postgresql":
        _database.setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
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
    if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
        # django-environ names django-redis; use Django's built-in backend instead.
        CACHES["default"]["BACKEND"] = "django.core.cache.backends.redis.RedisCache"
        CACHES["default"].pop("OPTIONS", None)
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "defence-cms",
        }
    }
CACHE_MIDDLEWARE_SECONDS = env.int("CACHE_MIDDLEWARE_SECONDS", default=600)

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
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_ANON_RATE", default="1000/hour"),
        "user": env.str("API_USER_RATE", default="10000/hour"),
    },
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

**Versions.** Updates carry the `version` you read, in the body. If someone saved the
article since, the answer is `409 Conflict` with `current_version`: reload, re-apply, retry.

**Parameters.** Filters with several values mean *any of them*: repeat the parameter
(`?subject=a&subject=b`) or separate with commas (`?subject=a,b`). Unknown parameters,
unknown values (`?kind=nonsense`, `?subject=no-such-slug`), malformed dates, NUL bytes,
unknown ordering fields and out-of-range pages are a `400` whose body names the parameter.

**Pagination.** Page mode by default: `page` (1–10 000), `page_size` (1–100, default 20),
and a total `count`. Cursor mode for deep or complete walks: pass an empty `?cursor=`, then
follow `next`; it is ordered by most recently added first, has no `count`, costs the same at
any depth, and does not combine with `page` or `ordering`.

**Caching.** Responses carry an `ETag`; send it back in `If-None-Match` to get
`304 Not Modified`. Anonymous responses are `public, max-age=60`; authenticated ones
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
