"""The index change log: changes reach the index after commit, and nothing is lost."""
import shutil
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import transaction
from whoosh.qparser import QueryParser

from archive.models import Chunk, Commentary, Outlet
from search.index.drain import drain
from search.index import outbox
from search.index.outbox import deferred
from search.index.folders import root
from search.models import IndexChange
from search.index.searcher import searching
from tests.search_archive import waiting

pytestmark = pytest.mark.django_db


def found(q, field="text"):
    """Ids of the documents a query finds in the live index."""
    with searching() as s:
        query = QueryParser(field, s.searcher.schema).parse(q)
        return sorted(hit["id"] for hit in s.searcher.search(query, limit=None))


def test_it_writes_an_outbox_row_in_the_same_transaction(make_article):
    with transaction.atomic():
        article = make_article("Shelling in Kharkiv.")
        assert IndexChange.objects.filter(article_id=article.pk).exists()
    assert IndexChange.objects.filter(article_id=article.pk).exists()


def test_it_writes_no_row_when_the_transaction_rolls_back(make_article):
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            make_article("Shelling in Kharkiv.")
            raise RuntimeError("abort")
    assert not IndexChange.objects.exists()


def test_it_makes_a_change_searchable_after_commit(make_article, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article("Drones struck an oil depot near Kursk.")
    chunk = article.chunks.get()
    assert found("depot") == [f"c{chunk.pk}"]
    assert waiting() == 0


def test_it_reindexes_an_edited_and_removes_a_deleted_article(make_article):
    article = make_article("Drones struck an oil depot.")
    drain()
    article.body = "Missiles struck a power station."
    article.save()
    drain()
    assert found("depot") == [] and len(found("station")) == 1
    article.delete()
    drain()
    assert found("station") == [] and found("headline") == []


def test_it_reindexes_every_article_of_a_renamed_outlet(make_article):
    first = make_article("One.", outlet="Old Name")
    second = make_article("Two.", outlet="Old Name")
    drain()
    outlet = Outlet.objects.get(name="Old Name")
    outlet.slug = "new-name"
    outlet.save()
    assert waiting() == 2
    drain()
    with searching() as s:
        slugs = {f["outlet"] for f in s.searcher.all_stored_fields()}
    assert slugs == {"new-name"}


def test_it_never_indexes_private_commentary(make_article):
    article = make_article("Troops crossed the river.")
    chunk = article.chunks.get()
    Commentary.objects.create(article=article, chunk=chunk, text="publicnote on the crossing")
    Commentary.objects.create(article=article, chunk=chunk, text="secretnote", private=True)
    Commentary.objects.create(article=article, text="wholenote about the article")
    Commentary.objects.create(article=article, text="secretwhole", private=True)
    drain()
    assert found("publicnote", "commentary") == [f"c{chunk.pk}"]
    assert found("wholenote", "commentary") == [f"a{article.pk}"]
    assert found("secretnote", "commentary") == [] and found("secretwhole", "commentary") == []


def test_it_indexes_later_a_change_made_while_another_process_holds_the_lock(make_article):
    holder = hold_writer_lock_in_another_process()
    try:
        make_article("Evacuation from Pokrovsk continued.")
        assert drain(timeout=0.2) is None
        assert waiting() == 1
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
    drain()
    assert len(found("pokrovsk")) == 1
    assert waiting() == 0


def hold_writer_lock_in_another_process():
    root().mkdir(parents=True, exist_ok=True)
    code = (
        "import fcntl, sys\n"
        "f = open(sys.argv[1], 'a+'); fcntl.flock(f, fcntl.LOCK_EX)\n"
        "print('locked', flush=True); sys.stdin.read()\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", code, str(root() / "write.lock")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_it_loses_nothing_when_the_process_dies_after_commit(make_article, monkeypatch):
    """The commit happened but the drain never ran: sync_index applies the change."""
    make_article("Older news about Bakhmut.")
    drain()
    monkeypatch.setattr(outbox, "drain", lambda *a, **k: None)   # the process "dies"
    article = make_article("Fresh news about Avdiivka.")
    assert found("avdiivka") == [] and IndexChange.objects.filter(article_id=article.pk).exists()
    monkeypatch.undo()
    call_command("sync_index")
    assert len(found("avdiivka")) == 1 and len(found("bakhmut")) == 1
    assert waiting() == 0


def test_it_drains_once_when_a_deferred_block_ends(make_article, monkeypatch):
    calls = []
    monkeypatch.setattr(outbox, "drain", lambda *a, **k: calls.append(1))
    with deferred():
        make_article("One.")
        make_article("Two.")
        assert calls == []
    assert calls == [1]


def test_it_builds_the_whole_index_when_its_folder_was_emptied(make_article):
    """With articles in the database but no index, a drain builds it from the database
    (not from the log's latest rows only)."""
    make_article("Indexed long ago.")
    drain()
    shutil.rmtree(root())
    make_article("New article.")
    drain()
    assert len(found("long")) == 1 and len(found("new")) == 1 and waiting() == 0


def test_it_keeps_chunk_documents_in_step_with_paragraph_edits(make_article):
    article = make_article("First paragraph.\n\nSecond paragraph about Kherson.")
    drain()
    article.body = "First paragraph.\n\nSecond paragraph about Kherson.\n\nThird about Odesa."
    article.save()
    drain()
    keys = dict(Chunk.objects.filter(article=article).values_list("key", "pk"))
    assert len(found("paragraph")) == 2 and len(found("odesa")) == 1
    assert len(keys) == 3


def test_it_reindexes_both_articles_when_commentary_moves(make_article):
    first, second = make_article("First."), make_article("Second.")
    note = Commentary.objects.create(article=first, text="movednote")
    drain()
    note.article = second
    note.save()
    drain()
    assert found("movednote", "commentary") == [f"a{second.pk}"]


@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_save_and_the_row_when_indexing_fails(make_article, monkeypatch):
    def broken_drain(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(outbox, "drain", broken_drain)
    article = make_article("Saved even though the index is broken.")   # a real commit
    assert IndexChange.objects.filter(article_id=article.pk).exists()
    monkeypatch.undo()
    drain()
    assert len(found("broken")) == 1


@pytest.mark.django_db(transaction=True)     # the admin's own transaction really commits
def test_an_admin_save_that_changes_three_paragraphs_writes_one_row_and_drains_once(
        make_article, client, monkeypatch):
    from django.contrib.auth.models import User
    from tests.test_admin import change_data, change_url

    article = make_article("Alpha one.\n\nBravo two.\n\nCharlie three.\n\nDelta four.")
    before = IndexChange.objects.count()
    client.force_login(User.objects.create_superuser("boss", password="pw"))
    drains = []
    monkeypatch.setattr(outbox, "drain",
                        lambda *a, **k: drains.append(IndexChange.objects.count() - before))
    body = "Alpha one, edited.\n\nBravo two, edited.\n\nCharlie three, edited.\n\nDelta four."
    assert client.post(change_url(article), change_data(article, body)).status_code == 302
    assert article.chunks.filter(text__endswith="edited.").count() == 3
    assert drains == [1]        # one drain, and it found one row for the article


def test_a_row_applied_by_a_drain_inside_the_same_transaction_is_written_again(make_article):
    with transaction.atomic():
        article = make_article("Kupiansk before.")
        drain()                                  # applies the row this transaction wrote
        article.body = "Kupiansk after the edit."
        article.save()
        assert IndexChange.objects.filter(article_id=article.pk).count() == 2
        drain()
        assert found("edit") == [f"c{article.chunks.get().pk}"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("batch_seconds, searchable_midway", [(0.01, True), (None, False)])
def test_a_long_import_hands_the_log_to_the_index_in_batches(tmp_path, batch_seconds, searchable_midway):
    """An edit saved during a long import waits behind one batch, not the whole import."""
    import json

    from archive.importers import import_paths
    drain()                                 # the archive's index exists
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(json.dumps({"title": f"Report {n}", "outlet": "Wire", "body":
                                          f"Word{n} was said in the report number {n} of the day."})
                              for n in range(6)), encoding="utf-8")
    midway = []
    with deferred(batch_seconds=batch_seconds):
        import_paths([str(path)], on_outcome=lambda o: midway.append(bool(found("word0"))))
    assert midway[-1] is searchable_midway
    assert len(found("word5")) == 1         # and everything is indexed when the import ends
