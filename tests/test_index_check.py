"""sync_index --check: reports missing, stale and orphaned documents and exits non-zero."""
import pytest
from django.core.management import CommandError, call_command
from django.core.management.color import no_style
from django.db import connection

from archive.models import Chunk
from search.index.drain import drain
from search.index.folders import open_live_index
from search.models import IndexChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(make_article):
    article = make_article("Kharkiv was shelled.\n\nKupiansk too.", headline="Shelling")
    drain()
    return article


def check_output():
    from io import StringIO
    out = StringIO()
    try:
        call_command("sync_index", "--check", stdout=out)
    except CommandError as error:       # its message says why, on stderr
        return out.getvalue() + str(error), error.returncode
    return out.getvalue(), 0


def test_it_reports_a_clean_index(indexed):
    output, code = check_output()
    assert code == 0 and "matches the database" in output


def test_it_reports_a_missing_document(indexed):
    chunk = indexed.chunks.first()
    writer = open_live_index().writer()
    writer.delete_by_term("id", f"c{chunk.pk}")
    writer.commit()
    output, code = check_output()
    assert code == 1 and f"missing: 1 c{chunk.pk}" in output


def test_it_reports_a_stale_document(indexed):
    chunk = indexed.chunks.first()
    Chunk.objects.filter(pk=chunk.pk).update(text="Edited behind the index's back.")
    output, code = check_output()
    assert code == 1 and f"stale: 1 c{chunk.pk}" in output


def test_it_reports_an_orphaned_document(indexed):
    indexed.delete()
    IndexChange.objects.all().delete()   # the change never reached the index
    output, code = check_output()
    assert code == 1 and "orphaned: 3" in output


def test_it_reports_a_missing_index_with_the_command_to_run(db):
    with pytest.raises(CommandError, match="rebuild_index"):
        call_command("sync_index", "--check")


def test_a_change_waiting_in_the_log_is_not_drift(indexed, make_article):
    """An import under way: its changes are committed, the drains have not applied them."""
    indexed.body = "Kharkiv was shelled.\n\nKupiansk too.\n\nAnd Izium."
    indexed.save()                                  # no drain in this test: the rows wait
    make_article("Balakliia was freed.", headline="Freed")
    output, code = check_output()
    assert code == 0, output
    assert "missing: 0" in output and "stale: 0" in output
    assert "waiting: 3 " in output      # the new paragraph, the new article and its paragraph
    assert "but for 3 documents whose changes wait in the log" in output


def begin_the_log_again():
    """What a restored database does to the log (Django's flush): no rows, ids from 1."""
    statements = connection.ops.sql_flush(no_style(), [IndexChange._meta.db_table],
                                          reset_sequences=True)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def test_it_names_the_cause_of_drift_in_an_index_past_the_end_of_the_log(indexed, make_article):
    """A database restored by pg_restore: its log begins again below this index's position."""
    make_article("Izium was freed.", headline="Freed")
    drain()                                                     # at log position 2
    begin_the_log_again()
    make_article("Balakliia was freed.", headline="Freed")     # row 1: this index passed it
    output, code = check_output()
    assert code == 1 and "missing: 2" in output
    assert "past the log's end" in output and "the database was replaced" in output


def test_it_says_drift_outside_the_log_needs_a_rebuild(indexed):
    writer = open_live_index().writer()
    writer.delete_by_term("id", f"a{indexed.pk}")
    writer.commit()
    with pytest.raises(CommandError, match="not by changes waiting in the log.*rebuild_index"):
        call_command("sync_index", "--check")
