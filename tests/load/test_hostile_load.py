"""Hostile traffic against a real gunicorn with 4 workers (see conftest.py): no request
can stall the site.

    .venv/bin/pytest -m load tests/load/test_hostile_load.py -s   # figures in test-artifacts/load.json

A normal client searches alone for a while (its p95 with no hostile traffic), then again
while 20 hostile clients at once send thousand-letter unknown words, 50-word fuzzy
queries, deep wildcards and whole-archive exports, and a prober asks /healthz twice a
second. Afterwards: no 5xx at all, every /healthz answered 200 within a second, and the
normal client's p95 beside its p95 alone, in the same run.
"""
import http.client
import json
import os
import random
import string
import subprocess
import sys
import threading
import time
import urllib.parse

import pytest

from .conftest import ROOT, VOCABULARY
from .test_load import QUERIES, percentile

pytestmark = pytest.mark.load

HOSTILE_SECONDS = float(os.environ.get("HOSTILE_SECONDS", "40"))
BASELINE_SECONDS = 10
HOSTILE_CLIENTS = 20
HEALTHZ_EVERY = 0.5


def long_unknown_word(rng):
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(1000))


def fifty_fuzzy_words(rng):
    return " ".join(rng.choice(VOCABULARY)[:-1] + rng.choice("xz") + "~2" for _ in range(50))


def deep_wildcards(rng):
    return " OR ".join(f"{a}{b}*" for a in "sdmcbt" for b in "aeiour")


def export(rng):
    return rng.choice(["/search/export.csv", "/search/export.json"])


HOSTILE_KINDS = {
    "long_unknown_word": lambda rng: "/?" + urllib.parse.urlencode({"q": long_unknown_word(rng)}),
    "fifty_fuzzy_words": lambda rng: "/api/search?" + urllib.parse.urlencode(
        {"q": fifty_fuzzy_words(rng)}),
    "deep_wildcards": lambda rng: "/?" + urllib.parse.urlencode({"q": deep_wildcards(rng)}),
    "whole_archive_export": export,
}


class Clients:
    """Threads sending requests in a loop until stopped; every answer recorded."""

    def __init__(self, site):
        self.site, self.stop_event = site, threading.Event()
        self.answers = []                # (kind, status, seconds)
        self.failures = []               # connection errors
        self.threads = []

    def add(self, kind, next_path, pause=0.0):
        self.threads.append(threading.Thread(target=self.run, args=(kind, next_path, pause)))

    def run(self, kind, next_path, pause):
        while not self.stop_event.is_set():
            path = next_path()
            try:
                status, _, seconds = self.site.get(path, timeout=60)
                self.answers.append((kind, status, seconds))
            except (OSError, http.client.HTTPException) as error:
                self.failures.append(f"{kind} {path[:80]}: {type(error).__name__}: {error}")
            if pause:
                self.stop_event.wait(pause)

    def run_for(self, seconds):
        for thread in self.threads:
            thread.start()
        time.sleep(seconds)
        self.stop_event.set()
        for thread in self.threads:
            thread.join()

    def of(self, kind):
        return [(status, seconds) for k, status, seconds in self.answers if k == kind]


# A load balancer probes from its own process. In the clients' process, the prober's own
# thread would wait for the GIL behind twenty threads reading hostile answers, and its
# times would be the test's, not the site's.
PROBE = """
import http.client, json, sys, time, urllib.error, urllib.request
url, every, seconds = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
answers, failures, end = [], [], time.monotonic() + seconds
while time.monotonic() < end:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            r.read(); status = r.status
    except urllib.error.HTTPError as error:
        status = error.code
    except (OSError, http.client.HTTPException) as error:
        failures.append(f"healthz: {type(error).__name__}: {error}")
        status = None
    if status is not None:
        answers.append((status, time.monotonic() - started))
    time.sleep(every)
print(json.dumps({"answers": answers, "failures": failures}))
"""


class Prober:
    """/healthz every HEALTHZ_EVERY seconds, from a process of its own, while the clients run."""

    def __init__(self, site):
        self.process = subprocess.Popen(
            [sys.executable, "-c", PROBE, site.base + "/healthz", str(HEALTHZ_EVERY),
             str(HOSTILE_SECONDS)], stdout=subprocess.PIPE, text=True)

    def results(self):
        """([(status, seconds)], [connection errors]) once the prober is done."""
        out, _ = self.process.communicate(timeout=HOSTILE_SECONDS + 120)
        found = json.loads(out)
        return [tuple(answer) for answer in found["answers"]], found["failures"]


def normal_searches():
    queries = iter(range(1 << 30))

    def next_path():
        i = next(queries)
        path = "/?" if i % 2 else "/api/search?"
        return path + urllib.parse.urlencode({"q": QUERIES[i % len(QUERIES)]})
    return next_path


def p95_ms(answers):
    return round(1000 * percentile([s for status, s in answers if status == 200], 95), 1)


def test_it_answers_everyone_and_healthz_within_a_second_under_hostile_traffic(site):
    alone = Clients(site)
    alone.add("normal", normal_searches())
    alone.run_for(BASELINE_SECONDS)

    hostile = Clients(site)
    hostile.add("normal", normal_searches())
    kinds = list(HOSTILE_KINDS)
    for n in range(HOSTILE_CLIENTS):
        kind, rng = kinds[n % len(kinds)], random.Random(n)
        hostile.add(kind, lambda make=HOSTILE_KINDS[kind], rng=rng: make(rng))
    prober = Prober(site)
    hostile.run_for(HOSTILE_SECONDS)

    healthz, probe_failures = prober.results()
    hostile.failures += probe_failures
    figures = {
        "seconds": HOSTILE_SECONDS, "gunicorn_workers": 4, "hostile_clients": HOSTILE_CLIENTS,
        "normal_p95_ms_alone": p95_ms(alone.of("normal")),
        "normal_p95_ms_under_hostile_traffic": p95_ms(hostile.of("normal")),
        "normal_requests": len(hostile.of("normal")),
        "healthz_requests": len(healthz),
        "healthz_max_ms": round(1000 * max(s for _, s in healthz), 1),
        "server_errors_5xx": sum(status >= 500 for _, status, _ in hostile.answers + alone.answers),
        "connection_errors": len(hostile.failures) + len(alone.failures),
    }
    for kind in HOSTILE_KINDS:
        answers = hostile.of(kind)
        figures[kind] = {"requests": len(answers),
                         "statuses": count_statuses(answers),
                         "max_ms": round(1000 * max((s for _, s in answers), default=0), 1)}
    record(figures)
    print("\nhostile load figures:", json.dumps(figures, indent=2))

    assert figures["server_errors_5xx"] == 0, [a for a in hostile.answers if a[1] >= 500][:5]
    assert not hostile.failures and not alone.failures, (hostile.failures + alone.failures)[:5]
    assert {status for status, _ in healthz} == {200}
    assert figures["healthz_max_ms"] < 1000, figures
    assert all(figures[kind]["requests"] for kind in HOSTILE_KINDS)


def count_statuses(answers):
    counts = {}
    for status, _ in answers:
        counts[str(status)] = counts.get(str(status), 0) + 1
    return counts


def record(figures):
    """Add the figures to test-artifacts/load.json under "hostile", keeping the rest."""
    path = ROOT / "test-artifacts" / "load.json"
    path.parent.mkdir(exist_ok=True)
    existing = json.loads(path.read_text()) if path.exists() else {}
    existing["hostile"] = figures
    path.write_text(json.dumps(existing, indent=2) + "\n")
