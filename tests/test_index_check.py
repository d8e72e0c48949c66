"""sync_index --check: reports missing, stale and orphaned documents and exits non-zero."""
import pytest
from django.core.management import CommandError, call_command

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
    except CommandError as error:
        return out.getvalue(), error.returncode
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
