"""Admission control: a gate per process in front of searches, and per-client allowances,
each answered with 429 and Retry-After when passed (search/web/admission.py)."""
import os
import threading
import time

import pytest
from django.core.cache import cache
from django.test import override_settings

from search.web import admission, host_counts, host_slots
from search.web.admission import Gate
from search.web.allowance import Allowance, client_key

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def archive():
    from tests import hostile
    hostile.small_archive()


def test_it_lets_a_few_in_queues_a_few_and_refuses_the_rest():
    gate, answers = Gate(slots=2, queue=1), []
    assert gate.enter(wait=0) and gate.enter(wait=0)
    waiter = threading.Thread(target=lambda: answers.append(gate.enter(wait=5)))
    waiter.start()
    time.sleep(0.1)
    assert gate.enter(wait=0) is False          # the queue holds one: full
    gate.leave()
    waiter.join(timeout=5)
    assert answers == [True]                     # the one waiting got the freed slot


def test_it_lets_the_lightest_waiter_in_first_and_in_place_of_a_heavier_one():
    gate, answers = Gate(slots=1, queue=2), {}
    assert gate.enter(wait=0)

    def wait_in_line(name, priority):
        answers[name] = gate.enter(wait=5, priority=priority)
    lines = []
    for name, priority in (("heavy", 900.0), ("heavier", 950.0), ("reader", 30.0)):
        lines.append(threading.Thread(target=wait_in_line, args=(name, priority)))
        lines[-1].start()
        time.sleep(0.1)
    time.sleep(0.1)
    assert answers == {"heavier": False}       # the full queue made room for the reader
    gate.leave()
    time.sleep(0.1)
    assert answers["reader"] is True and "heavy" not in answers   # the reader went first
    gate.leave()
    lines[0].join(timeout=5)
    assert answers["heavy"] is True


def test_it_refuses_after_waiting_its_longest():
    gate = Gate(slots=1, queue=1)
    assert gate.enter(wait=0)
    started = time.monotonic()
    assert gate.enter(wait=0.2) is False
    assert 0.2 <= time.monotonic() - started < 2


def test_it_counts_use_over_a_sliding_minute_and_says_when_it_is_back():
    allowance = Allowance("search", limit=1000, window=60)
    allowance.charge("203.0.113.9", 1200, now=600.0)          # all of one window and more
    used, wait = allowance.used("203.0.113.9", now=630.0)
    assert used == 1200 and wait == pytest.approx(30 + 60 * (1 - 1000 / 1200))
    used, _ = allowance.used("203.0.113.9", now=690.0)        # half of it has slid out
    assert used == pytest.approx(600)
    assert allowance.used("198.51.100.7", now=630.0) == (0, 0)


def test_every_worker_of_the_host_sees_a_clients_use_at_once():
    allowance = Allowance("search", limit=1000, window=60)
    child = os.fork()
    if child == 0:                   # another worker of the host charges the client
        try:
            allowance.charge("203.0.113.9", 700, now=600.0)
        finally:
            os._exit(0)
    os.waitpid(child, 0)
    allowance.charge("203.0.113.9", 400, now=601.0)
    assert allowance.used("203.0.113.9", now=602.0)[0] == 1100


def test_a_full_table_forgets_the_count_that_expires_first_and_expired_counts_read_as_none(
        monkeypatch):
    monkeypatch.setattr(host_counts, "RECORDS", host_counts.RUN)     # one run: every key in it
    for n in range(host_counts.RUN):
        host_counts.add(f"client-{n}", 10, timeout=100 + n, now=0.0)
    host_counts.add("newcomer", 5, timeout=100, now=1.0)
    counts = host_counts.get_many(["client-0", "client-1", "newcomer"], now=2.0)
    assert counts == {"client-1": 10, "newcomer": 5}      # client-0 expired first: it gave way
    assert host_counts.get_many(["client-1"], now=101.5) == {}


@override_settings(CACHE_URL="locmemcache://")
def test_it_counts_in_the_cache_the_hosts_share_when_one_is_named():
    allowance, now = Allowance("search", limit=1000, window=60), time.time()
    allowance.charge("203.0.113.9", 300, now=now)
    allowance.charge("203.0.113.9", 200, now=now)
    assert allowance.used("203.0.113.9", now=now)[0] >= 500
    key = allowance._key("203.0.113.9", now // 60)
    assert cache.get(key) == 500 and host_counts.get_many([key]) == {}


def test_it_counts_an_ipv6_subscriber_once():
    assert client_key("2001:db8:1:2::5") == client_key("2001:db8:1:2:ffff::1")
    assert client_key("2001:db8:1:3::5") != client_key("2001:db8:1:2::5")
    assert client_key("203.0.113.9") == "203.0.113.9"


@override_settings(SEARCH_CLIENT_SECONDS=0.05)
def test_it_refuses_a_client_that_used_its_search_time_with_429_and_retry_after(archive, client):
    for _ in range(200):
        response = client.get("/api/search", {"q": "kursk OR drones~2 OR depot*"},
                              REMOTE_ADDR="203.0.113.9")
        if response.status_code == 429:
            break
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 120
    assert response.json()["retry_after"] == int(response["Retry-After"])
    # another reader, the same page an instant later: answered
    assert client.get("/api/search", {"q": "kursk"}, REMOTE_ADDR="198.51.100.7").status_code == 200
    page = client.get("/", {"q": "kursk"}, REMOTE_ADDR="203.0.113.9")
    assert page.status_code == 429 and b"try again in" in page.content
    # reading articles is never held back
    assert client.get("/healthz", REMOTE_ADDR="203.0.113.9").status_code == 200


@override_settings(EXPORTS_PER_CLIENT_HOUR=2)
def test_it_limits_each_clients_exports_per_hour(archive, client):
    statuses = [export(client, "203.0.113.9") for _ in range(3)]
    assert [r.status_code for r in statuses] == [200, 200, 429]
    assert 1 <= int(statuses[-1]["Retry-After"]) <= 3600      # when the hour slides past them
    assert export(client, "198.51.100.7").status_code == 200


def export(client, address):
    response = client.get("/search/export.csv", {"q": "kursk"}, REMOTE_ADDR=address)
    if response.streaming:      # read to its end, which frees its slots, as a download does
        b"".join(response.streaming_content)
    return response


@override_settings(SEARCH_MAX_CONCURRENT=1, SEARCH_QUEUE=0)
def test_it_answers_busy_with_429_when_the_gate_is_full(archive, client):
    held = admission.gate()
    assert held.enter(wait=0)
    try:
        response = client.get("/", {"q": "kursk"})
        assert response.status_code == 429
        assert response["Retry-After"] == str(admission.BUSY_RETRY_SECONDS)
        assert b"many searches at the moment" in response.content
        # pages that are not searches pass beside it
        assert client.get("/api/").status_code == 200
    finally:
        held.leave()
    assert client.get("/", {"q": "kursk"}).status_code == 200


@override_settings(PROXY_COUNT=1, SEARCH_CLIENT_SECONDS=0.05)
def test_it_counts_the_client_behind_the_proxy(archive, client):
    for _ in range(200):
        response = client.get("/api/search", {"q": "kursk OR drones~2 OR depot*"},
                              REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
        if response.status_code == 429:
            break
    assert response.status_code == 429
    assert client.get("/api/search", {"q": "kursk"}, REMOTE_ADDR="127.0.0.1",
                      HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 200


@override_settings(SEARCH_LIGHT_SECONDS=0.001, SEARCH_COSTLY_CONCURRENT=1)
def test_it_keeps_clients_past_their_light_share_to_the_hosts_costly_lane(archive, client):
    heavy, reader = {"REMOTE_ADDR": "203.0.113.9"}, {"REMOTE_ADDR": "198.51.100.7"}
    assert client.get("/api/search", {"q": "drones~2 OR depot*"}, **heavy).status_code == 200
    held = host_slots.take("costly", 1)       # another worker's costly search, in progress
    try:
        refused = client.get("/api/search", {"q": "kursk"}, **heavy)
        assert refused.status_code == 429
        assert refused["Retry-After"] == str(admission.BUSY_RETRY_SECONDS)
        assert client.get("/api/search", {"q": "kursk"}, **reader).status_code == 200
        export = client.get("/search/export.csv", {"q": "kursk"}, **reader)
        assert export.status_code == 429     # an export is costly work whoever asks
    finally:
        held.release()
    assert client.get("/api/search", {"q": "kursk"}, **heavy).status_code == 200


def test_it_rests_a_costly_slot_as_long_as_told(index_dir):
    slot = host_slots.take("costly", 1)
    slot.release(rest=0.3)
    assert host_slots.take("costly", 1) is None          # resting: no one takes it
    time.sleep(0.4)
    again = host_slots.take("costly", 1)
    assert again is not None
    again.release()


def test_a_search_is_answered_when_its_clients_use_cannot_be_counted(archive, client, index_dir,
                                                                     caplog):
    index_dir.mkdir(parents=True, exist_ok=True)
    (index_dir / "client-counts").mkdir()        # the table cannot be opened: no file there
    response = client.get("/api/search", {"q": "kursk"}, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    assert "was not counted" in caplog.text
