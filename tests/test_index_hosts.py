"""Several hosts on one database: each index follows the change log from its own position,
none misses a change, and every host can see every index's lag."""
import threading
import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone
from whoosh.qparser import QueryParser

from archive.models import Article
from search.index import outbox, registry
from search.index.changelog import Head, pruned_through
from search.index.cursor import Cursor, read_cursor
from search.index.drain import drain
from search.index.folders import live_dir
from search.index.searcher import POOL, searching
from search.index.status import index_status
from search.models import IndexChange, IndexReplica
from tests.search_archive import waiting

pytestmark = pytest.mark.django_db


@pytest.fixture
def hosts(settings, tmp_path):
    """on(name): act as host `name`, with its own index folder, for the `with` block."""
    @contextmanager
    def on(name):
        before = settings.SEARCH_INDEX_DIR, settings.INDEX_NAME
        settings.SEARCH_INDEX_DIR, settings.INDEX_NAME = tmp_path / f"index-{name}", name
        POOL.reset()
        try:
            yield
        finally:
            settings.SEARCH_INDEX_DIR, settings.INDEX_NAME = before
            POOL.reset()
    return on


def found(word):
    with searching() as s:
        query = QueryParser("text", s.searcher.schema).parse(word)
        return len(s.searcher.search(query, limit=None))


def test_it_gives_every_change_to_every_index(hosts, make_article):
    with hosts("a"):
        article = make_article("Shelling in Kharkiv.")
        drain()
    with hosts("b"):
        drain()
        assert found("kharkiv") == 1
    with hosts("a"):
        article.body = "Drones over Odesa."
        article.save()
        drain()                     # host a drains its own index; the rows stay for b
        assert (found("kharkiv"), found("odesa")) == (0, 1)
    with hosts("b"):
        assert waiting() == 1
        drain()
        assert (found("kharkiv"), found("odesa")) == (0, 1) and waiting() == 0


def test_it_catches_up_a_host_that_was_down(hosts, make_article):
    with hosts("a"):
        drain()
    with hosts("b"):
        drain()
    with hosts("a"):                # b is down while a takes many changes
        for n in range(7):
            make_article(f"Report {n} from Sumy.")
            drain()
    with hosts("b"):
        assert found("sumy") == 0
        result = drain()
        assert result.rows == 7 and found("sumy") == 7


def test_it_lists_every_index_with_its_lag(hosts, make_article, capsys):
    with hosts("a"):
        drain()
    with hosts("b"):
        drain()
    with hosts("a"):
        make_article("Evacuation from Pokrovsk.")
        drain()
        call_command("index_status")
    lines = {line.split()[0]: line.split() for line in capsys.readouterr().out.splitlines()[2:]}
    assert lines["a"][1:3] == [str(IndexChange.objects.latest("id").id), "0"]
    assert lines["b"][2] == "1" and "(this host)" not in " ".join(lines["b"])


def test_it_shows_the_indexes_read_only_in_the_admin(hosts, client):
    with hosts("a"):
        drain()
    client.force_login(User.objects.create_superuser("root", "r@example.org", "pw"))
    page = client.get("/admin/search/indexreplica/")
    assert page.status_code == 200 and b">a</" in page.content
    replica = IndexReplica.objects.get(name="a")
    assert client.get(f"/admin/search/indexreplica/{replica.pk}/delete/").status_code == 403


def test_it_prunes_only_rows_every_known_index_has_applied(hosts, make_article, settings):
    settings.INDEX_LOG_RETENTION = 3600
    with hosts("a"):
        make_article("Old news.")
        drain()
    with hosts("b"):
        drain()
    with hosts("a"):
        make_article("Newer news.")
        drain()
    IndexChange.objects.update(created=timezone.now() - timedelta(hours=2))
    first, second = IndexChange.objects.values_list("id", flat=True)
    assert registry.prune() == 1            # b has not applied the second row yet
    assert list(IndexChange.objects.values_list("id", flat=True)) == [second]
    assert pruned_through() == first


def test_it_rebuilds_an_index_left_behind_the_pruned_log(hosts, make_article, settings):
    settings.INDEX_LOG_RETENTION = 3600
    with hosts("b"):
        drain()
    IndexReplica.objects.filter(name="b").update(last_drain=timezone.now() - timedelta(hours=2))
    with hosts("a"):                        # b is away for longer than the retention
        make_article("Missed by the host that was away: Izium.")
        drain()
    IndexChange.objects.update(created=timezone.now() - timedelta(hours=2))
    assert registry.prune() == 1 and not IndexChange.objects.exists()
    with hosts("b"):
        assert found("izium") == 0
        drain()                             # behind the horizon: built from the database
        assert found("izium") == 1


@pytest.mark.django_db(transaction=True)
def test_other_hosts_rebuild_after_a_restore_and_lose_no_edit(hosts, make_article, tmp_path):
    """restore_archive on one host: the other hosts' indexes hold articles the restore took
    away, at positions past the restored log's new rows; each notices and rebuilds."""
    with hosts("a"):
        make_article("In the backup: Kherson.")     # committed: host a drains it at once
    with hosts("b"):
        drain()
    call_command("backup_archive", tmp_path / "backup")
    with hosts("a"):
        for n in range(3):
            make_article(f"After the backup: Sumy {n}.")
    with hosts("b"):
        drain()
        assert found("sumy") == 3
    with hosts("a"):
        call_command("restore_archive", tmp_path / "backup", "--yes")    # rebuilds a's index
        make_article("After the restore: Izium.")
        assert (found("sumy"), found("kherson"), found("izium")) == (0, 1, 1)
    with hosts("b"):
        status = index_status()
        assert not status.ok and "replaced database" in status.cause
        drain()                 # what b's follower does on its next look: a build
        assert (found("sumy"), found("kherson"), found("izium")) == (0, 1, 1)
        assert index_status().ok
        call_command("sync_index", "--check")


def test_rebuild_index_all_hosts_makes_every_host_rebuild(hosts, make_article):
    """After pg_restore, which brings back the dump's log and its epoch."""
    make_article("Restored by pg_restore: Kupiansk.")
    with hosts("b"):
        drain()
        assert index_status().ok
    with hosts("a"):
        call_command("rebuild_index", "--all-hosts", "--no-progress")
        assert index_status().ok
    with hosts("b"):
        assert "replaced database" in index_status().cause
        drain()
        assert index_status().ok and found("kupiansk") == 1


def test_it_reports_its_lag_in_sync_index_check(hosts, make_article, capsys):
    with hosts("a"):
        drain()
        make_article("Not yet applied: Kupiansk.")
        call_command("sync_index", "--check")           # waiting in the log is not drift
        output = capsys.readouterr().out
        assert "a: at log position 0, 1 log rows" in output and "waiting: 2 " in output
        call_command("sync_index")
        call_command("sync_index", "--check")
        assert "The index matches the database." in capsys.readouterr().out


def test_it_reports_its_own_lag_in_healthz(hosts, make_article, client):
    with hosts("a"):
        drain()
        make_article("Waiting: Vovchansk.")
        body = client.get("/healthz").json()
        assert (body["index_name"], body["lag_rows"]) == ("a", 1)


# ---- the cursor's account of heads that are not final (PostgreSQL's out-of-order commits)

def test_it_keeps_its_position_below_a_transaction_still_in_flight():
    """Row 2 committed while row 1's transaction (xid 100) is still open."""
    cursor = Cursor(0).after(Head(2, frozenset({100})), taken=[2], batch_end=2)
    assert (cursor.position, cursor.applied) == (0, {2})
    still = cursor.after(Head(2, frozenset({100})), taken=[], batch_end=2)
    assert still == cursor
    settled = cursor.after(Head(2), taken=[1], batch_end=2)
    assert settled == Cursor(2)


def test_it_moves_past_a_head_once_its_transactions_ended_though_others_began():
    cursor = Cursor(0).after(Head(5, frozenset({100})), taken=[5], batch_end=5)
    busy = cursor.after(Head(9, frozenset({200})), taken=[1, 6], batch_end=9)
    assert busy.position == 5 and busy.applied == {6} and busy.waiting == Head(9, frozenset({200}))


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="out-of-order commits need concurrent writers: PostgreSQL only "
                           "(SQLite commits one writer at a time, in id order)")
@pytest.mark.django_db(transaction=True)
def test_it_loses_no_change_committed_out_of_order_on_postgresql(make_article, monkeypatch):
    first, second = make_article("Early text: Bucha."), make_article("Early text: Irpin.")
    drain()
    monkeypatch.setattr(outbox, "drain", lambda *a, **k: None)   # only the drains below
    opened, release = threading.Event(), threading.Event()

    def slow_edit():            # takes the lower log position, commits last
        try:
            with transaction.atomic():
                first.body = "Late text: Hostomel."
                first.save()
                opened.set()
                release.wait(10)
        finally:
            connection.close()

    writer = threading.Thread(target=slow_edit)
    writer.start()
    assert opened.wait(10)
    second.body = "Quick text: Borodianka."
    second.save()               # a higher position, committed first
    drain()
    assert (found("borodianka"), found("hostomel")) == (1, 0)
    quick = IndexChange.objects.latest("id").id
    assert read_cursor(live_dir()).position < quick    # not past the row still in flight
    release.set()
    writer.join(10)
    drain()
    assert (found("borodianka"), found("hostomel"), found("bucha")) == (1, 1, 0)
    assert waiting() == 0


def test_it_rebuilds_when_the_log_restarted_below_its_position(hosts, make_article):
    """A restored database starts the log again from the beginning."""
    with hosts("b"):
        make_article("Before the restore: Kherson.")
        drain()
    Article.objects.all().delete()          # restore_archive empties every table,
    IndexChange.objects.all().delete()      # the change log and its horizon too
    with hosts("b"):
        drain()
        assert found("kherson") == 0


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="a transaction in flight across a build needs concurrent writers: "
                           "PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_it_builds_a_new_host_without_missing_a_change_in_flight(hosts, make_article,
                                                                 monkeypatch):
    first, second = make_article("Early text: Bucha."), make_article("Early text: Irpin.")
    monkeypatch.setattr(outbox, "drain", lambda *a, **k: None)
    opened = threading.Event()

    def slow_edit():            # the lower log position, still open when the build starts
        try:
            with transaction.atomic():
                first.body = "Late text: Hostomel."
                first.save()
                opened.set()
                time.sleep(0.5)
        finally:
            connection.close()

    writer = threading.Thread(target=slow_edit)
    writer.start()
    assert opened.wait(10)
    second.body = "Quick text: Borodianka."
    second.save()               # a higher position, committed before the build starts
    with hosts("new"):
        drain()                 # an empty folder: the build waits for the slow edit to end
        writer.join(10)
        drain()
        assert (found("hostomel"), found("borodianka"), found("bucha")) == (1, 1, 0)
        assert waiting() == 0


def test_it_says_a_damaged_log_position_needs_a_rebuild(make_article, client, caplog):
    article = make_article("Shelling in Kharkiv.")
    drain()
    (live_dir() / "cursor.json").write_bytes(b"\xff\x00 not json")
    response = client.get("/healthz")
    assert response.status_code == 503 and "rebuild_index" in caplog.text   # (in the log only)
    article.body = "Saved all the same: Odesa."
    article.save()                              # the change is still logged
    call_command("rebuild_index", "--no-progress", "--procs", "1")
    assert found("odesa") == 1 and client.get("/healthz").status_code == 200
