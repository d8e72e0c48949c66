"""Posting lists read from the rebuild's posting stores (search/index/posting_store.py)
and kept by segment (search/index/postings.py) are exactly Whoosh's own lists, after
deletions, an edit and a merge; and the stores pass the index's integrity check."""
import pytest
from django.core.management import CommandError, call_command

from search.index import postings, rebuild
from search.index.drain import drain
from search.index.folders import live_dir, open_live_index
from search.index.posting_store import LEFT_OUT, SUFFIX, PostingStore, store_path
from search.index.searcher import searching
from tests.search_archive import article, comment, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(monkeypatch):
    """Three dozen articles, rebuilt into segments of 40 documents by two processes."""
    monkeypatch.setattr(rebuild, "DOCS_PER_WRITER", 40)
    first = article("Drones over Kharkiv", "Drones hit Kharkiv again, and again, on Tuesday.",
                    "The Prime Minister said the Prime Minister's office would respond.",
                    authors="Olena Petrenko")
    comment(first, "Compare the Prime Minister's statement of May.", paragraph=1)
    article("Обстріл Харкова", "Російські війська обстріляли Харків у вівторок.",
            outlet_name="Ukrainska Pravda")
    articles = [article(f"Update {n} on the Kharkiv region", *(
        f"Air defence in the Kharkiv region shot down {k} drones overnight." for k in range(5)))
        for n in range(34)]    # "kharkiv" in more postings than a Whoosh block holds (128)
    rebuild.rebuild(procs=2)
    return [first] + articles


def whooshs_lists():
    """(field, term) -> [(docnum, weight)] of the live documents, as Whoosh's own
    matchers give them, for every term of the fields the stores hold."""
    with searching() as s:
        reader = s.searcher.reader()
        lists = {}
        for field in sorted(set(reader.indexed_field_names()) - LEFT_OUT):
            for tbytes in reader.lexicon(field):
                text = reader.schema[field].from_bytes(tbytes)
                matcher = reader.postings(field, text)
                found = []
                while matcher.is_active():
                    found.append((matcher.id(), matcher.weight()))
                    matcher.next()
                lists[field, text] = found
        return lists


def our_lists(terms):
    with searching() as s:
        return {key: list(zip(s.postings(*key).ids.tolist(), s.postings(*key).weights.tolist()))
                for key in terms}


def assert_lists_are_whooshs():
    expected = whooshs_lists()
    assert our_lists(expected) == expected
    return expected


def segments_with_stores():
    ix = open_live_index()
    return [store_path(ix.storage.folder, segment.segment_id()).exists()
            for segment in ix._segments()]


def edit(target):
    target.body += "\n\nKharkiv again, and a new word: zqxwibble."
    target.save()
    drain()


def test_it_writes_a_store_beside_each_rebuilt_segment():
    article("Drones over Kharkiv", "Drones hit Kharkiv again.")
    rebuild.rebuild(procs=1)
    assert segments_with_stores() == [True]


def test_it_reads_whooshs_lists_from_the_stores(archive):
    assert len(segments_with_stores()) > 2 and all(segments_with_stores())
    lists = assert_lists_are_whooshs()
    assert len(lists[("text", "kharkiv")]) > 128


def test_each_store_holds_exactly_its_segments_terms(archive):
    ix = open_live_index()
    for segment in ix.reader().leaf_readers():
        reader = segment[0]
        store = PostingStore(store_path(ix.storage.folder, reader._segid))
        for field in store.fields:
            for tbytes in reader.lexicon(field):
                ids, weights = store.lookup(field, tbytes)
                decoded = postings.whole_list(reader._terms.matcher(
                    field, tbytes, reader.schema[field].format))
                assert ids.tolist() == decoded[0].tolist()
                assert weights.tolist() == decoded[1].tolist()
        assert store.lookup("text", b"zqxwibble")[0].tolist() == []
        assert store.lookup("id", b"c1") is None      # not held: Whoosh's blocks answer


def test_it_leaves_deleted_documents_out_after_an_edit(archive):
    before = run("Kharkiv").total_paragraphs
    edit(archive[0])
    assert segments_with_stores()[-1] is False      # the drain's segment: Whoosh's writer
    assert any(segments_with_stores())              # the rest, some with deletions now
    assert_lists_are_whooshs()
    assert run("zqxwibble").total_paragraphs == 1
    assert run("Kharkiv").total_paragraphs == before + 1


def test_an_edit_reads_only_the_new_segment(archive, monkeypatch):
    run("Kharkiv")
    decoded = []
    real = postings._decoded

    def noting(segment, *term):
        decoded.append(segment._segid)
        return real(segment, *term)

    monkeypatch.setattr(postings, "_decoded", noting)
    edit(archive[0])
    run("Kharkiv")
    new_segment = open_live_index()._segments()[-1].segment_id()
    assert decoded and set(decoded) == {new_segment}
    decoded.clear()
    edit(archive[1])
    run("Kharkiv")
    newest = open_live_index()._segments()[-1].segment_id()
    assert decoded and set(decoded) == {newest}     # the earlier ones kept across generations


def test_a_word_no_store_holds_is_looked_for_only_where_there_is_no_store(archive, monkeypatch):
    edit(archive[0])        # "zqxwibble" is only in the drain's segment, which has none
    asked = []
    real = PostingStore.lookup

    def noting(store, field, tbytes):
        asked.append(tbytes)
        return real(store, field, tbytes)

    monkeypatch.setattr(PostingStore, "lookup", noting)
    assert run("zqxwibble").total_paragraphs == 1
    assert not [t for t in asked if t.startswith(b"zqxwib")]
    assert run("Kharkiv").total_paragraphs > 1 and b"kharkiv" in asked


def test_it_reads_a_merged_segment_from_whooshs_blocks(archive):
    edit(archive[0])
    edit(archive[1])
    before = assert_lists_are_whooshs()
    open_live_index().optimize()         # every segment merged into one by Whoosh's writer
    assert segments_with_stores() == [False]
    assert not list(live_dir().glob("*" + SUFFIX))     # the merged segments' stores went too
    assert assert_lists_are_whooshs().keys() == before.keys()


def test_sync_index_check_passes_and_sees_a_damaged_store(archive, capsys):
    call_command("sync_index", "--check")
    assert "matches the database" in capsys.readouterr().out
    store = next(live_dir().glob("*" + SUFFIX))
    data = bytearray(store.read_bytes())
    data[-1] ^= 0xFF
    store.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="damaged"):
        call_command("sync_index", "--check")
    assert f"{store.name} is damaged (its checksum differs)" in capsys.readouterr().out
