"""/healthz turns 503 within seconds, and names the cause, when this host's index can be read
but cannot follow the database: its disk is full or read-only, its follower fails, or its
position lies outside the change log (the database was replaced)."""
import logging
import time

import pytest
from django.db import OperationalError

from search.index import changelog, follow, outbox, threads, upkeep
from search.index.drain import drain
from search.models import IndexChange
from tests.search_archive import article, index
from tests.small_disk import small_disk  # noqa: F401 (a fixture)

# Committed: the follower looks from a thread of its own, with a connection of its own.
pytestmark = pytest.mark.django_db(transaction=True)
WITHIN = 5          # seconds: what the load balancer may wait for the truth


@pytest.fixture(autouse=True)
def no_failure_from_another_test():
    upkeep.succeeded()
    yield
    upkeep.succeeded()


@pytest.fixture(autouse=True)
def follower_stopped(transactional_db, settings):
    """The follower is off and its last look over before the database is emptied (asking for
    transactional_db makes this teardown come first): a look that a test's last probe
    started met the flush ('database table is locked' on SQLite)."""
    yield
    settings.INDEX_FOLLOW_INTERVAL = 0
    follow_finished()


@pytest.fixture
def on_small_disk(small_disk, settings):  # noqa: F811
    settings.SEARCH_INDEX_DIR = small_disk.path / "index"
    return small_disk


def probe_until_failing(client):
    """Probe /healthz as a load balancer does (each probe may start the follower's look)
    until it fails; the failing answer's JSON, with how long it took."""
    started = time.monotonic()
    while True:
        response = client.get("/healthz")
        if response.status_code == 503 or time.monotonic() - started > WITHIN:
            return response, time.monotonic() - started
        follow_finished()
        time.sleep(0.05)


def follow_finished():
    thread = threads.running(follow.FOLLOWER)
    if thread is not None:
        thread.join(10)


def edit_elsewhere(monkeypatch, headline="Edited on another host: Kupiansk."):
    """A change this host has not applied yet, as one made on another host is."""
    with monkeypatch.context() as patched:
        patched.setattr(outbox, "drain", lambda *a, **k: None)
        article(headline, "A paragraph.")


def test_a_full_disk_says_so_at_once(client, on_small_disk):
    article("Drones over Kursk", "A paragraph about drones.")
    index()
    assert client.get("/healthz").status_code == 200
    on_small_disk.fill()
    response, took = probe_until_failing(client)
    assert response.status_code == 503 and took < WITHIN
    assert response.json()["reason"] == "index cannot be written: the disk is full"
    assert response.json()["index"] == "not following"
    assert str(on_small_disk.path) not in response.content.decode()    # no folders


def test_a_drain_on_a_full_disk_fails_and_is_tried_again_once_there_is_room(
        client, on_small_disk, settings, caplog, monkeypatch):
    article("Drones over Kursk", "A paragraph about drones.")
    index()
    on_small_disk.fill()
    edit_elsewhere(monkeypatch)
    settings.INDEX_FOLLOW_INTERVAL = 0.01
    with caplog.at_level(logging.ERROR):
        for _ in range(3):      # three probes, three looks: one line in the log, no traceback
            assert client.get("/healthz").status_code == 503
            follow_finished()
            time.sleep(0.02)
    lines = [r for r in caplog.records if "cannot follow the change log" in r.getMessage()]
    assert len(lines) == 1 and "is full" in lines[0].getMessage() and not lines[0].exc_info
    on_small_disk.free_space()
    time.sleep(0.02)
    client.get("/healthz")          # starts the look that applies the change
    follow_finished()
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["lag_rows"] == 0


def test_a_read_only_index_folder_says_so_at_once(client, on_small_disk):
    article("Drones over Kursk", "A paragraph about drones.")
    index()
    assert client.get("/healthz").status_code == 200
    on_small_disk.remount("ro")
    response, took = probe_until_failing(client)
    assert response.status_code == 503 and took < WITHIN
    assert response.json()["reason"] == "index cannot be written: its folder is read-only"
    on_small_disk.remount("rw")
    assert client.get("/healthz").status_code == 200


def test_a_follower_that_fails_while_changes_wait_says_so(client, settings, monkeypatch):
    article("Drones over Kursk", "A paragraph about drones.")
    index()
    settings.INDEX_FOLLOW_INTERVAL = 0.01

    def database_gone():
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(follow, "behind", database_gone)    # in the follower's thread only
    assert client.get("/healthz").status_code == 200        # nothing waits: nothing missed
    edit_elsewhere(monkeypatch)
    response, took = probe_until_failing(client)
    assert response.status_code == 503 and took < WITHIN
    assert response.json()["reason"] == ("index is not following the change log: its "
                                         "follower failed (OperationalError)")
    monkeypatch.undo()
    settings.INDEX_FOLLOW_INTERVAL = 0.01
    time.sleep(0.02)
    client.get("/healthz")
    follow_finished()
    assert client.get("/healthz").status_code == 200


def test_an_index_past_the_end_of_the_log_says_so_and_is_rebuilt(client):
    article("Before the restore: Kherson", "A paragraph.")
    index()
    # What a restore by pg_restore leaves: the log begins again below this index's position.
    IndexChange.objects.all().delete()
    response, took = probe_until_failing(client)
    assert response.status_code == 503 and took < WITHIN
    assert response.json()["reason"] == ("index past the end of the change log (the "
                                         "database was replaced): it must be rebuilt")
    drain()                 # what the follower does next: build the index from the database
    assert client.get("/healthz").status_code == 200


def test_an_index_of_a_replaced_database_says_so_and_is_rebuilt(client, monkeypatch):
    article("Before the restore: Kherson", "A paragraph.")
    index()
    changelog.begin_anew()          # what restore_archive does after replacing the database
    edit_elsewhere(monkeypatch)     # its row lies above this index's position: not enough
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["reason"] == ("index follows the change log of a replaced "
                                         "database: it must be rebuilt")
    drain()
    assert client.get("/healthz").status_code == 200
