"""Settings for the newsroom site, all of them read from the environment.

See the README for every variable. With DEBUG off the site assumes HTTPS.
"""

import os
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from newsroom import env
from newsroom import logging as newsroom_logging

BASE_DIR = Path(__file__).resolve().parent.parent
ENV = os.environ

DEBUG = env.flag(ENV, "DEBUG", default=False)
SECRET_KEY = env.secret_key(ENV, DEBUG)
ALLOWED_HOSTS = env.word_list(
    ENV, "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.word_list(ENV, "CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "articles.admin_site.NewsroomAdminConfig",  # Django's admin with the desk
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "taggit",
    "reversion",
    "axes",  # locks the admin login after repeated failures
    "articles",
]

MIDDLEWARE = [
    "newsroom.middleware.RequestLogMiddleware",
    # Before anything reads the body: an oversized upload is refused from its headers.
    "newsroom.middleware.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "newsroom.middleware.SecurityHeadersMiddleware",
    "newsroom.middleware.NoNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "newsroom.middleware.ReplicaReadsMiddleware",
    # ETags for every page and 304 answers to conditional requests.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Above sessions, CSRF and auth, which a cached page for an anonymous reader needs none of.
    "newsroom.middleware.CachedPagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "newsroom.middleware.RateLimitMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

FORM_RENDERER = "newsroom.renderers.FormRenderer"
ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.site.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": env.database(ENV, BASE_DIR)}
DATABASES.update(env.replica_databases(ENV, DATABASES["default"]))
DATABASE_ROUTERS = ["newsroom.routers.ReplicaRouter"] if len(DATABASES) > 1 else []
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
CACHES = {"default": env.cache(ENV)}
CACHES["shared"] = env.shared_cache(ENV, CACHES["default"], BASE_DIR / "var" / "shared-cache")
if CACHES["default"]["BACKEND"] != "django.core.cache.backends.locmem.LocMemCache":
    # Each worker's copies of the public pages it served lately (articles.site.caching).
    CACHES["pages-local"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages-local",
        "TIMEOUT": 300, "OPTIONS": {"MAX_ENTRIES": 500},
    }
# Sessions live in the database; with a shared cache (Redis) they are read from it first.
# A per-process memory cache would serve stale sessions, so it is not used for them.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHES["default"]["BACKEND"] != "django.core.cache.backends.locmem.LocMemCache"
    else "django.contrib.sessions.backends.db"
)

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out log-ins before checking them
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "articles" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(ENV.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(ENV.get("MEDIA_ROOT", BASE_DIR / "media"))
# Django serves uploaded media itself only in development and `make serve` on a laptop.
SERVE_MEDIA = env.flag(ENV, "SERVE_MEDIA", default=DEBUG)
STORAGES = {
    "default": {
        "BACKEND": ENV.get("MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage"),
        # The backend's own options, e.g. an S3 bucket: see docs/storage.md.
        "OPTIONS": env.json_object(ENV, "MEDIA_STORAGE_OPTIONS"),
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The largest request body accepted (413 above it, before any of it is read): a photo is at
# most 20 MB, and a story may be saved with a few new photos at once.
MAX_REQUEST_BODY_BYTES = env.integer(ENV, "MAX_REQUEST_BODY_MB", 64) * 1024 * 1024

EMAIL_BACKEND = ENV.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = ENV.get("DEFAULT_FROM_EMAIL", "newsroom@localhost")

# The paper's home city: an abbreviation such as 市总工会 expands with it.
NEWSROOM_HOME_CITY = ENV.get("NEWSROOM_HOME_CITY", "北京市")
NEWSROOM_SITE_NAME = ENV.get("NEWSROOM_SITE_NAME", "劳动午报")
# Feed entries' ids are tag: URIs under this domain (RFC 4151): set it once, never change it.
NEWSROOM_FEED_ID_AUTHORITY = ENV.get("NEWSROOM_FEED_ID_AUTHORITY") or next(
    (host.lstrip(".") for host in ALLOWED_HOSTS if host != "*" and not host.startswith("[")),
    "localhost",
)

# Review levels (三审): 3 = 初审 and 复审 by two different editors, 终审 by the chief editor;
# 2 = 初审 + 终审, for a small paper.
NEWSROOM_REVIEW_LEVELS = int(ENV.get("NEWSROOM_REVIEW_LEVELS", "3"))
if NEWSROOM_REVIEW_LEVELS not in (2, 3):
    raise ImproperlyConfigured("NEWSROOM_REVIEW_LEVELS must be 2 or 3.")
# A one-person desk may let one reviewer sign several levels of the same story.
NEWSROOM_ONE_PERSON_DESK = env.flag(ENV, "NEWSROOM_ONE_PERSON_DESK", default=False)

# Production: HTTPS is assumed whenever DEBUG is off.
SECURE_SSL_REDIRECT = env.flag(ENV, "SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = 0 if DEBUG else 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env.flag(ENV, "BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers ask for /healthz over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# How many proxies (load balancer, CDN) stand before the app and append to X-Forwarded-For;
# newsroom.security.client_address() trusts exactly that many entries.
TRUSTED_PROXY_COUNT = env.integer(ENV, "TRUSTED_PROXY_COUNT", 0)

ADMIN_PATH_PREFIX = "/admin/"
# Only the site's own origin, and no inline scripts or styles on public pages. Photos on
# another origin (a CDN or S3 bucket) are added with CSP_MEDIA_ORIGIN.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:", *env.word_list(ENV, "CSP_MEDIA_ORIGIN", [])],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# The admin's scripts are same-origin files; the desk's templates use a few style attributes.
CONTENT_SECURITY_POLICY_ADMIN_EXTRA = {"style-src": ["'self'", "'unsafe-inline'"]}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Requests per minute from one address; 0 turns a limit off (e.g. for a load test).
RATE_LIMITS = {
    "search": env.integer(ENV, "RATE_LIMIT_SEARCH", 60),
    "feeds": env.integer(ENV, "RATE_LIMIT_FEEDS", 60),
}

# Admin log-in: after 5 failures for one user name, or from one address, log-ins are
# refused for 15 minutes; a superuser unlocks sooner by deleting the access attempt.
AXES_FAILURE_LIMIT = env.integer(ENV, "LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env.integer(ENV, "LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A log-in clears its own user name's failures from its address, never anyone else's.
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "articles.access.LoginAttempts"
AXES_CLIENT_IP_CALLABLE = "newsroom.security.client_address"
AXES_LOCKOUT_CALLABLE = "articles.access.lockout_response"
AXES_VERBOSE = False

LOGGING = newsroom_logging.config(ENV)
