"""Memory of one web process over many requests, against a kept benchmark archive.

    DEBUG=true nice .venv/bin/python manage.py bench --paragraphs 50000 --runs 1 --keep /tmp/bench50k
    nice .venv/bin/python -m tests.load.memory_soak /tmp/bench50k 5000

Requests go through the WSGI application, as gunicorn calls it (Django's test Client
connects signal receivers per request, whose weakref finalizers would be its own growth),
in one process with DEBUG off. Each is new, as many readers' would be: random words of
the archive's own paragraphs, one to five, sometimes a phrase, a prefix, an outlet, a
date or a later page; article pages with marks, the API, feeds, the attention chart,
citations. Every 250 requests: resident memory (anonymous, and file-backed: libraries and
the index files' pages, shared with the host's other workers), and every 1,000 what the
caches hold (functools caches of more than 1,000 entries; the memos of the process and
of the live generation, memo.py).
"""
import functools
import gc
import io
import os
import random
import sys
import time
import urllib.parse
from wsgiref.util import setup_testing_defaults


def status_mb(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def setup(folder):
    os.environ.update(
        DEBUG="false", SECRET_KEY="memory-soak-" + "k" * 50, ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"sqlite:///{folder}/db.sqlite3", SEARCH_INDEX_DIR=f"{folder}/index",
        STATIC_ROOT=f"{folder}/static", SECURE_SSL_REDIRECT="false", SECURE_COOKIES="false",
        DJANGO_SETTINGS_MODULE="archive.settings", LOG_LEVEL="WARNING",
        INDEX_FOLLOW_INTERVAL="0", AXES_ENABLED="false")
    import django
    django.setup()
    from django.core.management import call_command
    if not os.path.exists(f"{folder}/static/staticfiles.json"):
        call_command("collectstatic", "--no-input", verbosity=0)
    from django.core.wsgi import get_wsgi_application
    return get_wsgi_application()


def get(app, path):
    """The status of GET `path`, its body read to the end as a server would."""
    route, _, query = path.partition("?")
    environ = {"PATH_INFO": urllib.parse.unquote(route), "QUERY_STRING": query,
               "REQUEST_METHOD": "GET", "HTTP_HOST": "testserver", "wsgi.input": io.BytesIO()}
    setup_testing_defaults(environ)
    status = []
    body = app(environ, lambda line, headers, exc_info=None: status.append(line))
    try:
        for _ in body:
            pass
    finally:
        getattr(body, "close", lambda: None)()
    return int(status[0].split()[0])


def vocabulary(rng):
    from archive.models import Chunk
    ids = list(Chunk.objects.values_list("id", flat=True))
    words = set()
    for text in Chunk.objects.filter(id__in=rng.sample(ids, min(400, len(ids)))) \
            .values_list("text", flat=True):
        words.update(w.strip(".,;:()\"'").lower() for w in text.split())
    return sorted(w for w in words if w.isalpha() and 3 < len(w) < 15)


def searches(rng, words, articles, outlets):
    """Endless request paths, in a readers' mix."""
    while True:
        q = " ".join(rng.choice(words) for _ in range(rng.choice([1, 1, 2, 2, 3, 5])))
        kind = rng.random()
        if kind < 0.45:
            params = {"q": q}
            if rng.random() < 0.3:
                params["outlet"] = rng.choice(outlets)
            if rng.random() < 0.2:
                params["from"] = f"{rng.randint(2022, 2024)}-0{rng.randint(1, 9)}-01"
            if rng.random() < 0.2:
                params["page"] = rng.randint(2, 3)
            if rng.random() < 0.1:
                params["q"] = f'"{q}"' if " " in q else q + "*"
            yield "/?" + urllib.parse.urlencode(params)
        elif kind < 0.65:
            yield f"/articles/{rng.choice(articles)}/?" + urllib.parse.urlencode({"q": q})
        elif kind < 0.8:
            yield "/api/search?" + urllib.parse.urlencode({"q": q, "per_page": 50})
        elif kind < 0.87:
            yield "/search/feed.atom?" + urllib.parse.urlencode({"q": q})
        elif kind < 0.92:
            yield "/search/attention?" + urllib.parse.urlencode({"q": q})
        elif kind < 0.96:
            yield f"/articles/{rng.choice(articles)}/cite.bib"
        else:
            yield "/?" + urllib.parse.urlencode({"q": q, "group": "paragraph"})


def caches():
    """One line per cache that fills: its entries (and counted bytes for memos)."""
    lines = []
    for wrapper in gc.get_objects():
        # type(), not isinstance(): a lazy object would be evaluated by the test.
        if type(wrapper) is functools._lru_cache_wrapper and wrapper.cache_info().currsize > 1000:
            info = wrapper.cache_info()
            name = getattr(wrapper, "__module__", "?") + "." + getattr(wrapper, "__qualname__", "?")
            lines.append(f"    {name}: {info.currsize} of {info.maxsize}")
    from search.index.memo import PROCESS
    from search.index.searcher import POOL
    memos = list(PROCESS.named().items()) + list(POOL._cache._memos.named().items())
    lines += [f"    memo {name}: {len(lru)} ({lru.bytes / 2**20:.1f} MB counted)"
              for name, lru in memos if len(lru)]
    return "\n".join(lines)


def main(folder, total):
    app = setup(folder)
    from archive.models import Article, Outlet
    rng = random.Random(1)
    paths = searches(rng, vocabulary(rng), list(Article.objects.values_list("id", flat=True)),
                     list(Outlet.objects.values_list("slug", flat=True)))
    started, answered = time.monotonic(), {}
    for n in range(1, total + 1):
        code = get(app, next(paths))
        answered[code] = answered.get(code, 0) + 1
        if n % 250 == 0:
            print(f"{n:6d} requests  resident {status_mb('VmRSS'):6.1f} MB (anonymous "
                  f"{status_mb('RssAnon'):6.1f}, files {status_mb('RssFile'):5.1f})  "
                  f"{time.monotonic() - started:5.0f} s  {answered}", flush=True)
            if n % 1000 == 0:
                print(caches(), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
