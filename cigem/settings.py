"""Settings of the CIGEM portal, read from the environment (see .env.example and the README)."""

from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from cigem.env import env_bool, env_choice, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CIGEM_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if SECRET_KEY is None:
    if not DEBUG:
        raise ImproperlyConfigured(
            "The environment variable SECRET_KEY is required when DEBUG is not True."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The project's own apps, in the order of DESIGN.md; seed_demo and generate_data follow it too.
PROJECT_APPS = ["accounts", "legal", "campaigns", "reception", "diaspora", "research"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_celery_beat",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "bootstrap",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "cigem",
    *PROJECT_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cigem.middleware.RejectNulCharactersMiddleware",
    "cigem.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "accounts.middleware.AuthenticationMiddleware",  # Django's, reading the person with the session
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.IdleTimeoutMiddleware",
    "accounts.middleware.PreferredLanguageMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cigem.urls"
WSGI_APPLICATION = "cigem.wsgi.application"

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
                "cigem.context_processors.portal",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_url("DATABASE_URL", ("postgres", "postgresql"))
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("DB_CONN_MAX_AGE", 600, minimum=0),
            conn_health_checks=True,
            # Django's PostgreSQL backend with a health check that costs no round trip.
            engine="cigem.postgres",
        )
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "cigem.sqlite3",
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: broker, results, cache ----------------------------------------------------------
REDIS_URL = env_url("REDIS_URL", ("redis", "rediss"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "cigem.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cigem",
            "TIMEOUT": 300,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
# Without Redis the whole portal still works: tasks run in the web process, at once.
CELERY_TASK_ALWAYS_EAGER = REDIS_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Africa/Bamako"

# --- Authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.PortalBackend",  # the user and their roles in one query
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # axes would log the login tried; no personal data in logs
OTP_TOTP_ISSUER = "CIGEM"
OTP_LOGIN_WINDOW_SECONDS = 300  # time allowed between the password and the code

# Sessions live in PostgreSQL only. With `cached_db`, a logout or a login's new session key made
# while Redis was unreachable removes the row but leaves the cached copy, which answers again
# once Redis is back: a logout that does not hold. A session read costs one indexed query,
# made in plain SQL by accounts.sessions, which brings the signed-in person and their roles too.
SESSION_ENGINE = "accounts.sessions"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=300)
SESSION_SAVE_EVERY_REQUEST = False
IDLE_TIMEOUT_MINUTES = env_int("IDLE_TIMEOUT_MINUTES", 30, minimum=1)

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English")), ("bm", _("Bambara"))]
# Django knows no Bambara; strings it lacks fall back to French (LANGUAGE_CODE), not English.
LANG_INFO.setdefault(
    "bm", {"bidi": False, "code": "bm", "name": "Bambara", "name_local": "Bamanankan"}
)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Africa/Bamako"
USE_I18N = True
USE_TZ = True
PHONE_DEFAULT_REGION = "ML"

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 7 * 24 * 3600

# --- Email and SMS --------------------------------------------------------------------------
EMAIL_PROVIDER = env_choice("EMAIL_PROVIDER", ("file", "smtp", "console"), "file")
EMAIL_BACKEND = {
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
}[EMAIL_PROVIDER]
OUTBOX_DIR = VAR_DIR / "outbox"
EMAIL_FILE_PATH = OUTBOX_DIR / "email"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "CIGEM <ne-pas-repondre@cigem.ml>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SMS_PROVIDER = env_choice("SMS_PROVIDER", ("file", "http", "null"), "file")
SMS_GATEWAY_URL = env_url("SMS_GATEWAY_URL", ("http", "https"))
SMS_CLIENT_ID = env_str("SMS_CLIENT_ID", "")
SMS_CLIENT_SECRET = env_str("SMS_CLIENT_SECRET", "")
SMS_SENDER = env_str("SMS_SENDER", "tel:+22300000000")
SMS_WEBHOOK_SECRET = env_str("SMS_WEBHOOK_SECRET", "")
SMS_RATE_PER_SECOND = env_int("SMS_RATE_PER_SECOND", 20, minimum=1)
if SMS_PROVIDER == "http" and not SMS_GATEWAY_URL:
    raise ImproperlyConfigured("SMS_PROVIDER=http needs SMS_GATEWAY_URL.")

# --- Security -------------------------------------------------------------------------------
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "cigem.views.csrf_failure"

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an API client without credentials gets 401 and a WWW-Authenticate.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "cigem.api_pagination.StandardPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"anon": "60/minute", "public_form": "10/hour"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CIGEM portal API",
    "DESCRIPTION": "API of the migration information and management centre, Bamako.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "cigem.schema.add_error_responses",
    ],
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Celery ---------------------------------------------------------------------------------
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 30 * 60, minimum=10)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 25 * 60, minimum=5)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 1}
# A web request must not hang on a dead broker: try briefly, then cigem.queue leaves the work
# recorded in the database for the periodic sweep.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "campaigns.tasks.*": {"queue": "campaigns"},
    "research.tasks.*": {"queue": "exports"},
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- Centre ---------------------------------------------------------------------------------
CENTRE = {
    "name": "Centre d'Information et de Gestion des Migrations (CIGEM)",
    "short_name": "CIGEM",
    "address": env_str("CENTRE_ADDRESS", "Bamako, Mali"),
    "phone": env_str("CENTRE_PHONE", ""),
    "email": env_str("CENTRE_EMAIL", "contact@cigem.ml"),
    "hours": env_str("CENTRE_HOURS", ""),
}

# --- Logging: no personal data; requests are logged by path only, never with bodies ---------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- reception ---
# Several models have a `status` field with different choices; name their enums in the schema.
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {
        "CandidateStatusEnum": "reception.models.CandidateStatus",
        "ReferralStatusEnum": "reception.models.ReferralStatus",
    }
)

# --- diaspora ---
# CVs are kept outside MEDIA_ROOT and static files: no URL reaches them, a checked view does.
DIASPORA_CV_ROOT = Path(env_str("DIASPORA_CV_ROOT", str(VAR_DIR / "private" / "diaspora")))
DIASPORA_CV_MAX_BYTES = env_int("DIASPORA_CV_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)

# --- campaigns ---
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {
        "CampaignStatusEnum": "campaigns.models.CampaignStatus",
        "CampaignChannelEnum": "campaigns.models.CampaignChannel",
        # Enums of several apps share field names (channel, country, kind, sector): name each.
        "VisitChannelEnum": "reception.models.VisitChannel",
        "DiasporaCountryEnum": "diaspora.reference.COUNTRIES",
        "DiasporaSectorEnum": "diaspora.reference.Sector",
        "AvailabilityEnum": "diaspora.models.Availability",
        "SpokenLanguageEnum": "cigem.reference.SpokenLanguage",
    }
)
# Absolute address of the portal, for links in messages (confirm, unsubscribe, short links).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Quiet hours in Africa/Bamako, "HH:MM"; a campaign copies them at creation and may change them.
CAMPAIGNS_QUIET_START = env_str("CAMPAIGNS_QUIET_START", "20:00")
CAMPAIGNS_QUIET_END = env_str("CAMPAIGNS_QUIET_END", "08:00")
# Above this many recipients a manager other than the author approves before launch.
CAMPAIGNS_APPROVAL_THRESHOLD = env_int("CAMPAIGNS_APPROVAL_THRESHOLD", 1000, minimum=1)
CAMPAIGNS_BATCH_SIZE = env_int("CAMPAIGNS_BATCH_SIZE", 300, minimum=1)
CAMPAIGNS_LEASE_SECONDS = env_int("CAMPAIGNS_LEASE_SECONDS", 120, minimum=2)
CAMPAIGNS_SWEEP_SECONDS = env_int("CAMPAIGNS_SWEEP_SECONDS", 30, minimum=1)
CAMPAIGNS_MAX_ATTEMPTS = 3
CAMPAIGNS_RETRY_BASE_SECONDS = env_int("CAMPAIGNS_RETRY_BASE_SECONDS", 30, minimum=0)
CAMPAIGNS_EMAIL_RATE_PER_SECOND = env_int("CAMPAIGNS_EMAIL_RATE_PER_SECOND", 10, minimum=1)
CAMPAIGNS_SMS_TIMEOUT = env_int("CAMPAIGNS_SMS_TIMEOUT", 10, minimum=1)
# Inbound SMS words that unsubscribe (compared without accents, case-insensitive). DABILA is
# the Bambara verb "to stop, to give up" (chosen by the centre; see docs/apps/campaigns.md).
CAMPAIGNS_STOP_WORDS = env_list("CAMPAIGNS_STOP_WORDS", ["STOP", "ARRET", "ARRÊT", "DABILA"])
CAMPAIGNS_CONSENT_TEXT_VERSION = env_str("CAMPAIGNS_CONSENT_TEXT_VERSION", "2026-11")
# A message still pending this long after launch expires instead of arriving days late.
CAMPAIGNS_EXPIRE_HOURS = env_int("CAMPAIGNS_EXPIRE_HOURS", 72, minimum=1)

# --- legal ---
# Public search API: its own anonymous rate, so a benchmark or a partner's site can raise it.
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["legal_public"] = env_str(
    "LEGAL_PUBLIC_API_RATE", "120/minute"
)
# Four-eyes publishing: when True, whoever submitted a version for review cannot publish it.
# Off by default: the centre's content team is one or two people (docs/apps/legal.md).
LEGAL_FOUR_EYES = env_bool("LEGAL_FOUR_EYES", False)

# --- research ---
# Publications' files and export files live here, outside MEDIA_ROOT: only views serve them,
# after an access check. Web and worker processes must share this directory.
RESEARCH_FILES_ROOT = Path(env_str("RESEARCH_FILES_ROOT", str(VAR_DIR / "research")))
RESEARCH_EXPORT_TTL_HOURS = env_int("RESEARCH_EXPORT_TTL_HOURS", 48, minimum=1)
RESEARCH_PUBLICATION_MAX_MB = env_int("RESEARCH_PUBLICATION_MAX_MB", 20, minimum=1)
RESEARCH_DASHBOARD_CACHE_SECONDS = env_int("RESEARCH_DASHBOARD_CACHE_SECONDS", 600, minimum=0)
# The export filters reuse two choice sets of reception under other field names: keep the
# names the schema already gave them.
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {
        "ToStatusEnum": "reception.placements_models.ApplicationStatus",
        "ServicesEnum": "reception.models.ServiceGiven",
    }
)
