"""Settings for the Participatieportaal, read from the environment.

One module for every environment: the embedded default (SQLite, eager Celery,
local-memory cache) needs no variables at all; production sets them. See
``.env.example`` for the full list.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env is convenient on a developer machine; real environments set variables.
env_file = env.str("ENV_FILE", default=str(BASE_DIR / ".env"))
if env_file and Path(env_file).is_file():
    environ.Env.read_env(env_file)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(a long random string) before starting with DEBUG off."
        )
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 - only with DEBUG on

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Widgets render through the project's templates too, so templates/admin/widgets/ can give the admin's split
# date/time inputs their labels.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "axes",
    "csp",
    # Two-step login (TOTP with backup codes) for every staff account: models and checks from django-otp,
    # the pages are the portal's own (participatie/accounts/).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "participatie",
    # Domain apps, in the order their demo data builds on each other.
    "roadmap",
    "surveys",
    "panels",
    "feedback",
    "activities",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Logs an account out after SESSION_IDLE_MINUTES idle or SESSION_ABSOLUTE_HOURS in all (residents have none).
    "participatie.accounts.middleware.SessionTimeoutMiddleware",
    # request.user.is_verified(): whether this session passed the second step (django-otp).
    "django_otp.middleware.OTPMiddleware",
    # An account that needs two steps reaches no page but public ones until it passed them.
    "participatie.accounts.middleware.TwoFactorRequiredMiddleware",
    # Lets services record the client address of a logged-in user's request in the audit trail (participatie/audit.py).
    "participatie.audit.AuditOriginMiddleware",
    # A data-entry account (invoerder) sees only its entry and interview pages (surveys/fieldwork/middleware.py).
    "surveys.fieldwork.middleware.EntryOnlyMiddleware",
    # Cache-Control: no-store for logged-in users and the resident's own answers (participatie/middleware.py).
    "participatie.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy on every response (django-csp; the policy is CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    # Last, so it sees the outcome of authentication (django-axes requirement).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "participatie.urls"
WSGI_APPLICATION = "participatie.wsgi.application"

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
                "participatie.context_processors.portal",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves one developer; a busy timeout avoids "database is locked"
    # when runserver and a management command write at the same moment.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "participatie.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out client before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Lockout after repeated failed logins (django-axes): per account and address, so a
# stranger cannot lock a colleague out from elsewhere.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The calm lockout page with the minutes to wait (participatie/accounts/views.py).
AXES_LOCKOUT_CALLABLE = "participatie.accounts.views.lockout_response"
AXES_VERBOSE = False
# The login form posts the e-mail address as "username" (Django's AuthenticationForm).
AXES_USERNAME_FORM_FIELD = "username"
# The client's address behind the reverse proxy, for the lockout and the rate limits alike.
AXES_CLIENT_IP_CALLABLE = "participatie.client.client_address"

# Sessions of accounts (residents have none and are never logged out): ended after this many minutes without a
# request, and this many hours after logging in whatever happens (participatie/accounts/middleware.py).
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_ABSOLUTE_HOURS = env.float("SESSION_ABSOLUTE_HOURS", default=12)
# The name the authenticator app shows beside the six-digit code.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Participatieportaal")

# Password-reset e-mails (participatie/ratelimit.py): at most this many per e-mail address and per
# client address within the window (seconds); past it a calm message, and no e-mail.
PASSWORD_RESET_RATE = {"per_email": 3, "per_client": 10, "window": 3600}

# Reverse proxies whose X-Forwarded-For is believed (addresses or networks), e.g. 127.0.0.1 when
# nginx runs on the same machine. Empty: only REMOTE_ADDR counts (participatie/client.py).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

# The portal speaks Dutch to everyone: no LocaleMiddleware, so a phone set to English does not get
# English buttons around Dutch questions (and pages keep lang="nl" truthfully). English stays in
# LANGUAGES for developers' tools and a future choice.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "participatie" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and env.bool("STATIC_MANIFEST", default=True)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploads: refuse large bodies before they reach a view.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "sent-emails"))
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Participatieportaal <noreply@participatieportaal.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Redis: broker, result backend and cache. Unset means the embedded mode: tasks run
# eagerly in the web process and the cache is local memory.
#
# A Redis outage must never hold a web request: every Redis client below gives up within about a
# second instead of retrying for tens of seconds, and code that enqueues catches the failure (the
# e-mail rows stay pending and the periodic runs send them; see docs/feedback.md "Delivery").
REDIS_URL = env.str("REDIS_URL", default="")
REDIS_CONNECT_TIMEOUT = env.float("REDIS_CONNECT_TIMEOUT", default=0.5)
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=1.0)
REDIS_CACHE_OPTIONS = {
    "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600
# Publishing from a web request: no retry; the caller logs the failure and the periodic run sends the
# stored e-mail instead (a nudge only makes it faster).
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_CONNECT_TIMEOUT
CELERY_TASK_PUBLISH_RETRY = False
# The visibility timeout: a task a worker took but did not acknowledge (acks_late; the worker died) is
# handed out again after this long. It must exceed the longest countdown (a notification retry waits at
# most 16 minutes) and every task's hard time limit, or a running task would be started a second time.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
    # A publish to a Redis that accepts but does not answer gives up after this; the worker's blocking
    # reads are driven by kombu's event loop and brpop_timeout, not by this timeout.
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
    # Opening the broker connection for a publish: one quick retry (kombu's failover options).
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# The result backend: the web process subscribes to a task's result when it enqueues; give up fast.
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_CONNECT_TIMEOUT
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
}
# Every task ends: a soft limit raises inside the task, the hard limit kills it. The e-mail runs stop
# starting new sends well before their soft limit (participatie.delivery.RUN_BUDGET_SECONDS).
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
# A stored e-mail left "being sent" for longer than this belongs to an attempt that ended without
# recording the outcome (worker killed or lost between SMTP and the database): it is marked "possibly
# sent" for staff to check, never sent again blindly. Longer than CELERY_TASK_TIME_LIMIT.
MAIL_SENDING_ABANDONED_AFTER = env.int("MAIL_SENDING_ABANDONED_AFTER", default=600)

# Periodic work. Each entry names a registered task; a test checks that.
# Retention terms (bewaartermijnen) the nightly participatie.tasks.retention_purge enforces; the staff page
# /privacy/bewaartermijnen/ shows these same values (participatie/retention.py).
PANEL_MEMBER_RETENTION_DAYS = env.int("PANEL_MEMBER_RETENTION_DAYS", default=365)
SIGNAL_RETENTION_DAYS = env.int("SIGNAL_RETENTION_DAYS", default=730)
INBRENG_CONTACT_RETENTION_DAYS = env.int("INBRENG_CONTACT_RETENTION_DAYS", default=90)
LOGIN_ATTEMPTS_RETENTION_DAYS = env.int("LOGIN_ATTEMPTS_RETENTION_DAYS", default=30)

CELERY_BEAT_SCHEDULE = {
    # Drop expired login-failure records so the lockout table stays small.
    "participatie-cleanup-access-attempts": {
        "task": "participatie.tasks.access_attempts_cleanup",
        "schedule": crontab(minute=15, hour=3),
    },
    # Nightly: remove personal data past its retention term (members who left, signals, contact details on inbreng).
    "participatie-retention-purge": {
        "task": "participatie.tasks.retention_purge",
        "schedule": crontab(minute=30, hour=3),
    },
    # Close surveys whose open-until moment has passed (residents also trigger this on their next page).
    "surveys-close-expired": {
        "task": "surveys.tasks.survey_close_expired",
        "schedule": crontab(minute="*/5"),
    },
    # Nightly: remove survey answers and kept e-mail addresses whose retention term has passed.
    "surveys-retention-purge": {
        "task": "surveys.tasks.survey_retention_purge",
        "schedule": crontab(minute=40, hour=3),
    },
    # Hourly: delete background answer files older than a day (SURVEY_EXPORT_KEEP_HOURS).
    "surveys-answer-exports-expire": {
        "task": "surveys.tasks.answer_export_delete_expired",
        "schedule": crontab(minute=25),
    },
    # Every 5 minutes: add newly sent survey responses to the answer counts the results page reads.
    "surveys-answer-counts-update": {
        "task": "surveys.tasks.answer_counts_update",
        "schedule": crontab(minute="*/5"),
    },
    # Daily digests of overdue / almost due inbreng (at most one per person per day; reruns send nothing twice).
    "feedback-send-reminders": {
        "task": "feedback.tasks.reminders_send",
        "schedule": crontab(minute=5),
    },
    # Nightly: delete story texts, quotes and pseudonyms of activities past their retention term (tags stay).
    "activities-retention-purge": {
        "task": "activities.tasks.activity_texts_purge",
        "schedule": crontab(minute=50, hour=3),
    },
    # Stored e-mails to participants about a terugkoppeling: send what no worker sent (at most once).
    "feedback-send-notifications": {
        "task": "feedback.tasks.notifications_send_due",
        "schedule": crontab(minute="*/5"),
    },
    # Stored e-mails to an orgaan about a new adviesaanvraag: send what no worker sent (at most once).
    "panels-send-notifications": {
        "task": "panels.tasks.aanvraag_notifications_send_due",
        "schedule": crontab(minute="*/5"),
    },
}

# Survey answer files: up to this many responses download at once; more run as a background task that
# writes to PRIVATE_EXPORT_ROOT (never under MEDIA_ROOT: served only through a permission check).
SURVEY_EXPORT_SYNC_LIMIT = env.int("SURVEY_EXPORT_SYNC_LIMIT", default=2000)
SURVEY_EXPORT_KEEP_HOURS = 24
PRIVATE_EXPORT_ROOT = env.path("PRIVATE_EXPORT_ROOT", default=BASE_DIR / "private" / "exports")

# Exports (django-import-export): the admin offers only the portal's safe XLSX and CSV
# formats; they are set on participatie.admin_mixins.RecordedImportExportAdmin.
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Limits on every spreadsheet import (participatie.imports), checked before the rows are read.
SPREADSHEET_IMPORT_MAX_BYTES = env.int("SPREADSHEET_IMPORT_MAX_BYTES", default=2 * 1024 * 1024)
SPREADSHEET_IMPORT_MAX_UNPACKED_BYTES = env.int("SPREADSHEET_IMPORT_MAX_UNPACKED_BYTES", default=50 * 1024 * 1024)
SPREADSHEET_IMPORT_MAX_ROWS = env.int("SPREADSHEET_IMPORT_MAX_ROWS", default=5000)
SPREADSHEET_IMPORT_MAX_COLUMNS = env.int("SPREADSHEET_IMPORT_MAX_COLUMNS", default=100)

# Security headers; HTTPS-only cookies once served behind TLS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Production (DEBUG off) answers only over HTTPS: plain HTTP is redirected, and browsers are told by HSTS never
# to use plain HTTP again. Behind a proxy that ends TLS, set USE_X_FORWARDED_PROTO=1 so Django sees the original
# scheme (without it every request looks like plain HTTP and the redirect would loop). The health URLs are
# exempt, so a load balancer's plain-HTTP probe gets an answer instead of a redirect.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp 4): scripts, styles, fonts and frames only from the portal itself; no
# inline script or style anywhere (charts are SVG with presentation attributes, a gemeente's look is the
# stylesheet /g/<slug>/huisstijl.css). Images also as data: URIs, which Bootstrap's CSS uses for its icons.
# No framing (as X-Frame-Options) and forms post only to the portal. CSP_REPORT_ONLY=1 sends the same policy
# as Content-Security-Policy-Report-Only instead, to try a change in production without breaking pages.
_CSP_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
if env.bool("CSP_REPORT_ONLY", default=False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP_POLICY
else:
    CONTENT_SECURITY_POLICY = _CSP_POLICY

# /.well-known/security.txt (RFC 9116): where to report a vulnerability; see SECURITY.md.
SECURITY_CONTACT = env.list("SECURITY_CONTACT", default=["mailto:security@participatieportaal.local"])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A resident's resume code in a URL never reaches a log line (participatie.logs; gunicorn: gunicorn.conf.py).
    "filters": {"mask_secret_paths": {"()": "participatie.logs.MaskSecretPathsFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_secret_paths"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Django's own loggers (request, runserver) write through the root's filtered console, not their own.
    "loggers": {
        "axes": {"level": "WARNING"},
        "django": {"handlers": [], "level": "INFO"},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
    },
}

CSRF_FAILURE_VIEW = "participatie.views.csrf_failure"
