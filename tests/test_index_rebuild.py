"""rebuild_index: a new generation is built beside the live one and switched atomically."""
import pytest
from django.core.management import call_command
from whoosh.qparser import QueryParser

from search.index.drain import drain
from search.index.folders import current_generation, generation_names, open_live_index
from search.index.outbox import deferred
from search.index import outbox
from search.index import rebuild as rebuild_module
from search.index import segment_builders
from search.index.rebuild import rebuild
from search.index.check import find_drift
from search.index.searcher import searching
from tests.search_archive import waiting

pytestmark = pytest.mark.django_db


def found(q):
    with searching() as s:
        query = QueryParser("text", s.searcher.schema).parse(q)
        return len(s.searcher.search(query, limit=None))


def test_it_builds_an_index_equal_to_the_database(make_article):
    for n in range(5):
        make_article(f"Report {n} from Zaporizhzhia.\n\nSecond paragraph {n}.")
    call_command("rebuild_index", "--no-progress", "--procs", "1")
    drift = find_drift()
    assert drift.clean and drift.documents == 5 * 3   # two paragraphs + the article document
    assert found("zaporizhzhia") == 5
    assert waiting() == 0


def test_it_keeps_answering_from_the_old_index_during_a_rebuild(make_article):
    make_article("Old story about Mariupol.")
    drain()
    make_article("New story about Melitopol.")   # committed, not yet drained
    during = []

    def progress(added):
        during.append((found("mariupol"), found("melitopol"), drain(timeout=0.05)))

    old = current_generation()
    result = rebuild(progress=progress, procs=1)
    assert during and during[0] == (1, 0, None)   # old index served; drains wait for the lock
    assert (found("mariupol"), found("melitopol")) == (1, 1)
    assert result.generation != old and generation_names() == [result.generation]
    assert waiting() == 0


def test_it_applies_changes_committed_during_the_rebuild(make_article):
    make_article("Before the rebuild: Sumy.")
    drain()
    added = []

    def progress(_):
        if not added:
            added.append(make_article("During the rebuild: Chernihiv."))

    rebuild(progress=progress, procs=1)
    assert found("chernihiv") == 1 and find_drift().clean


def test_it_builds_with_several_processes(make_article):
    for n in range(30):
        make_article(f"Paragraph {n} on Kramatorsk.\n\nAnother on Sloviansk.")
    call_command("rebuild_index", "--no-progress", "--procs", "2")
    assert found("kramatorsk") == 30 and find_drift().clean


def test_it_writes_a_segment_per_batch_and_still_matches_the_database(make_article, monkeypatch):
    monkeypatch.setattr(rebuild_module, "DOCS_PER_WRITER", 4)
    monkeypatch.setattr(rebuild_module, "READ_BATCH", 2)
    for n in range(9):
        make_article(f"Batch {n} in Mykolaiv.\n\nMore.")
    result = rebuild(procs=1)
    assert result.documents == 27 and result.paragraphs == 18
    assert len(open_live_index()._segments()) > 1
    assert found("mykolaiv") == 9 and find_drift().clean


def test_it_catches_up_after_a_large_bulk_change_with_a_rebuild(make_article, monkeypatch):
    make_article("Already indexed: Poltava.")
    drain()
    before = current_generation()
    monkeypatch.setattr(outbox, "REBUILD_ABOVE", 2)
    with deferred():
        for n in range(3):
            make_article(f"Bulk import {n}: Vinnytsia.")
    assert current_generation() != before      # a new generation, not a drain
    assert found("vinnytsia") == 3 and found("poltava") == 1
    assert waiting() == 0 and find_drift().clean


def test_it_drains_a_small_bulk_change_into_the_live_index(make_article):
    make_article("Already indexed: Poltava.")
    drain()
    before = current_generation()
    with deferred():
        make_article("One more: Uman.")
    assert current_generation() == before
    assert found("uman") == 1 and waiting() == 0


def test_it_keeps_the_live_index_when_a_builder_process_fails(make_article, monkeypatch):
    make_article("Already indexed: Kherson.")
    drain()
    before = current_generation()

    def broken(rows):
        raise MemoryError("a builder ran out of memory")

    monkeypatch.setattr(segment_builders, "documents_from", broken)
    with pytest.raises(segment_builders.BuildFailed, match="ran out of memory"):
        rebuild(procs=2)
    assert current_generation() == before and generation_names() == [before]
    assert found("kherson") == 1


def test_a_builder_whose_rebuild_process_was_killed_stops_waiting_for_work():
    # A builder waits for batches from the rebuild's process; when that process is gone
    # (kill -9, the OOM killer), it must give up rather than wait for ever. Here the
    # parent it remembers is not its parent any more, and no batch comes.
    import multiprocessing
    import os

    jobs = multiprocessing.get_context("fork").Queue()
    with pytest.raises(segment_builders.BuildFailed, match="gone"):
        segment_builders._next_job(jobs, parent=os.getppid() + 1)
