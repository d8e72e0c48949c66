"""Damage to the index's files is found: by `sync_index --check`, by /healthz in every
process, and by a search, which answers 503 (not 500); a drain never writes into it."""
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from search.index import integrity
from search.index.drain import drain
from search.index.folders import live_dir
from search.index.searcher import POOL
from search.index.status import index_status
from tests.search_archive import article, index, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    for n in range(30):
        article(f"Report {n}", f"Drones over Kursk, report {n}.", "Shelling near Kharkiv.")
    index()


def largest_segment():
    return max(live_dir().glob("*.seg"), key=lambda p: p.stat().st_size)


def overwrite_middle(path, part=64):
    """Garbage over `part` bytes in the middle of the file, its size unchanged."""
    data = bytearray(path.read_bytes())
    start = max(0, len(data) // 2 - part // 2)
    data[start:start + part] = (b"\x9c\xff\x00garbage" * part)[:len(data[start:start + part])]
    path.write_bytes(bytes(data))


def test_it_finds_nothing_wrong_with_a_sound_index(archive, capsys):
    call_command("sync_index", "--check")
    assert "The index matches the database." in capsys.readouterr().out
    assert integrity.verify(live_dir()) == []


def test_it_reports_an_overwritten_segment_with_the_command_that_repairs_it(archive, capsys,
                                                                            client):
    segment = largest_segment()
    overwrite_middle(segment)
    with pytest.raises(CommandError, match="damaged. Run: python manage.py rebuild_index"):
        call_command("sync_index", "--check")
    assert f"damaged: {segment.name} is damaged (its checksum differs)" in capsys.readouterr().out
    POOL.reset()                                        # another worker, a fresh process
    assert client.get("/healthz").status_code == 503


def test_it_answers_503_in_every_process_once_a_segment_is_gone(archive, client):
    assert client.get("/healthz").status_code == 200    # this process has the index open
    largest_segment().unlink()
    assert client.get("/healthz").status_code == 503    # the same process says so too
    POOL.reset()
    response = client.get("/", {"q": "kursk"})
    assert response.status_code == 503
    assert "Search is unavailable right now" in response.content.decode()


def test_it_never_drains_into_a_damaged_index(archive):
    largest_segment().unlink()
    article("After the damage", "Written while the index was damaged.")
    assert drain().rows == 0
    call_command("rebuild_index", "--no-progress")    # the change waits for the rebuild
    assert integrity.verify(live_dir()) == []
    assert index_status().outbox_backlog == 0
    assert run("damage").total_articles == 1


def test_it_answers_a_search_on_a_damaged_segment_with_503_and_logs_the_cure(archive, client,
                                                                             caplog):
    for segment in live_dir().glob("*.seg"):
        overwrite_middle(segment, part=segment.stat().st_size // 2)   # the postings, not the directory
    POOL.reset()
    statuses = {client.get("/", {"q": q}).status_code
                for q in ("kursk", "drones", "shelling kharkiv", "report", "kurks")}
    assert 500 not in statuses
    assert 503 in statuses
    assert "Run: python manage.py rebuild_index" in caplog.text
    assert client.get("/healthz").status_code == 503


def test_it_reports_a_garbled_checksum_record_as_damage_not_an_error(archive, client):
    (live_dir() / integrity.CHECKSUMS).write_bytes(b"\x00garbage\xff" * 64)
    assert integrity.verify(live_dir()) == ["checksums.json is damaged (unreadable)"]
    assert client.get("/healthz").status_code == 503


def test_it_still_reports_a_damaged_segment_after_a_later_drain_recorded_its_commit(
        archive, capsys):
    segment = largest_segment()
    overwrite_middle(segment)                 # same size: a drain's own check passes
    article("After the damage", "Written after the segment was overwritten.")
    assert drain().rows == 1                  # its record must not bless the damaged file
    with pytest.raises(CommandError, match="damaged"):
        call_command("sync_index", "--check")
    assert f"{segment.name} is damaged (its checksum differs)" in capsys.readouterr().out
