"""The long-lived searcher: refreshed on change, no duplicates after merges, clear errors."""
import shutil
import threading

import pytest
from whoosh import query

from search.index.rows import documents_for
from search.index.drain import drain
from search.index.folders import live_dir, open_live_index
from search.index.generation import DOC_INFO
from search.index.rebuild import rebuild
from search.index.errors import IndexUnavailable
from search.index.status import index_status
from search.index.searcher import searching

pytestmark = pytest.mark.django_db


def all_ids():
    with searching() as s:
        return [hit["id"] for hit in s.searcher.search(query.Every(), limit=None)]


def add_segment(make_article, n):
    """One article, committed to the index as its own segment (no merging)."""
    article = make_article(f"Segment {n} about Kupiansk.")
    ix = open_live_index()
    writer = ix.writer()
    for doc in documents_for([article.pk]):
        writer.add_document(**doc)
    writer.commit(merge=False)
    return article


def test_it_returns_no_duplicates_from_a_refreshed_searcher_after_a_merge(make_article):
    """Whoosh forks other than 2.7.4 return duplicates here: keep this test when switching."""
    make_article("First article.")
    drain()
    with searching() as s:
        first = s.searcher
        assert s.searcher.doc_count() == 2
    for n in range(4):
        add_segment(make_article, n)
        assert len(all_ids()) == 2 * (n + 2)      # refreshed after each new segment
    ix = open_live_index()
    assert len(ix._segments()) >= 4
    ix.optimize()                                 # merge every segment into one
    with searching() as s:
        assert s.searcher is not first and s.searcher.up_to_date()
        ids = [hit["id"] for hit in s.searcher.search(query.Every(), limit=None)]
        kupiansk = s.searcher.search(query.Term("text", "kupiansk"), limit=None)
        assert len(kupiansk) == 4 and len({h["id"] for h in kupiansk}) == 4
    assert len(ids) == len(set(ids)) == 10


def test_it_empties_the_generation_cache_when_the_index_changes(make_article):
    make_article("One.")
    drain()
    with searching() as s:
        s.memo("matches", limit=8).put("a query", "its matches in this generation")
        s.info
    with searching() as s:
        assert s.memo("matches", limit=8).get("a query") == "its matches in this generation"
        assert s.cache.made(DOC_INFO) is not None
    make_article("Two.")
    drain()
    with searching() as s:
        assert s.memo("matches", limit=8).get("a query") is None
        assert s.cache.made(DOC_INFO) is None


def test_it_lends_each_thread_its_own_searcher(make_article):
    make_article("One.")
    drain()
    inside, release = threading.Barrier(2), threading.Event()
    seen = []

    def search():
        with searching() as s:
            seen.append(s.searcher)
            inside.wait(timeout=5)
            release.wait(timeout=5)

    threads = [threading.Thread(target=search) for _ in range(2)]
    for t in threads:
        t.start()
    release.set()
    for t in threads:
        t.join(timeout=10)
    assert len(seen) == 2 and seen[0] is not seen[1]


def test_it_follows_a_rebuild_to_the_new_generation(make_article):
    make_article("Before.")
    drain()
    assert len(all_ids()) == 2
    make_article("After.")
    rebuild(procs=1)
    assert len(all_ids()) == 4


def test_it_names_the_command_to_run_when_there_is_no_index(db):
    with pytest.raises(IndexUnavailable, match="rebuild_index"):
        with searching():
            pass


def test_it_names_the_command_to_run_when_the_index_is_corrupt(make_article):
    make_article("One.")
    drain()
    for toc in live_dir().glob("*.toc"):
        toc.write_bytes(b"\x00 not a table of contents")
    with pytest.raises(IndexUnavailable, match="cannot be read.*rebuild_index"):
        with searching():
            pass


def test_it_names_the_command_to_run_when_the_generation_folder_is_gone(make_article):
    make_article("One.")
    drain()
    shutil.rmtree(live_dir())
    with pytest.raises(IndexUnavailable, match="rebuild_index"):
        with searching():
            pass


def test_it_reports_index_status_as_plain_data(make_article):
    status = index_status()
    assert not status.ok and "rebuild_index" in status.message
    make_article("One.\n\nTwo.")
    drain()
    make_article("Waiting.")
    status = index_status()
    assert status.ok and status.documents == 3 and status.outbox_backlog >= 1
    assert status.generation == "gen-1" and status.as_dict()["ok"] is True
