"""A real deployment for the load tests: gunicorn with 4 workers on 127.0.0.1, a temporary
data folder (migrated, seeds and a generated corpus imported, index built, static collected).

These tests run only when asked for: `pytest -m load tests/load` (they take a few minutes).
LOAD_SECONDS sets the length of the concurrent run (default 30).
"""
import http.cookiejar
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.databases import drop_postgres_database, fresh_postgres_database

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "fixtures" / "seeds"
WORKERS = 4
STAFF = ("loadadmin", "a-long-load-test-password")
ADMIN_URL = "office-load/"
VOCABULARY = ("kursk kharkiv kyiv odesa zaporizhzhia donetsk luhansk crimea bakhmut avdiivka "
              "drone missile strike artillery shelling offensive counteroffensive mobilisation "
              "sanctions grain corridor refugees evacuation ceasefire negotiations energy grid "
              "power station substation border brigade frontline trench minefield bridge port "
              "ammunition tank howitzer air defence interceptor satellite convoy depot").split()


def pytest_collection_modifyitems(config, items):
    if "load" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="load tests run with -m load")
    for item in items:
        if "load" in item.keywords:
            item.add_marker(skip)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def corpus(path, articles=300, seed=7):
    """A JSON lines file of generated articles, enough for searches to do real work."""
    rng = random.Random(seed)
    outlets = ["Reuters", "Kyiv Independent", "Meduza", "BBC News", "Associated Press"]
    with open(path, "w", encoding="utf-8") as file:
        for n in range(articles):
            paragraphs = [" ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(30, 70))).capitalize() + "."
                          for _ in range(rng.randint(4, 10))]
            file.write(json.dumps({
                "title": " ".join(rng.choice(VOCABULARY) for _ in range(6)).capitalize(),
                "outlet": rng.choice(outlets), "author": "Load Desk",
                "published": f"{rng.randint(2022, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "url": f"https://news.example.org/load/{n}", "body": "\n\n".join(paragraphs),
            }) + "\n")


class Site:
    """The running deployment: its URL, its environment, and helpers to drive it.
    SQLite in the data folder, or a fresh database when DATABASE_URL is PostgreSQL."""

    def __init__(self, data_dir, database_url=None, workers=WORKERS, one_client_many_readers=True):
        """`database_url`: share another Site's database (another host) instead of a new one.
        `one_client_many_readers`: the test's reader threads, all from 127.0.0.1, stand for
        many readers, so the per-client search limits are lifted (test_hostile_load.py and
        test_admission.py test them, with an address per client)."""
        self.data_dir, self.workers = data_dir, workers
        given = os.environ.get("DATABASE_URL", "")
        self.owns_database = database_url is None
        self.database_url = database_url or (
            fresh_postgres_database(given) if given.startswith("postgres") else "")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("SECURE_", "AXES_", "DJANGO_", "DATABASE_URL"))}
        self.env.update(
            DJANGO_SETTINGS_MODULE="archive.settings", DEBUG="false",
            SECRET_KEY="load-test-secret-" + "s" * 40, DATA_DIR=str(data_dir),
            STATIC_ROOT=str(data_dir / "static"), ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_SSL_REDIRECT="false", SECURE_COOKIES="false", ADMIN_URL=ADMIN_URL,
            BIND=f"127.0.0.1:{self.port}", WEB_CONCURRENCY=str(workers), LOG_LEVEL="WARNING",
            GUNICORN_LOG_LEVEL="warning", PYTHONUNBUFFERED="1",
        )
        if self.database_url:
            self.env["DATABASE_URL"] = self.database_url
        if one_client_many_readers:
            self.env.update(SEARCH_CLIENT_SECONDS="1000000", SEARCH_LIGHT_SECONDS="1000000")
        self.server = None
        self.log = open(data_dir / "gunicorn.log", "ab")

    @property
    def index_dir(self):
        return self.data_dir / "index"

    def manage(self, *args, check=True, timeout=600):
        result = subprocess.run([sys.executable, "manage.py", *map(str, args)], cwd=ROOT, env=self.env,
                                capture_output=True, text=True, timeout=timeout)
        if check and result.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(map(str, args))} failed:\n"
                                 f"{result.stdout}\n{result.stderr}")
        return result

    def python(self, *args, **kwargs):
        return subprocess.Popen([sys.executable, *map(str, args)], cwd=ROOT, env=self.env, **kwargs)

    def prepare(self, articles=300):
        self.manage("migrate", "--no-input")
        self.manage("collectstatic", "--no-input")
        corpus(self.data_dir / "corpus.jsonl", articles)
        self.manage("import_articles", SEEDS, self.data_dir / "corpus.jsonl", "--quiet")
        self.manage("rebuild_index", "--no-progress")
        self.env_with(DJANGO_SUPERUSER_PASSWORD=STAFF[1])
        self.manage("createsuperuser", "--no-input", "--username", STAFF[0], "--email", "a@example.org")

    def env_with(self, **values):
        self.env.update(values)

    def start(self):
        self.server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "archive.wsgi", "-c", "gunicorn.conf.py"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.get("/healthz")[0] == 200 and len(self.worker_pids()) == self.workers:
                    return
            except OSError:
                pass
            if self.server.poll() is not None:
                raise AssertionError("gunicorn exited: " + (self.data_dir / "gunicorn.log").read_text())
            time.sleep(0.2)
        raise AssertionError("gunicorn did not answer /healthz within 60 s")

    def stop(self):
        if self.server and self.server.poll() is None:
            self.server.send_signal(signal.SIGTERM)
            try:
                self.server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.server.kill()
        self.log.close()
        if self.database_url and self.owns_database:
            drop_postgres_database(self.database_url)

    def worker_pids(self):
        """The gunicorn master's children (its workers), read from /proc."""
        children = Path(f"/proc/{self.server.pid}/task/{self.server.pid}/children")
        return [int(p) for p in children.read_text().split()] if children.exists() else []

    def get(self, path, timeout=30, opener=None):
        """(status, body bytes, seconds) of one GET; HTTP errors are answers, not exceptions."""
        started = time.monotonic()
        try:
            with (opener or urllib.request.build_opener()).open(self.base + path, timeout=timeout) as r:
                return r.status, r.read(), time.monotonic() - started
        except urllib.error.HTTPError as error:
            return error.code, error.read(), time.monotonic() - started

    def search_count(self, word):
        # boilerplate=on: whether the index holds the word, not whether the page shows it (the
        # writers' marker paragraphs repeat one filler, so an outlet's copies of it are
        # boilerplate and left out of ordinary searches)
        query = {"q": word, "variants": "off", "boilerplate": "on"}
        status, body, _ = self.get("/api/search?" + urllib.parse.urlencode(query))
        assert status == 200, (word, status, body[:300])
        return json.loads(body)["total_articles"]


class AdminClient:
    """A logged-in staff session over plain HTTP, posting the admin's own forms."""

    def __init__(self, site):
        self.site = site
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            NoRedirect())
        self.post(f"/{ADMIN_URL}login/", {"username": STAFF[0], "password": STAFF[1],
                                           "next": f"/{ADMIN_URL}"})

    def get(self, path):
        return self.site.get(path, opener=self.opener)

    def post(self, path, fields):
        status, page, _ = self.get(path)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert match, (path, status, page[:300])
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": match.group(1).decode(), **fields}).encode()
        request = urllib.request.Request(self.site.base + path, data=data,
                                         headers={"Referer": self.site.base + path})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 after a successful admin POST is the answer we want to see


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    running = Site(tmp_path_factory.mktemp("load-data"))
    running.prepare()
    running.start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def front(tmp_path_factory):
    """gunicorn behind the project's nginx.conf, as the README deploys it (tests/load/proxy.py):
    one for the whole run, shared by the tests that go through the proxy."""
    from .proxy import start_front

    site, proxy = start_front(tmp_path_factory.mktemp("behind-nginx"))
    yield site, proxy
    proxy.stop()
    site.stop()
