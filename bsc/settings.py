"""Settings, all read from the environment.

With nothing set the app runs on the embedded default: SQLite under var/, Celery tasks run
eagerly in process, e-mail written to files under var/mail/. DATABASE_URL, REDIS_URL and
EMAIL_URL switch to PostgreSQL, Redis and SMTP.
"""

import os
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))

DEVELOPMENT_SECRET_KEY = "development-only-secret-key-never-use-in-production-0123456789"


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw in ("1", "true", "True", "yes"):
        return True
    if raw in ("0", "false", "False", "no"):
        return False
    raise ImproperlyConfigured(f"{name} must be true/false (or 1/0), not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY: the development key is refused when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Links in e-mails follow the port `make run PORT=…` serves on, unless SITE_URL says otherwise.
SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{env_int('PORT', 8000)}").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    "bsc",
    "collaboratives",
    "centers",
    "pdsa",
    "metrics",
]

# The domain apps, left to right in the order their dependencies point.
BSC_APPS = ["collaboratives", "centers", "pdsa", "metrics"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: the profile language comes first.
    "bsc.i18n.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "bsc.middleware.UserTimezoneMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bsc.urls"
WSGI_APPLICATION = "bsc.wsgi.application"

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
                "django.template.context_processors.i18n",
                "bsc.context_processors.portal",
                "collaboratives.schedule.context_processors.current_phase",
            ],
            "builtins": [
                "django.templatetags.i18n",
                "bsc.templatetags.dates",
                "collaboratives.templatetags.framework_text",
            ],
        },
    }
]

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    # Health checks: a connection kept across requests is tested before reuse, so a restart
    # of PostgreSQL costs one reconnect instead of a 500 on every worker's next request.
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(VAR_DIR / "db.sqlite3")),
            "OPTIONS": {"timeout": 20},
        }
    }
# `make bench` (BENCH=1) rebuilds its own database on each run, never the one in use:
# var/bench.sqlite3, or DATABASE_URL's server with "_bench" added to the database name.
BENCH = env_bool("BENCH", False)
if BENCH:
    if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        DATABASES["default"]["NAME"] = str(VAR_DIR / "bench.sqlite3")
    else:
        DATABASES["default"]["NAME"] = f"{DATABASES['default']['NAME']}_bench"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "bsc.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3
INVITATION_MAX_AGE_DAYS = env_int("INVITATION_MAX_AGE_DAYS", 14)

# Brute-force protection: lock an e-mail address (from any address) after repeated failures.
# Not by IP address: a center's staff, or a whole Learning Session on the venue's Wi-Fi, share
# one address, and a few people's typos must not lock everyone out. axes warns about that
# choice (axes.W006); it is deliberate, so the warning is silenced below.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "bsc.accounts.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# The public application (no account): posts per client address per hour, and whether the
# first X-Forwarded-For address is the client's (only behind a proxy that sets it).
SELECTION_POSTS_PER_HOUR = env_int("SELECTION_POSTS_PER_HOUR", 30)
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", False)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date style, one date-time style and the number format per language (bsc/formats/).
FORMAT_MODULE_PATH = ["bsc.formats"]
LANGUAGE_COOKIE_NAME = "bsc_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))


def object_storage(url: str) -> dict:
    """Uploads and built reports in an S3-compatible bucket, e.g.
    STORAGE_URL=s3://KEY:SECRET@minio:9000/bsc-media?region=us-east-1&secure=false (AWS_* set
    the same options). Private objects, short-lived signed URLs: nothing is public; pages
    stream files through their tenancy checks (bsc.uploads.serve_upload)."""
    parsed = urlparse(url)
    if parsed.scheme != "s3":
        raise ImproperlyConfigured("STORAGE_URL must start with s3://")
    query = dict(item.split("=", 1) for item in parsed.query.split("&") if "=" in item)
    secure = query.get("secure", "true").lower() not in ("0", "false", "no")
    endpoint = ""
    if parsed.hostname:
        port = f":{parsed.port}" if parsed.port else ""
        endpoint = f"{'https' if secure else 'http'}://{parsed.hostname}{port}"
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": parsed.path.strip("/"),
            "endpoint_url": endpoint or None,
            "access_key": unquote(parsed.username or "") or None,
            "secret_key": unquote(parsed.password or "") or None,
            "region_name": query.get("region") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
            "addressing_style": query.get("addressing", "path"),
        },
    }


STORAGE_URL = env_str("STORAGE_URL")
if not STORAGE_URL and env_str("AWS_STORAGE_BUCKET_NAME"):
    _endpoint = urlparse(env_str("AWS_S3_ENDPOINT_URL") or "")
    STORAGE_URL = "s3://{key}:{secret}@{host}/{bucket}?region={region}&secure={secure}".format(
        key=quote(env_str("AWS_ACCESS_KEY_ID") or "", safe=""),
        secret=quote(env_str("AWS_SECRET_ACCESS_KEY") or "", safe=""),
        host=_endpoint.netloc,
        bucket=env_str("AWS_STORAGE_BUCKET_NAME"),
        region=env_str("AWS_S3_REGION_NAME") or "",
        secure="false" if _endpoint.scheme == "http" else "true",
    )

STORAGES = {
    "default": (
        object_storage(STORAGE_URL)
        if STORAGE_URL
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# E-mail: files under var/mail by default, SMTP with EMAIL_URL=smtp://user:pass@host:port.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "BSC <no-reply@bsc.local>")
EMAIL_URL = env_str("EMAIL_URL")
if EMAIL_URL:
    _email = urlparse(EMAIL_URL)
    if _email.scheme not in ("smtp", "smtps", "submission"):
        raise ImproperlyConfigured("EMAIL_URL must start with smtp://, smtps:// or submission://")
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email.hostname or "localhost"
    EMAIL_PORT = _email.port or (465 if _email.scheme == "smtps" else 587)
    EMAIL_HOST_USER = unquote(_email.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email.password or "")
    EMAIL_USE_SSL = _email.scheme == "smtps"
    EMAIL_USE_TLS = _email.scheme == "submission"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
# An SMTP server that stops answering must not hold a notification's lease forever.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
# How long a sender owns a claimed notification; longer than one send can take (EMAIL_TIMEOUT).
NOTIFICATION_LEASE_SECONDS = env_int("NOTIFICATION_LEASE_SECONDS", 300)

# Celery: eager in process unless a broker is configured.
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that enqueues must not wait for a broker that is down: one short connection
# attempt, no retries (kombu's default sleeps 2 s per retry). The database row is the truth;
# the periodic dispatcher picks up whatever the broker did not take. The worker's own
# consumer reconnects through broker_connection_retry, which these options do not touch.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 0.5,
    "max_retries": 0,
    "interval_start": 0,
    "interval_step": 0.1,
    "interval_max": 0.1,
}
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    "send-due-notifications": {
        "task": "bsc.tasks.send_due_notifications",
        "schedule": env_int("DISPATCH_INTERVAL_SECONDS", 300),
    },
    # Hourly, so each collaborative's draft comes early on its own first working day.
    "build-monthly-newsletters": {
        "task": "metrics.newsletter.tasks.build_monthly_newsletters",
        "schedule": 3600,
    },
}


def redis_cache(location: str) -> dict:
    """The cache only saves work: with Redis down a read is a miss and a write is dropped, so
    pages compute what they show instead of answering 500; short timeouts keep a hung Redis
    from holding a request."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": location,
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": 0.25,
            "SOCKET_TIMEOUT": 0.25,
            "IGNORE_EXCEPTIONS": True,
        },
    }


CACHES = {
    "default": (
        redis_cache(REDIS_URL)
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

REST_FRAMEWORK = {
    # Token first: an anonymous or bad-token call gets 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON nested too deep is a 400, not a RecursionError.
    "DEFAULT_PARSER_CLASSES": [
        "bsc.api_parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "bsc.api.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "bsc.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "BSC platform API",
    "DESCRIPTION": "Collaboratives, centers, memberships and the work of a Breakthrough Series "
    "Collaborative. Every endpoint applies the same permission rules as the pages.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "CenterRoleEnum": "collaboratives.membership.models.Membership.CenterRole",
        "EventKindEnum": "collaboratives.schedule.models.Event.Kind",
        "PostKindEnum": "pdsa.board.models.Post.Kind",
        "ApplicationStatusEnum": "centers.selection.models.Application.Status",
        "ApplicationDecisionEnum": "centers.selection.models.Application.Decision",
    },
}

# Security headers; `manage.py check --deploy` passes with DEBUG off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^healthz/live$"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# `make loadtest` (LOADTEST=1): its processes serve a database of their own, DATABASE_URL's
# name with "_loadtest" added, rebuilt on each run; the bench's baseline page is served
# next to the project's pages, each response tells how many queries it made, and the cache
# keys and the task queue carry the run so nothing of an earlier run (same ids, other data),
# nor anyone else's tasks on the same Redis, is read or consumed.
LOADTEST = env_bool("LOADTEST", False)
if LOADTEST:
    if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        raise ImproperlyConfigured("The load test needs PostgreSQL: set DATABASE_URL.")
    DATABASES["default"]["NAME"] = f"{DATABASES['default']['NAME']}_loadtest"
    ROOT_URLCONF = "bsc.bench_urls"
    MIDDLEWARE = ["bsc.loadtest.middleware.QueryCountHeader", *MIDDLEWARE]
    CACHES["default"]["KEY_PREFIX"] = f"loadtest-{env_str('LOADTEST_RUN', 'run')}"
    CELERY_TASK_DEFAULT_QUEUE = f"loadtest-{env_str('LOADTEST_RUN', 'run')}"
    # Its uploads and report PDFs, emptied with its database on each run.
    MEDIA_ROOT = VAR_DIR / "loadtest-media"
    # Hashed names as in production, without the pre-compressed copies (minutes of brotli on
    # the API documentation's bundles): the journeys read pages, not static files.
    STATIC_ROOT = VAR_DIR / "loadtest-static"
    STORAGES["staticfiles"] = {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
        )
    }
