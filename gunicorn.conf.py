"""gunicorn settings for the archive: `gunicorn archive.wsgi` reads this file from the working folder.

Every value can be changed from the environment (see README, "Deploying"):
  BIND (or PORT)        address to listen on; default 127.0.0.1:8000, behind a reverse proxy
                        (PORT alone stays on 127.0.0.1: only BIND opens another interface)
  WEB_CONCURRENCY       worker processes; default 2 x cores + 1, at most 8
  GUNICORN_TIMEOUT      seconds a request may take before its worker is killed and replaced
  GUNICORN_THREADS      request threads per worker; default 8
  GUNICORN_MAX_REQUESTS requests after which a worker is replaced (plus up to
                        GUNICORN_MAX_REQUESTS_JITTER); default 2000 (+ up to 500)
"""
import multiprocessing
import os

from gunicorn import glogging


def _int_env(name, default):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {raw!r}.") from None


def _bind():
    if os.environ.get("BIND"):
        return os.environ["BIND"]
    # Only the proxy in front may connect: reached directly, gunicorn gives a thread to each
    # slow client for as long as it takes to send its headers (30 such sockets held every
    # thread for 19 s), and a direct client could write its own X-Forwarded-For.
    return f"127.0.0.1:{_int_env('PORT', 8000)}"


bind = [_bind()]

# Search is CPU-bound (Whoosh is pure Python): one process per core plus one, so a worker
# waiting on the database does not idle a core. Capped, because each worker keeps its own
# open searcher and caches; more workers than that only cost memory on a small machine.
workers = _int_env("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8))
# Threads, not one request per process: with sync workers, twenty clients sending costly
# searches queue every other request (a plain search, /healthz) behind theirs, 4.8 s in the
# hostile load test (tests/load/test_hostile_load.py). Each request is bounded by its work
# budget (search/engine/budget.py), and threads share the GIL in turns (of SWITCH_INTERVAL),
# so a cheap one is answered at once. The searcher pool lends each thread its own searcher.
# gthread, stopping without dropping the connections it accepted (archive/gunicorn_worker.py):
# a reload under load gave 502s with gunicorn's own.
worker_class = "archive.gunicorn_worker.DrainingThreadWorker"
threads = _int_env("GUNICORN_THREADS", 8)
# Python's default 5 ms turn: a /healthz that waits for the GIL at each of its dozen
# database and file calls, behind seven busy threads, took 0.9 s; 1 ms turns cost the busy
# threads well under 1% in switching.
SWITCH_INTERVAL = 0.001


def post_fork(server, worker):
    import sys
    sys.setswitchinterval(SWITCH_INTERVAL)


def post_worker_init(worker):
    # A new worker loads in a thread what its first requests would otherwise wait for
    # (search/service/warm.py), answering requests meanwhile; search/index/threads.py starts
    # every background thread of the process.
    from search.service import start_warm_up
    start_warm_up()
    from search.web.jinja import compile_fragments
    compile_fragments()
# A slow client is buffered by the reverse proxy.
timeout = _int_env("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
keepalive = 5
# A worker's memory grows with what it meets, then levels off: its caches fill to their
# bounds (the word caches of text analysis first, 0.2 to 0.6 KB a distinct word, up to
# 100,000 to 200,000 words each), and its searches map in pages of the index files (shared
# by the host's workers). Measured at 50,000 paragraphs through the WSGI application
# (tests/load/memory_soak.py): anonymous memory +24 MB over the first 2,000 requests, +5 MB
# over the next 3,000; no leak found. A larger archive in three languages has more words
# to meet, and those caches would fill for longer, to a few hundred MB at their bounds:
# so each worker is replaced after about 2,000 requests (an hour at the 36 a minute of the
# ten-minute soak), the jitter spreading the replacements of workers started together.
max_requests = _int_env("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int_env("GUNICORN_MAX_REQUESTS_JITTER", 500)

# Not preloaded: each worker imports Django itself after the fork, so nothing opened at import
# time (database connections, the process-wide Whoosh searcher, its file handles) is ever
# shared between processes. It costs a little memory and start-up time per worker.
preload_app = False

# Logs to stdout/stderr for the process supervisor (systemd's journal, a container runtime).
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'


class ClientAddressLogger(glogging.Logger):
    """The access log's first column is the client behind the proxy (X-Forwarded-For read
    with PROXY_COUNT, as Django reads it: archive/client_address.py), not the proxy's
    127.0.0.1, when the request came from a proxy gunicorn trusts (FORWARDED_ALLOW_IPS)."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        peer = environ.get("REMOTE_ADDR", "-")
        trusted = [address.strip() for address in forwarded_allow_ips.split(",")]
        if peer in trusted or "*" in trusted:
            from archive.client_address import forwarded_client
            atoms["h"] = forwarded_client(environ.get("HTTP_X_FORWARDED_FOR", ""), peer,
                                          PROXY_COUNT)
        return atoms


logger_class = ClientAddressLogger

# Request limits: a search URL is short; anything longer is refused before Django sees it.
limit_request_line = 8190
limit_request_fields = 100

# Proxies in front that append to X-Forwarded-For (README; AXES_IPWARE_PROXY_COUNT is its
# former name), as archive/settings.py reads it.
PROXY_COUNT = _int_env("PROXY_COUNT", _int_env("AXES_IPWARE_PROXY_COUNT", 0))
# Trust X-Forwarded-* only from the local reverse proxy (set FORWARDED_ALLOW_IPS otherwise).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# The one scheme header the project's nginx.conf sets (to $scheme, overwriting the client's).
# gunicorn's default also reads X-Forwarded-Ssl and X-Forwarded-Protocol, and answers 400
# ("Contradictory scheme headers") when a client's own X-Forwarded-Ssl: on meets the proxy's
# X-Forwarded-Proto: http; the proxy clears those two as well.
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}
