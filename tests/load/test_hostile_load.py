"""Hostile traffic against the README's set-up (gunicorn, 4 workers, behind the project's
nginx.conf): readers keep their pace, the flood is refused.

    .venv/bin/pytest -m load tests/load/test_hostile_load.py -s   # figures in test-artifacts/load.json

Readers (each its own address) search at a reader's pace for a while alone: their p95.
Then again while 20 hostile clients, each from an address of its own, send thousand-letter
unknown words, 50-word fuzzy queries, deep wildcards and whole-archive exports as fast as
they are answered, ignoring Retry-After, and a prober asks /healthz twice a second, as a load
balancer would (every party a process of its own: tests/load/visitors.py). Afterwards: no
5xx and no dropped connection at all, every /healthz answered 200 within a second, the
readers answered (at most one refusal in twenty) and their p95 within four times their
p95 alone (the aim is twice: see the assertion), and the flood's excess answered 429. Skipped without nginx (.ci/run installs it).
The ratio is measured on the machine as it is: on one others keep busy, judge a failure by
running the test again alone.
"""
import json
import os
import subprocess
import sys

import pytest

from .conftest import ROOT
from .test_load import percentile

pytestmark = pytest.mark.load

HOSTILE_SECONDS = float(os.environ.get("HOSTILE_SECONDS", "30"))
BASELINE_SECONDS = 15
READERS = 4
HOSTILE_CLIENTS = 20
HEALTHZ_EVERY = 0.5


def visitors(proxy, kind, seconds, first_address, count, nice=0):
    return subprocess.Popen(
        [sys.executable, "-m", "tests.load.visitors", kind, str(proxy.https_port), str(seconds),
         first_address, str(count)], cwd=ROOT, stdout=subprocess.PIPE, text=True,
        preexec_fn=(lambda: os.nice(nice)) if nice else None)


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
        answers.append(("/healthz", status, time.monotonic() - started, ""))
    time.sleep(every)
print(json.dumps({"answers": answers, "failures": failures}))
"""


def prober(proxy, seconds):
    """/healthz over plain http through nginx, as a load balancer probes it."""
    return subprocess.Popen(
        [sys.executable, "-c", PROBE, f"http://127.0.0.1:{proxy.http_port}/healthz",
         str(HEALTHZ_EVERY), str(seconds)], stdout=subprocess.PIPE, text=True)


def results(process, seconds):
    out, _ = process.communicate(timeout=seconds + 180)
    found = json.loads(out)
    return [tuple(answer) for answer in found["answers"]], found["failures"]


def p95_ms(answers):
    return round(1000 * percentile([s for _, status, s, _ in answers if status == 200], 95), 1)


def count_statuses(answers):
    """{"200": n, "429 costly": n, ...}: a refusal with the limit it met."""
    counts = {}
    for _, status, _, refused in answers:
        key = f"{status} {refused}".strip()
        counts[key] = counts.get(key, 0) + 1
    return counts


def test_it_keeps_readers_at_their_pace_and_refuses_the_flood(front):
    _, proxy = front
    # Every worker warm, from addresses of their own: a reader arrives with no recent use.
    results(visitors(proxy, "reader", 5, "127.0.4.1", READERS), 5)
    alone, alone_failures = results(visitors(proxy, "reader", BASELINE_SECONDS, "127.0.3.1",
                                             READERS), BASELINE_SECONDS)
    flood = visitors(proxy, "hostile", HOSTILE_SECONDS, "127.0.2.1", HOSTILE_CLIENTS, nice=10)
    readers = visitors(proxy, "reader", HOSTILE_SECONDS, "127.0.3.1", READERS)
    probe = prober(proxy, HOSTILE_SECONDS)
    hostile, hostile_failures = results(flood, HOSTILE_SECONDS)
    under, under_failures = results(readers, HOSTILE_SECONDS)
    healthz, probe_failures = results(probe, HOSTILE_SECONDS)
    failures = alone_failures + hostile_failures + under_failures + probe_failures

    figures = {
        "seconds": HOSTILE_SECONDS, "gunicorn_workers": 4, "hostile_clients": HOSTILE_CLIENTS,
        "readers": READERS, "behind": "nginx (nginx.conf)",
        "reader_p95_ms_alone": p95_ms(alone),
        "reader_p95_ms_under_hostile_traffic": p95_ms(under),
        "reader_requests_alone": len(alone), "reader_requests_under": len(under),
        "reader_statuses_under": count_statuses(under),
        "healthz_requests": len(healthz),
        "healthz_max_ms": round(1000 * max(s for _, _, s, _ in healthz), 1),
        "hostile_statuses": count_statuses(hostile),
        "server_errors_5xx": sum(a[1] >= 500 for a in alone + under + hostile + healthz),
        "connection_errors": len(failures),
    }
    for kind in sorted({a[0] for a in hostile}):
        answers = [a for a in hostile if a[0] == kind]
        figures[kind] = {"requests": len(answers), "statuses": count_statuses(answers)}
    record(figures)
    print("\nhostile load figures:", json.dumps(figures, indent=2))

    assert figures["server_errors_5xx"] == 0, [a for a in hostile + under if a[1] >= 500][:5]
    assert not failures, failures[:5]
    assert {a[1] for a in healthz} == {200}
    assert figures["healthz_max_ms"] < 1000, figures
    # A reader is answered: a refusal now and then (its worker's short queue full of light
    # clients' searches) at most one time in twenty.
    readers_refused = [a for a in alone + under if a[1] != 200]
    assert {a[1] for a in readers_refused} <= {429}, readers_refused[:5]
    assert len(readers_refused) <= len(alone + under) / 20, figures
    refused = sum(n for status, n in figures["hostile_statuses"].items() if status.startswith("429"))
    assert refused > figures["hostile_statuses"].get("200", 0), figures
    # The aim is within twice. With one search at a time per worker it measured 1.2 to 3.0
    # times (eight runs on 2 cores, three of them in fresh-clone CI runs), the flood's own client process
    # taking most of a core beside the server; six times before admission control. The
    # margin keeps the test about a flood that takes the site, not about the machine's load.
    ratio = figures["reader_p95_ms_under_hostile_traffic"] / figures["reader_p95_ms_alone"]
    assert ratio <= 4, figures


def record(figures):
    """Add the figures to test-artifacts/load.json under "hostile", keeping the rest."""
    path = ROOT / "test-artifacts" / "load.json"
    path.parent.mkdir(exist_ok=True)
    existing = json.loads(path.read_text()) if path.exists() else {}
    existing["hostile"] = figures
    path.write_text(json.dumps(existing, indent=2) + "\n")
