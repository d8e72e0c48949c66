"""The whole search page over HTTP, as a reader waits for it: part of `manage.py bench`.

The benchmark's search figures are the complete search in-process (search.search: the
engine, the page's rows, highlighting). A page also pays for reading the request, the
middleware, the template, compression and gunicorn, and that fixed cost grew unseen once
(a results page went from 16 to 20 ms on the press releases while every engine figure
held). So the benchmark serves its throwaway archive with gunicorn as deployed
(gunicorn.conf.py, two workers, production settings over plain HTTP) and asks each query
kind's pages over one kept-alive connection, gzip accepted, as a browser asks: the pages
of the kind's queries once each (each a first search in the worker, like the search
figures), and the first query's page again and again (its repeat). Beside them it asks
/robots.txt, a page of the same middleware and no search: a request's floor.

Everything here runs inside the throwaway archive (benchmark.run_in_throwaway_archive).
"""
import http.client
import os
import re
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

WORKERS = 2
READY_SECONDS = 600      # a million-paragraph worker opens its index before answering
FLOOR_PATH = "/robots.txt"
HEADERS = {"Accept-Encoding": "gzip, deflate, br", "User-Agent": "archive-bench/1.0"}


class PageError(RuntimeError):
    """The server did not start, or answered a page with something other than 200."""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(port):
    """This process's settings (the throwaway archive's) for gunicorn, over plain HTTP."""
    return dict(os.environ, BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY=str(WORKERS),
                STATIC_ROOT=str(Path(settings.DATA_DIR) / "static"),
                SECURE_SSL_REDIRECT="false", SECURE_COOKIES="false",
                GUNICORN_LOG_LEVEL="warning",
                # one client asks every page as fast as they come: admission control's
                # per-client limits would refuse it, and a page, not a limit, is measured
                SEARCH_CLIENT_SECONDS="1000000", SEARCH_LIGHT_SECONDS="1000000")


@contextmanager
def served_archive():
    """gunicorn serving this archive (its static files collected first); yields (the port,
    the server's pid)."""
    port = free_port()
    env = server_env(port)
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    subprocess.run([*manage, "collectstatic", "--noinput", "--verbosity", "0"], env=env,
                   check=True)
    log = Path(settings.DATA_DIR) / "gunicorn.log"
    with open(log, "wb") as errors:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "archive.wsgi"],
            cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=errors)
    try:
        wait_until_ready(port, server, log)
        yield port, server.pid
    finally:
        server.terminate()
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wait_until_ready(port, server, log):
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise PageError(f"gunicorn stopped (exit {server.returncode}); see {log}")
        try:
            Client(port).get(FLOOR_PATH)
            return
        except (OSError, http.client.HTTPException, PageError):
            time.sleep(0.2)
    raise PageError(f"gunicorn did not answer in {READY_SECONDS} s; see {log}")


class Client:
    """One kept-alive connection, as a browser's."""

    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def get(self, path):
        """Milliseconds until the whole answer to GET `path` was read."""
        started = time.perf_counter()
        self.connection.request("GET", path, headers=HEADERS)
        reply = self.connection.getresponse()
        reply.read()
        if reply.status != 200:
            raise PageError(f"GET {path} answered {reply.status}")
        return (time.perf_counter() - started) * 1000


def time_pages(paths, warm, runs, summarise):
    """{"floor": Timing, kind: (first pages' Timing, repeated page's Timing)} for
    `paths` ({kind: [page path of each query]}), asked of a gunicorn over this archive
    after the pages `warm` (queries not timed: the worker's searcher, columns, templates).
    `summarise(samples)` makes a Timing (benchmark.summarise). Under "workers", each
    worker's memory after the pages (workers_memory)."""
    with served_archive() as (port, server):
        client = Client(port)
        for path in [FLOOR_PATH] * 3 + list(warm) * 2:
            client.get(path)
        found = {"floor": summarise([client.get(FLOOR_PATH) for _ in range(max(runs, 10))])}
        for kind, kind_paths in paths.items():
            first = summarise([client.get(path) for path in kind_paths])
            client.get(kind_paths[0])
            again = summarise([client.get(kind_paths[0]) for _ in range(runs)])
            found[kind] = (first, again)
        found["workers"] = workers_memory(server)
    return found


MEMORY_LINE = re.compile(r"^(VmRSS|RssAnon|RssFile|RssShmem):\s+(\d+) kB", re.M)


def workers_memory(server):
    """The resident memory of each of the gunicorn `server`'s workers in MB, as Linux
    counts it (/proc/PID/status), with its two parts: `own` (anonymous: the arrays,
    caches and objects of that worker alone) and `files` (the index files it has mapped:
    the page cache's, shared by every worker of the host). [] where /proc is not."""
    found = []
    for pid in children(server):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        kb = {key: int(value) for key, value in MEMORY_LINE.findall(status)}
        if "VmRSS" in kb:
            found.append({"rss_mb": round(kb["VmRSS"] / 1e3, 1),
                          "own_mb": round(kb.get("RssAnon", 0) / 1e3, 1),
                          "files_mb": round((kb.get("RssFile", 0) + kb.get("RssShmem", 0)) / 1e3, 1)})
    return found


def children(pid):
    """The pids whose parent is `pid` (Linux /proc; [] elsewhere)."""
    try:
        return sorted(int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split())
    except OSError:
        return []
