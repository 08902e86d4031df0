"""Settings shared by every environment; dev, test and prod override only what differs."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

if "DATABASE_URL" not in env:
    VAR_DIR.mkdir(exist_ok=True)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-development-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "breakaway.core",
    "breakaway.accounts",
    "breakaway.enquiries",
    "breakaway.assessments",
    "breakaway.catalogue",
    "breakaway.courses",
    "breakaway.quotes",
    "breakaway.trainers",
    "breakaway.scheduling",
    "breakaway.delivery",
    "breakaway.evaluation",
    "breakaway.learning",
    "breakaway.privacy",
    "breakaway.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "breakaway.core.logs.RequestIdMiddleware",
    "breakaway.core.security_headers.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "breakaway.accounts.middleware.ProviderStaffMfaMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "breakaway" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "breakaway.core.context_processors.navigation",
            ],
        },
    },
]

# SQLite under var/ unless DATABASE_URL says otherwise. The SQLite options suit a
# small server: WAL lets readers carry on during a write, IMMEDIATE transactions
# take the write lock up front (no "database is locked" mid-transaction), and the
# busy timeout waits for a lock instead of failing at once.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'breakaway.sqlite3'}"),
}
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA busy_timeout=20000;"
        # 64 MB of page cache per connection (the default is 2 MB): profiles and imports
        # walk indexes far bigger than that.
        "PRAGMA cache_size=-65536;"
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "breakaway_cache",
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "enquiries:home"

# django-allauth: e-mail is the login; nobody signs up on their own (clients are invited).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "breakaway.accounts.adapters.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Wrong passwords: 10 in 5 minutes from one address, or 5 in 15 minutes for one account (a
# lockout: the adapter e-mails the owner).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/5m/ip,5/15m/key"}

# Reverse proxies in front of the site (nginx, a load balancer): rate limits by address then
# read the client from X-Forwarded-For (the Nth entry from the right), here and in allauth.
BREAKAWAY_TRUSTED_PROXY_COUNT = env.int("BREAKAWAY_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = BREAKAWAY_TRUSTED_PROXY_COUNT

# The API: requests a minute per user (any of their tokens), and wrong tokens an address may
# send in ten minutes before its requests are refused.
BREAKAWAY_API_RATE_LIMIT = env.int("BREAKAWAY_API_RATE_LIMIT", default=600)
BREAKAWAY_API_BAD_TOKEN_LIMIT = env.int("BREAKAWAY_API_BAD_TOKEN_LIMIT", default=20)

# The largest lesson video a provider may upload (nginx's client_max_body_size must allow it).
BREAKAWAY_LESSON_VIDEO_MAX_MB = env.int("BREAKAWAY_LESSON_VIDEO_MAX_MB", default=200)

# A task running longer than this is taken to be abandoned by a dead worker and requeued.
BREAKAWAY_TASK_LEASE_MINUTES = env.int("BREAKAWAY_TASK_LEASE_MINUTES", default=30)

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Nobody signs up alone: every address was entered by an administrator or came through an
# invitation, so MFA may be set up without a separate address check.
MFA_ALLOW_UNVERIFIED_EMAIL = True
MFA_TOTP_ISSUER = "Breakaway"
# Provider staff see every client's data, so production insists on a second factor.
BREAKAWAY_REQUIRE_PROVIDER_MFA = env.bool("BREAKAWAY_REQUIRE_PROVIDER_MFA", default=False)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_URL = "media/"

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Breakaway <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if env.bool("USE_SMTP", default=False):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("DJANGO_EMAIL_HOST")
    EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=587)
    EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Where people reach this installation, for links in e-mails sent outside a request.
BREAKAWAY_SITE_URL = env("BREAKAWAY_SITE_URL", default="http://127.0.0.1:8000")

# Overrides of the risk-profile thresholds (docs/risk-profile.md), as JSON in the environment.
BREAKAWAY_RISK_RULES = env.json("BREAKAWAY_RISK_RULES", default={})

# CPD hours a trainer needs every 12 months unless their profile says otherwise; no sourced
# figure exists (docs/trainers.md), so each provider sets its own scheme's number.
BREAKAWAY_TRAINER_CPD_HOURS = env.int("BREAKAWAY_TRAINER_CPD_HOURS", default=30)

# The public enquiry form: how many bookings one address may send an hour.
BREAKAWAY_ENQUIRY_RATE_LIMIT = env.int("BREAKAWAY_ENQUIRY_RATE_LIMIT", default=5)

# Health-screening answers are deleted this many days after the course's last day.
BREAKAWAY_SCREENING_RETENTION_DAYS = env.int("BREAKAWAY_SCREENING_RETENTION_DAYS", default=30)

# Data retention (docs/privacy.md), enforced by `manage.py tick`. Incident rows: this many
# months after the incident unless the client's agreement (Data retention page) says otherwise.
# Questionnaire responses: cut from the person (pseudonymised) this many months after their last
# answer. Refreshers and lesson progress: deleted this many months after. Certificates: deleted
# this many years after they expired.
BREAKAWAY_INCIDENT_RETENTION_MONTHS = env.int("BREAKAWAY_INCIDENT_RETENTION_MONTHS", default=72)
BREAKAWAY_RESPONSE_PSEUDONYMISE_MONTHS = env.int(
    "BREAKAWAY_RESPONSE_PSEUDONYMISE_MONTHS", default=24
)
BREAKAWAY_LEARNING_RETENTION_MONTHS = env.int("BREAKAWAY_LEARNING_RETENTION_MONTHS", default=24)
BREAKAWAY_CERTIFICATE_RETENTION_YEARS = env.int("BREAKAWAY_CERTIFICATE_RETENTION_YEARS", default=6)

# The follow-up questionnaire opens this many weeks after a course's last day and stays open
# for the second figure; attendees' links last until it closes (plus a margin).
BREAKAWAY_FOLLOW_UP_WEEKS = env.int("BREAKAWAY_FOLLOW_UP_WEEKS", default=12)
BREAKAWAY_FOLLOW_UP_OPEN_WEEKS = env.int("BREAKAWAY_FOLLOW_UP_OPEN_WEEKS", default=4)

# Every handler drops secrets from addresses (attendee links, feed tokens, certificate
# codes) before writing (breakaway/core/redaction.py) and carries the request's id
# (breakaway/core/logs.py). BREAKAWAY_LOG_FORMAT=json writes one JSON object a line.
LOG_FORMAT = env("BREAKAWAY_LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact_tokens": {"()": "breakaway.core.redaction.RedactTokensFilter"},
        "request_id": {"()": "breakaway.core.logs.RequestIdFilter"},
    },
    "formatters": {
        "text": {"format": "[{asctime}] {levelname} {name} [{request_id}] {message}", "style": "{"},
        "json": {"()": "breakaway.core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["redact_tokens", "request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        },
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        # runserver's and gunicorn's request lines, through the same filter.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint reports every CSS rule it skips on every PDF: keep only its errors.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
    },
}
