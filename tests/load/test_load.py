"""Concurrency and faults against a real gunicorn with 4 workers (see conftest.py).

    .venv/bin/pytest -m load tests/load -s      # figures in test-artifacts/load.json

While client threads search, writer processes create, edit and delete articles and
commentary through the ORM and a staff client through the admin. Afterwards every committed
change must be in the index, and no request may have failed. Then faults: kill -9 of
whatever holds the index writer lock, kill -9 of a rebuild, a corrupt and a deleted index.
"""
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .conftest import ADMIN_URL, ROOT, VOCABULARY, AdminClient
from .writer import token

pytestmark = pytest.mark.load

SECONDS = float(os.environ.get("LOAD_SECONDS", "30"))
READERS = 4
WRITERS = 2
QUERIES = ["kursk", "drone strike", '"air defence"', "kyiv OR kharkiv", "grain -sanctions",
           "mobilis*", "headline:bridge", "zaporizhzhia from:2023", "artilery~", "power station"]


class Readers:
    """Client threads searching the page and the API until stopped; every answer recorded."""

    def __init__(self, site, threads=READERS):
        self.site, self.stop_event = site, threading.Event()
        self.results, self.failures = [], []   # (path kind, status, seconds); exceptions
        self.threads = [threading.Thread(target=self.run, args=(n,)) for n in range(threads)]

    def run(self, n):
        rng_words = VOCABULARY[n::READERS]
        i = 0
        while not self.stop_event.is_set():
            i += 1
            q = QUERIES[i % len(QUERIES)] if i % 2 else f"{rng_words[i % len(rng_words)]} {rng_words[(i * 7) % len(rng_words)]}"
            path = "/?" if i % 3 else "/api/search?"
            try:
                status, _, seconds = self.site.get(path + urllib.parse.urlencode({"q": q}))
                self.results.append((path, status, seconds))
            except (OSError, http.client.HTTPException) as error:
                # A worker killed mid-answer (its headers sent) is an IncompleteRead.
                self.failures.append(f"{path}{q}: {type(error).__name__}: {error}")

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop_event.set()
        for thread in self.threads:
            thread.join()

    def server_errors(self):
        return [r for r in self.results if r[1] >= 500]


class AdminWriter(threading.Thread):
    """A staff member adding commentary through the admin (and deleting some of it).

    A connection the server drops (its worker was killed) is recorded in `dropped` and
    the next change tried, as a browser user would retry."""

    def __init__(self, site, article_ids):
        super().__init__()
        self.site, self.article_ids = site, article_ids
        self.stop_event = threading.Event()
        self.tokens, self.errors, self.dropped, self.changes = [], [], [], 0

    def run(self):
        admin = AdminClient(self.site)
        n = 0
        while not self.stop_event.is_set():
            n += 1
            try:
                self.change(admin, n)
            except OSError as error:      # http.client.RemoteDisconnected among them
                self.dropped.append(f"{type(error).__name__}: {error}")

    def change(self, admin, n):
        """Add the n-th commentary (and every third time delete the last one added)."""
        word = token(19, n)
        status, _ = admin.post(f"/{ADMIN_URL}archive/commentary/add/", {
            "article": self.article_ids[n % len(self.article_ids)], "chunk": "",
            "text": f"Admin note {word}.", "_save": "Save"})
        if status != 302:
            self.errors.append(f"add commentary: HTTP {status}")
            return
        self.tokens.append(word)
        self.changes += 1
        if n % 3 == 0:
            self.delete_last(admin)

    def delete_last(self, admin):
        _, page, _ = admin.get(f"/{ADMIN_URL}archive/commentary/")
        messages = re.search(rb'class="messagelist">(.*?)</ul>', page, re.S)
        found = re.search(rb"archive/commentary/(\d+)/change/", messages.group(1) if messages else b"")
        if not found:
            return
        status, _ = admin.post(f"/{ADMIN_URL}archive/commentary/{found.group(1).decode()}/delete/",
                               {"post": "yes"})
        if status == 302:
            self.changes += 1
        else:
            self.errors.append(f"delete commentary: HTTP {status}")


def start_writers(site, seconds, seeds, out_dir):
    return [(site.python("-m", "tests.load.writer", "write", "--seconds", seconds, "--seed", seed,
                         "--out", out_dir / f"writer-{seed}.json"), out_dir / f"writer-{seed}.json")
            for seed in seeds]


def finish_writers(writers, killed=()):
    """Wait for writer processes; (changes, tokens, errors) from those that finished."""
    changes, tokens, errors = 0, [], []
    for process, out in writers:
        code = process.wait(timeout=SECONDS + 300)
        if process.pid in killed:
            continue
        if code != 0 or not out.exists():
            errors.append(f"writer {process.pid} exited {code}")
            continue
        report = json.loads(out.read_text())
        changes += report["changes"]
        tokens += report["tokens"]
        errors += report["errors"]
    return changes, tokens, errors


def index_disagreements(site, tokens):
    """Tokens whose presence in the index differs from the database's live public text."""
    tokens_file = site.data_dir / f"tokens-{time.monotonic_ns()}.json"
    tokens_file.write_text(json.dumps(tokens))
    oracle = subprocess.run([*site_python(site), "-m", "tests.load.writer", "oracle", tokens_file],
                            cwd=ROOT, env=site.env, capture_output=True, text=True, check=True)
    present = set(json.loads(oracle.stdout))
    with ThreadPoolExecutor(4) as pool:
        found = dict(zip(tokens, pool.map(lambda t: site.search_count(t) > 0, tokens)))
    wrong = [t for t in tokens if found[t] != (t in present)]
    return wrong, len(present)


def site_python(site):
    import sys
    return [sys.executable]


def drain_and_check(site):
    site.manage("sync_index")
    return site.manage("sync_index", "--check", check=False)


def lock_holder(site):
    """The pid holding the index writer's flock, from /proc/locks, or None."""
    try:
        inode = (site.index_dir / "write.lock").stat().st_ino
    except FileNotFoundError:
        return None
    for line in Path("/proc/locks").read_text().splitlines():
        parts = line.split()
        if "FLOCK" in parts and "->" not in parts and parts[5].endswith(f":{inode}"):
            return int(parts[4])
    return None


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else None


def seed_article_ids(site):
    _, body, _ = site.get("/api/search?q=drone&per_page=20")
    return [r["article"]["id"] for r in json.loads(body)["results"]]


def test_it_keeps_every_change_and_answers_every_search_under_load(site, tmp_path):
    started = time.monotonic()
    writers = start_writers(site, SECONDS, range(1, WRITERS + 1), tmp_path)
    admin = AdminWriter(site, seed_article_ids(site))
    with Readers(site) as readers:
        admin.start()
        changes, tokens, errors = finish_writers(writers)
        admin.stop_event.set()
        admin.join()
    elapsed = time.monotonic() - started

    check = drain_and_check(site)
    all_tokens = tokens + admin.tokens
    wrong, present = index_disagreements(site, all_tokens)
    latencies = [s for _, status, s in readers.results if status == 200]
    figures = {
        "seconds": round(elapsed, 1), "gunicorn_workers": 4, "reader_threads": READERS,
        "writer_processes": WRITERS, "admin_threads": 1,
        "search_requests": len(readers.results), "server_errors_5xx": len(readers.server_errors()),
        "connection_errors": len(readers.failures),
        "search_p50_ms": round(1000 * statistics.median(latencies), 1),
        "search_p95_ms": round(1000 * percentile(latencies, 95), 1),
        "search_max_ms": round(1000 * max(latencies), 1),
        "changes_committed": changes + admin.changes, "orm_changes": changes,
        "admin_changes": admin.changes, "marker_words": len(all_tokens),
        "marker_words_live": present, "marker_words_index_agrees": len(all_tokens) - len(wrong),
        "write_errors": len(errors) + len(admin.errors), "sync_index_check_exit": check.returncode,
    }
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    earlier = artifacts / "load.json"   # the hostile run's figures stay beside these
    kept = {"hostile": json.loads(earlier.read_text()).get("hostile")} if earlier.exists() else {}
    earlier.write_text(json.dumps({**figures, **{k: v for k, v in kept.items() if v}},
                                  indent=2) + "\n")
    print("\nload figures:", json.dumps(figures, indent=2))

    assert not readers.server_errors(), readers.server_errors()[:5]
    assert not readers.failures, readers.failures[:5]
    assert not errors and not admin.errors, (errors + admin.errors)[:5]
    assert not admin.dropped, admin.dropped[:5]     # nothing is killed in this test
    assert check.returncode == 0, check.stdout + check.stderr
    assert not wrong, f"{len(wrong)} changes disagree with the index, e.g. {wrong[:10]}"
    assert changes > 0 and admin.changes > 0


def test_it_recovers_from_kill_9_of_the_index_writer(site, tmp_path):
    writers, killed, kinds = [], set(), []
    seed = 100
    deadline = time.monotonic() + 40
    admin = AdminWriter(site, seed_article_ids(site))  # so gunicorn workers write too
    with Readers(site, threads=2) as readers:
        writers += start_writers(site, 15, [seed, seed + 1], tmp_path)
        admin.start()
        while len(killed) < 3 and time.monotonic() < deadline:
            holder = lock_holder(site)
            candidates = {p.pid: "writer process" for p, _ in writers if p.poll() is None}
            candidates.update({pid: "gunicorn worker" for pid in site.worker_pids()})
            if holder in candidates and holder not in killed:  # a zombie lingers in /proc/locks
                os.kill(holder, signal.SIGKILL)
                killed.add(holder)
                kinds.append(candidates[holder])
                seed += 2
                writers += start_writers(site, 5, [seed], tmp_path)
            time.sleep(0.005)
        changes, tokens, errors = finish_writers(writers, killed)
        admin.stop_event.set()
        admin.join()
        replaced = kill_a_gunicorn_worker(site)
        # The site goes on answering after the kills.
        after = [site.get("/?q=drone")[0] for _ in range(8)]
    print(f"\nkilled {len(killed)} lock holders mid-write: {kinds}; then gunicorn worker {replaced}")
    assert killed, "no process was caught holding the index writer lock"
    assert set(after) == {200}
    assert not readers.server_errors(), readers.server_errors()[:5]
    # Only requests in flight on a killed gunicorn worker may lose their connection: with
    # threaded workers, each of the 2 reader threads' at most, per killed worker.
    assert len(readers.failures) <= 2 * (1 + kinds.count("gunicorn worker")), readers.failures
    check = drain_and_check(site)
    assert check.returncode == 0, check.stdout + check.stderr
    wrong, _ = index_disagreements(site, tokens + admin.tokens)
    assert not wrong, wrong[:10]


def kill_a_gunicorn_worker(site):
    """kill -9 one worker mid-traffic; returns its pid once the master has replaced it."""
    victim = site.worker_pids()[0]
    os.kill(victim, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        pids = site.worker_pids()
        if victim not in pids and len(pids) == 4:
            return victim
        time.sleep(0.1)
    raise AssertionError(f"gunicorn did not replace worker {victim}")


def test_it_recovers_from_kill_9_of_a_rebuild(site, tmp_path):
    with Readers(site, threads=2) as readers:
        writers = start_writers(site, 10, [200], tmp_path)
        rebuild = site.python("manage.py", "rebuild_index", "--no-progress", start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while lock_holder(site) != rebuild.pid and time.monotonic() < deadline and rebuild.poll() is None:
            time.sleep(0.01)
        time.sleep(0.5)  # well into filling the new generation
        assert rebuild.poll() is None, "the rebuild finished before it could be killed"
        os.killpg(rebuild.pid, signal.SIGKILL)
        rebuild.wait()
        _, tokens, errors = finish_writers(writers)
        after = [site.get("/?q=drone")[0] for _ in range(8)]
    assert set(after) == {200}
    assert not readers.server_errors(), readers.server_errors()[:5]
    assert not errors, errors[:5]
    check = drain_and_check(site)
    assert check.returncode == 0, check.stdout + check.stderr
    wrong, _ = index_disagreements(site, tokens)
    assert not wrong, wrong[:10]
    site.manage("rebuild_index", "--no-progress")  # and a rebuild after the killed one works
    assert drain_and_check(site).returncode == 0


def corrupt(live):
    """Garbage in place of every index file, and a newer table of contents that is garbage too."""
    tocs = sorted(live.glob("_MAIN_*.toc"))
    generation = max(int(re.search(r"_(\d+)\.toc$", t.name).group(1)) for t in tocs)
    for path in live.iterdir():
        garbage = path.with_name(path.name + ".tmp")
        garbage.write_bytes(b"\x00garbage\xff" * 64)
        os.replace(garbage, path)
    (live / f"_MAIN_{generation + 1}.toc").write_bytes(b"not a table of contents" * 8)


@pytest.mark.parametrize("damage", ["corrupt", "deleted"])
def test_it_says_the_index_is_unavailable_and_recovers_by_rebuilding(site, damage):
    live = site.index_dir / (site.index_dir / "current").read_text().strip()
    if damage == "corrupt":
        corrupt(live)
    else:
        shutil.rmtree(site.index_dir)

    for _ in range(3 * 4):  # reach every worker
        status, body, _ = site.get("/?q=drone")
        assert status == 503 and b"Search is unavailable right now" in body, (status, body[:300])
        assert str(site.index_dir).encode() not in body   # the folder goes to the log only
    status, body, _ = site.get("/api/search?q=drone")
    assert status == 503 and json.loads(body)["message"] == "The search index cannot be read at the moment."
    assert b"rebuild_index" in (site.data_dir / "gunicorn.log").read_bytes()
    assert site.get("/healthz")[0] == 503

    admin = AdminClient(site)
    assert admin.get(f"/{ADMIN_URL}")[0] == 200
    assert admin.get(f"/{ADMIN_URL}archive/article/")[0] == 200
    status, _ = admin.post(f"/{ADMIN_URL}archive/commentary/add/", {
        "article": seed_article_ids_from_db(site), "chunk": "", "text": "Written while the index is down zqdownx.",
        "_save": "Save"})
    assert status == 302

    site.manage("rebuild_index", "--no-progress")
    assert site.get("/?q=drone")[0] == 200
    assert site.get("/healthz")[0] == 200
    assert site.search_count("zqdownx") == 1
    assert drain_and_check(site).returncode == 0


def seed_article_ids_from_db(site):
    out = site.manage("shell", "-c", "from archive.models import Article; print(Article.objects.order_by('id').first().id)")
    return out.stdout.strip().splitlines()[-1]  # after Django 5.2's "objects imported" line


def test_it_serves_hashed_compressed_static_files_with_a_long_cache(site):
    _, page, _ = site.get("/")
    paths = re.findall(rb'(?:href|src)="(/static/[^"]+)"', page)
    assert paths, "the page links no static file"
    for path in paths:
        request = urllib.request.Request(site.base + path.decode(), headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert re.search(r"\.[0-9a-f]{12}\.", path.decode()), path  # a hashed name
            assert "immutable" in response.headers["Cache-Control"]
            assert "max-age=315360000" in response.headers["Cache-Control"]
            if path.endswith((b".css", b".js")):
                assert response.headers.get("Content-Encoding") == "gzip"
