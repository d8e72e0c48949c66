"""The outlets, spelling variants, verdicts and gazetteer a process keeps between searches:
an edit counts from the next search on, made in this process or in any other."""
from uuid import uuid4

import pytest

from archive.models import Outlet, VariantGroup
from search.models import ReferenceVersion
from tests.search_archive import article, index, run

pytestmark = pytest.mark.django_db


def outlet_names(response):
    return [result.article.outlet_name for result in response.results]


def test_it_shows_an_outlet_under_its_new_name_from_the_next_search(client):
    article("Kharkiv shelled", "Shelling hit Kharkiv overnight.", outlet_name="Kyiv Desk")
    index()
    assert outlet_names(run("kharkiv")) == ["Kyiv Desk"]
    desk = Outlet.objects.get(name="Kyiv Desk")
    desk.name = "Kyiv Independent Desk"
    desk.save()
    assert outlet_names(run("kharkiv")) == ["Kyiv Independent Desk"]
    page = client.get("/?q=kharkiv").content.decode()
    assert "Kyiv Independent Desk" in page


def test_it_reads_the_tables_again_when_another_process_changed_them():
    article("Kharkiv shelled", "Shelling hit Kharkiv overnight.", outlet_name="Kyiv Desk")
    index()
    assert outlet_names(run("kharkiv")) == ["Kyiv Desk"]
    # Another worker or host: its save replaced the token in the database; this process's
    # signals never saw it.
    Outlet.objects.filter(name="Kyiv Desk").update(name="Desk of Kyiv")
    ReferenceVersion.objects.filter(pk=1).update(token=uuid4().hex)
    assert outlet_names(run("kharkiv")) == ["Desk of Kyiv"]


def test_a_spelling_variant_added_in_another_process_counts_from_the_next_search():
    article("Shelling in the capital", "Shelling hit Kyiv overnight.")
    index()
    assert run("kiyv").total_articles == 0
    VariantGroup.objects.bulk_create([VariantGroup(kind="place", spellings="Kyiv\nKiyv")])
    ReferenceVersion.objects.filter(pk=1).update(token=uuid4().hex)
    assert run("kiyv").total_articles == 1
