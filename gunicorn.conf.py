"""gunicorn settings for the archive: `gunicorn archive.wsgi` reads this file from the working folder.

Every value can be changed from the environment (see README, "Deploying"):
  BIND (or PORT)        address to listen on; default 127.0.0.1:8000, behind a reverse proxy
  WEB_CONCURRENCY       worker processes; default 2 x cores + 1, at most 8
  GUNICORN_TIMEOUT      seconds a request may take before its worker is killed and replaced
  GUNICORN_THREADS      request threads per worker; default 8
"""
import multiprocessing
import os


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
    if os.environ.get("PORT"):
        return f"0.0.0.0:{_int_env('PORT', 8000)}"
    return "127.0.0.1:8000"


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
worker_class = "gthread"
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
    from search.index import threads
    from search.service import warm_up
    threads.start("warm-up", warm_up)
# A slow client is buffered by the reverse proxy.
timeout = _int_env("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak (or a fragmented heap after big exports)
# cannot grow forever; the jitter keeps them from all restarting at once.
max_requests = _int_env("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = 200

# Not preloaded: each worker imports Django itself after the fork, so nothing opened at import
# time (database connections, the process-wide Whoosh searcher, its file handles) is ever
# shared between processes. It costs a little memory and start-up time per worker.
preload_app = False

# Logs to stdout/stderr for the process supervisor (systemd's journal, a container runtime).
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

# Request limits: a search URL is short; anything longer is refused before Django sees it.
limit_request_line = 8190
limit_request_fields = 100

# Trust X-Forwarded-* only from the local reverse proxy (set FORWARDED_ALLOW_IPS otherwise).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
