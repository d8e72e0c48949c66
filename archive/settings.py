"""Settings for the archive, read from the environment (and `.env` when present).

Every value has a default that works on a laptop: a SQLite file and a Whoosh index
folder under one git-ignored `data/` folder, so a fresh clone runs with no services.
Production (DEBUG off) refuses to start without a real SECRET_KEY.
"""
import os
import socket
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from search.text.detection import check_languages

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
_env_file = BASE_DIR / ".env"
if _env_file.is_file():
    env.read_env(str(_env_file))



def env_bool(name, default):
    """A yes/no setting that fails loudly on a typo instead of reading it as "no"."""
    raw = env.str(name, default=str(default)).strip().lower()
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


DATA_DIR = Path(env("DATA_DIR", default=str(BASE_DIR / "data")))

DEBUG = env_bool("DEBUG", default=False)

_DEV_KEY = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = env("SECRET_KEY", default=_DEV_KEY if DEBUG else "")
# One rule, the one the message states (and Django's own check --deploy applies): at least
# 50 characters, at least 5 of them different, no blank ones at either end.
_MIN_KEY_LENGTH, _MIN_KEY_DISTINCT = 50, 5
if not DEBUG and (SECRET_KEY == _DEV_KEY or len(SECRET_KEY) < _MIN_KEY_LENGTH
                  or len(set(SECRET_KEY)) < _MIN_KEY_DISTINCT or SECRET_KEY != SECRET_KEY.strip()):
    raise ImproperlyConfigured(
        "SECRET_KEY is missing or too weak. With DEBUG off the archive needs a real secret key: "
        "set SECRET_KEY in the environment or in .env to a random string of at least "
        "50 characters, 5 of them different, with no spaces at either end "
        "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
        "or set DEBUG=true for local development."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",   # /sitemap.xml of the article pages (search/web/crawlers.py)
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",      # Content-Security-Policy header (see Security below)
    "axes",     # login throttling (see Security below)
    "archive.apps.ArchiveConfig",
    "archive.saved.apps.SavedConfig",
    "archive.gazetteer.apps.GazetteerConfig",
    "archive.sources.apps.SourcesConfig",
    "search.apps.SearchConfig",
]

MIDDLEWARE = [
    "search.web.health.probe_middleware",      # /healthz by IP address, before host checks
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Dynamic responses compressed, and answered 304 when unchanged (below).
    "search.web.middleware.GZipMiddleware",   # Django's, at a cheaper level (its docstring)
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "search.web.admission.SearchAdmission",    # searches: a gate per process, per-client limits
    "axes.middleware.AxesMiddleware",   # last, as django-axes asks
]

# GZipMiddleware compresses pages, feeds and JSON (a results page: 104 KB, 14 KB gzipped);
# WhiteNoise, above it, serves static files already compressed. BREACH (guessing a secret
# in a compressed page from its length, over many requests that reflect a guess) is
# answered as Django answers it: the only secret in our pages is the CSRF token of the
# signed-in reader's forms, and Django masks it anew in every response, so it is never the
# same bytes twice; GZipMiddleware pads each response with random bytes (Heal The
# Breach); and the session cookie is SameSite=Lax, so another site's page cannot make the
# reader's browser send the many cookie-carrying requests the attack needs.
# ConditionalGetMiddleware, below it (so the ETag is the uncompressed body's), gives every
# response that is not streamed an ETag, and a 304 to a request whose If-None-Match (or
# If-Modified-Since, where a view sets Last-Modified: the feed) says the reader has it:
# a feed reader polling an unchanged feed downloads nothing. Streamed exports get none.

ROOT_URLCONF = "archive.urls"
WSGI_APPLICATION = "archive.wsgi.application"

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
            ],
            # The pages' filters live with the web layer (search/web/), not in an app's
            # templatetags folder.
            "libraries": {"archive_pages": "search.web.template_filters"},
        },
    },
    {
        # The search and article pages' bodies (templates/*/fragments/*.jinja):
        # search/web/jinja.py says why. Only rendered by name with this engine (the
        # `fragment` tag), never looked up by Django's render().
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "search.web.jinja.environment"},
    },
]

# SQLite by default: check out, install, run. Any DATABASE_URL (PostgreSQL) works too.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite creates the file but not its folder: make the data folder on first use.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers go on while a writer commits; the busy timeout makes
    # concurrent writers (several gunicorn workers, the importer) wait instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

# Each request thread keeps its database connection for a minute rather than opening one per
# request: on PostgreSQL a connection is a new server process and a password exchange, and
# under the hostile load test opening one per request cost a third of the throughput and
# most of /healthz's time (tests/load/test_hostile_load.py). A server needs as many
# connections as it has request threads (gunicorn workers x threads: up to 8 x 8),
# which it needed at its busiest anyway; PostgreSQL allows 100 unless told otherwise.
# Checked before reuse, so a database restart costs no request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Readers' accounts and the e-mail alerts of their saved searches (archive/saved/).
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "saved_list"
LOGOUT_REDIRECT_URL = "search"
# The site's address for links in e-mails (no request to take it from in send_alerts).
SITE_URL = env.str("SITE_URL", default="http://localhost:8000")
# Any e-mail URL django-environ reads: smtp+tls://user:password@host:587, consolemail://, ...
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS"))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="archive@localhost")

SEARCH_INDEX_DIR = Path(env("SEARCH_INDEX_DIR", default=str(DATA_DIR / "index")))
# What answers searches (search/service/backend.py): the classes, by dotted path, of its
# SearchBackend (read side) and Replica (follows the change log). The default is this
# host's own Whoosh index; another backend passes tests/test_search_backend.py.
SEARCH_BACKEND = env.str("SEARCH_BACKEND", default="search.index.backend.LocalBackend")
SEARCH_REPLICA = env.str("SEARCH_REPLICA", default="search.index.backend.LocalReplica")

# The languages the archive holds: an article's and a paragraph's language is detected
# among these only (search/text/detection.py). English, Ukrainian and Russian are the
# ones it analyses (a lemma or stem per word); another one added here is searched by its
# normalised words. `manage.py detect_languages` re-detects the articles stored before.
try:
    ARCHIVE_LANGUAGES = check_languages(env.list("ARCHIVE_LANGUAGES", default=["en", "uk", "ru"]))
except ValueError as error:
    raise ImproperlyConfigured(f"ARCHIVE_LANGUAGES: {error}.") from None

# The most one upload on the admin's import page may weigh, all its files together (bytes).
# A web-archive capture of a few hundred pages is tens of megabytes; bigger ones are for
# `manage.py import_articles`, which has no request to time out.
IMPORT_UPLOAD_MAX_BYTES = env.int("IMPORT_UPLOAD_MAX_BYTES", default=50_000_000)
# The work budget of one search request (search/engine/budget.py): a deadline for its
# costly steps and a cap on the words that prefix*, word~N and wildcards expand to
# (each word is searched in three fields, and scored: 36 prefixes of 64 words each cost
# 1.2 s of CPU at 20,000 paragraphs under a cap of 1,000, a quarter of that under 250).
SEARCH_BUDGET_SECONDS = env.float("SEARCH_BUDGET_SECONDS", default=0.8)
SEARCH_MAX_EXPANDED_TERMS = env.int("SEARCH_MAX_EXPANDED_TERMS", default=250)
# Web exports (search/web/exports.py): rows in one file, files being written at once by
# the whole site (the rest get 429), and seconds one may take before it ends marked cut.
# `manage.py export_search` has no such limits.
EXPORT_MAX_ROWS = env.int("EXPORT_MAX_ROWS", default=10_000)
EXPORT_MAX_CONCURRENT = env.int("EXPORT_MAX_CONCURRENT", default=2)
EXPORT_MAX_SECONDS = env.float("EXPORT_MAX_SECONDS", default=15.0)
# Admission control (search/web/admission.py). Per process: searches in progress at once,
# more waiting, and how long one may wait; past those, 429. The threads left over (gunicorn
# gives each worker 8) answer article pages, static files and /healthz beside them, so keep
# SEARCH_MAX_CONCURRENT + SEARCH_QUEUE + EXPORT_MAX_CONCURRENT below GUNICORN_THREADS.
# One search at a time per worker: two share its interpreter lock, so a reader's search that
# meets a flood's search in its worker took twice as long (hostile load test: readers' p95
# under a flood 2.4 to 4.6 times their p95 alone with 2, 2.3 to 3 with 1); the queue is in
# order of recent use, so the reader waits at most for the one search ahead of it.
SEARCH_MAX_CONCURRENT = env.int("SEARCH_MAX_CONCURRENT", default=1)
SEARCH_QUEUE = env.int("SEARCH_QUEUE", default=3)
SEARCH_QUEUE_SECONDS = env.float("SEARCH_QUEUE_SECONDS", default=2.0)
# Per client (its address behind the proxy): seconds of search work (CPU) it may use in any
# minute, and web exports it may start in any hour; past those, 429 with Retry-After. Counted
# in Django's cache: see CACHE_URL below for what each worker and host shares.
SEARCH_CLIENT_SECONDS = env.float("SEARCH_CLIENT_SECONDS", default=10.0)
EXPORTS_PER_CLIENT_HOUR = env.int("EXPORTS_PER_CLIENT_HOUR", default=30)
# Per host: exports, and the searches of a client that used more than SEARCH_LIGHT_SECONDS in
# the last 10 s (a reader searching every second uses a third of it), run at most
# SEARCH_COSTLY_CONCURRENT at once on the host, whoever asks: a flood of costly work from any
# number of addresses gets that many threads of the host, not the host.
SEARCH_LIGHT_SECONDS = env.float("SEARCH_LIGHT_SECONDS", default=0.5)
SEARCH_COSTLY_CONCURRENT = env.int("SEARCH_COSTLY_CONCURRENT",
                                   default=max(1, (os.cpu_count() or 2) // 2))
# ... and each costly slot rests this many times as long as its last use took: 1 keeps
# costly work to half of its slots' time (a quarter of a 2-core host).
SEARCH_COSTLY_REST = env.float("SEARCH_COSTLY_REST", default=1.0)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# Dates read YYYY-MM-DD everywhere, the admin included (archive/formats/en/formats.py).
FORMAT_MODULE_PATH = ["archive.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # Django's own loggers print through the root's handler only: with Django's default
    # console handler as well, every line (the reloader's among them) came out twice.
    "loggers": {"django": {"handlers": [], "level": "INFO"},
                # Scanners send bad Host headers all day: one line each, not a traceback.
                "django.security.DisallowedHost": {"filters": ["without_traceback"]}},
    "filters": {"without_traceback": {"()": "archive.log_filters.WithoutTraceback"}},
}

# --- Security -------------------------------------------------------------------------
# Production (DEBUG off) defaults are the safe ones; each can be turned off by its env var
# for a plain-http run (tests, CI, a laptop without TLS). `manage.py check --deploy` is clean
# with the defaults. See README, "Deploying".

# Behind a TLS-terminating proxy, name the header it sets, e.g. SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto
# (its value must be "https"). Only set it when the proxy always overwrites that header.
_proxy_header = env.str("SECURE_PROXY_SSL_HEADER", default="").strip()
if _proxy_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # a load balancer may probe over plain http
_secure_cookies = env_bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _secure_cookies
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The admin's path, moved away from the guessable "admin/" in production by ADMIN_URL.
ADMIN_URL = env.str("ADMIN_URL", default="admin/")
if not ADMIN_URL.endswith("/") or ADMIN_URL.startswith("/") or ADMIN_URL.strip("/") == "":
    raise ImproperlyConfigured(
        f"ADMIN_URL must be a path like 'office-7f3a/': no leading slash, one trailing slash; "
        f"got {ADMIN_URL!r}."
    )

# Content Security Policy (django-csp): no inline script, no inline style, nothing from
# other origins, no framing. Pages and the admin load their scripts and styles from /static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins for one username
# from one address, that pair is locked out for AXES_COOLOFF_HOURS; after
# AXES_USERNAME_FAILURE_LIMIT failures for one username from any addresses (guessing spread
# over many), that username is (archive/login_throttle.py). Attempts are stored in the
# database, so every gunicorn worker and every host sees them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Changes made on other hosts reach this host's index (search/index/follow.py).
MIDDLEWARE.append("search.web.middleware.FollowTheChangeLog")
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_USERNAME_FAILURE_LIMIT = env.int("AXES_USERNAME_FAILURE_LIMIT", default=30)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
# The pair first, then the username alone: archive/login_throttle.py reads them in this order.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_HANDLER = "archive.login_throttle.PairAndUsernameHandler"
# A locked-out client's further failures are not counted: one address can add at most
# AXES_FAILURE_LIMIT failures to a username's count per cool-off, so it cannot lock the
# username out for every other client by itself.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
# The number of proxies in front of gunicorn that append to X-Forwarded-For (1 behind the
# project's nginx.conf): the client address of the lock-out, the search and export limits
# and the access log is read with it (archive/client_address.py). 0: REMOTE_ADDR, the header
# ignored, since trusting it without a proxy lets anyone invent addresses.
# AXES_IPWARE_PROXY_COUNT is its former name (it needed django-ipware, never installed).
PROXY_COUNT = env.int("PROXY_COUNT", default=env.int("AXES_IPWARE_PROXY_COUNT", default=0))
AXES_CLIENT_IP_CALLABLE = "archive.client_address.client_address"
AXES_VERBOSE = False  # no banner on every manage.py command; lock-outs are still logged

# /healthz answers 503 when this host's index has not applied a change older than this
# many seconds (nothing drains it). HEALTHZ_MAX_OUTBOX_AGE is its former name.
HEALTHZ_MAX_INDEX_LAG = env.int("HEALTHZ_MAX_INDEX_LAG",
                                default=env.int("HEALTHZ_MAX_OUTBOX_AGE", default=600))

# --- Several hosts (README, "Running on several hosts") --------------------------------
# Each host keeps its own index folder, registered under INDEX_NAME, and follows the
# database's index change log from its own position.
INDEX_NAME = env.str("INDEX_NAME", default=socket.gethostname())
# Log rows every known index has applied are pruned once older than this; an index that has
# not drained for this long is no longer waited for (it rebuilds if it comes back behind).
INDEX_LOG_RETENTION = env.int("INDEX_LOG_RETENTION", default=7 * 24 * 3600)
# How often (seconds) each web process looks at the log's head for changes made on other
# hosts, and drains in the background when behind; 0 turns it off (then run
# `manage.py sync_index --follow` as a service).
INDEX_FOLLOW_INTERVAL = env.float("INDEX_FOLLOW_INTERVAL", default=1.0)
# /healthz lists the followed sources in trouble as a background look of each web process
# found them, looked again at most every this many seconds; 0: no look (the list stays out).
HEALTHZ_SOURCES_LOOK = env.float("HEALTHZ_SOURCES_LOOK", default=30.0)
# A long import (import_articles, the admin's import page, follow_sources) hands the change
# log to this host's index every this many seconds, so that an edit saved meanwhile waits
# behind one batch, not behind the whole import; 0: once, at the end (the faster way to
# load a large collection into an archive nobody is editing).
INDEX_BATCH_SECONDS = env.float("INDEX_BATCH_SECONDS", default=2.0)

# --- Following sources (archive/sources/, README "Following sources") -------------------
# The follower names the archive and a way to reach its keepers in every request; robots.txt
# groups are matched by the User-Agent's first word (before "/").
SOURCES_CONTACT = env.str("SOURCES_CONTACT", default=SITE_URL)
SOURCES_USER_AGENT = env.str("SOURCES_USER_AGENT",
                             default=f"WarReportingArchive/1.0 (+{SOURCES_CONTACT})")
SOURCES_HOST_DELAY = env.float("SOURCES_HOST_DELAY", default=5.0)     # seconds between requests to one host
SOURCES_CONNECT_TIMEOUT = env.float("SOURCES_CONNECT_TIMEOUT", default=10.0)
SOURCES_READ_TIMEOUT = env.float("SOURCES_READ_TIMEOUT", default=30.0)  # also the most one body may take x4
SOURCES_MAX_BYTES = env.int("SOURCES_MAX_BYTES", default=10_000_000)   # one response, as received and decoded
SOURCES_MAX_REDIRECTS = env.int("SOURCES_MAX_REDIRECTS", default=5)
SOURCES_MAX_PAGES_PER_POLL = env.int("SOURCES_MAX_PAGES_PER_POLL", default=100)
SOURCES_PAGE_ATTEMPTS = env.int("SOURCES_PAGE_ATTEMPTS", default=3)   # tries of a page that failed
SOURCES_MAX_BACKOFF = env.int("SOURCES_MAX_BACKOFF", default=24 * 3600)  # seconds, after failures
SOURCES_ROBOTS_MAX_AGE = env.int("SOURCES_ROBOTS_MAX_AGE", default=24 * 3600)  # RFC 9309: at most a day
SOURCES_WARC_DIR = Path(env("SOURCES_WARC_DIR", default=str(DATA_DIR / "warc")))
SOURCES_WARC_MAX_BYTES = env.int("SOURCES_WARC_MAX_BYTES", default=1_000_000_000)  # then a new file

# Django's cache. The search and export limits count each client (search/web/allowance.py)
# by default in a table of the index folder every gunicorn worker of the host shares
# (search/web/host_counts.py), so each host counts a client once. On several hosts, naming a
# cache they share counts each client once across them instead (CACHE_URL=dbcache://archive_cache
# after `manage.py createcachetable`, or rediscache://10.0.0.5:6379/0); a per-process cache
# (locmemcache://) would let a client use one allowance per worker. Sessions and login
# throttling (axes) live in the database anyway.
CACHE_URL = env.str("CACHE_URL", default="")
CACHES = {"default": env.cache_url_config(CACHE_URL) if CACHE_URL else {
    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
    "LOCATION": str(DATA_DIR / "cache"),
    # Each write lists the folder to keep it under this many files: a few thousand clients
    # at once. A busier site wants Redis or memcached.
    "OPTIONS": {"MAX_ENTRIES": 5000},
}}
# The counters of the account pages' rate limits (archive/saved/limits.py) must be one for
# every worker of every host, and are few: by default a table of the database (created by `migrate`),
# which needs no other service and suits their few writes; a Redis or memcached URL
# (LIMITS_CACHE_URL=rediscache://10.0.0.5:6379/1) counts atomically and faster.
CACHES["limits"] = env.cache("LIMITS_CACHE_URL", default="dbcache://archive_limits")
# Sign-ups, password resets and confirmation links asked for per hour, from one client
# address (as django-axes reads it, behind the proxy too) and for one e-mail address.
ACCOUNT_LIMIT_PER_CLIENT = env.int("ACCOUNT_LIMIT_PER_CLIENT", default=10)
ACCOUNT_LIMIT_PER_EMAIL = env.int("ACCOUNT_LIMIT_PER_EMAIL", default=3)
# A link to confirm an e-mail address works once, for this many seconds (3 days).
EMAIL_VERIFICATION_MAX_AGE = env.int("EMAIL_VERIFICATION_MAX_AGE", default=3 * 24 * 3600)

# Static files: WhiteNoise serves hashed names (from CompressedManifestStaticFilesStorage above)
# with a one-year immutable cache; unhashed names get WHITENOISE_MAX_AGE.
WHITENOISE_MAX_AGE = env.int("WHITENOISE_MAX_AGE", default=0 if DEBUG else 3600)
