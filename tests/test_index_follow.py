"""Following the change log: changes made on another host reach this host's index while the
site is in use (a background look at the log's head), or through `sync_index --follow`."""
import time

import pytest
from whoosh.qparser import QueryParser

from search.index import follow, outbox, threads
from search.index.drain import drain
from search.index.searcher import searching
from tests.search_archive import waiting
from tests.test_index_outbox import hold_writer_lock_in_another_process

pytestmark = pytest.mark.django_db(transaction=True)


def found(word):
    with searching() as s:
        query = QueryParser("text", s.searcher.schema).parse(word)
        return len(s.searcher.search(query, limit=None))


@pytest.fixture
def another_host(monkeypatch):
    """Commits from here on drain no index of this host: as if made on another host."""
    monkeypatch.setattr(outbox, "drain", lambda *a, **k: None)


def wait_for_follower():
    thread = threads.running(follow.FOLLOWER)
    if thread is not None:
        thread.join(10)


def test_it_applies_a_change_from_another_host_after_a_request(make_article, another_host,
                                                               client, settings):
    settings.INDEX_FOLLOW_INTERVAL = 0.05
    drain()
    make_article("Made on another host: Kupiansk.")
    assert waiting() == 1 and follow.behind()
    time.sleep(0.06)
    assert client.get("/").status_code == 200      # the request starts the look
    wait_for_follower()
    assert found("kupiansk") == 1 and waiting() == 0 and not follow.behind()


def test_it_answers_while_another_process_holds_the_writer_lock(make_article, another_host,
                                                                client, settings):
    settings.INDEX_FOLLOW_INTERVAL = 0.05
    drain()
    make_article("Made on another host: Lyman.")
    holder = hold_writer_lock_in_another_process()
    try:
        time.sleep(0.06)
        assert client.get("/?q=lyman").status_code == 200
        wait_for_follower()
        assert found("lyman") == 0                  # the lock holder drains; nobody waited
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
    time.sleep(0.06)
    client.get("/")
    wait_for_follower()
    assert found("lyman") == 1


def test_it_looks_no_more_than_once_an_interval(make_article, another_host, client, settings):
    settings.INDEX_FOLLOW_INTERVAL = 3600
    drain()
    threads.THREADS.started(follow.FOLLOWER, time.monotonic())
    make_article("Made on another host: Siversk.")
    client.get("/")
    wait_for_follower()
    assert found("siversk") == 0 and waiting() == 1


def test_it_follows_as_a_service_and_builds_an_empty_index(make_article, another_host):
    make_article("Before this host had an index: Kreminna.")
    reports, looks = [], []

    def stop_after_two_looks():
        looks.append(1)
        return len(looks) > 2

    follow.follow_forever(0, stop_after_two_looks, reports.append)
    assert found("kreminna") == 1 and len(reports) == 1 and reports[0].documents == 2
