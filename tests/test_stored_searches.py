"""A SearchRequest kept as text (saved searches): one versioned serializer that gives back
every request it was given, and still reads what saved searches kept before it (the
search page's query string)."""
from dataclasses import fields
from datetime import date

import pytest

from archive.saved.models import SavedSearch
from search.service.stored import decode, encode, page_parameters, restore
from search.types import SearchRequest
from tests.search_archive import article, index

pytestmark = pytest.mark.django_db

ODD = SearchRequest(q="“price cap” -oil\x00", outlets=("reuters",), exclude_outlets=("rt",),
                    date_from=date(2022, 2, 24), date_to=date(2024, 12, 31), undated=False,
                    sort="newest", page=7, per_page=100, group="paragraph", variants=False,
                    languages=("uk", "ru"), boilerplate=True, after_article=1234,
                    people=("zelensky",), places=("kharkiv",), exclude_people=("putin",),
                    exclude_places=("moscow",))


def test_it_gives_back_every_request_it_was_given():
    assert decode(encode(ODD)) == ODD
    assert decode(encode(SearchRequest())) == SearchRequest()
    for f in fields(SearchRequest):                    # one field changed at a time
        one = SearchRequest(**{f.name: getattr(ODD, f.name)})
        assert decode(encode(one)) == one, f.name


def test_it_keeps_only_what_differs_from_the_defaults_with_its_version():
    assert encode(SearchRequest(q="kursk")) == '{"request":{"q":"kursk"},"version":2}'


@pytest.mark.parametrize("broken", ['{"version": 3, "request": {}}', '{"version": 2',
                                    '{"version": 2, "request": {"page": "7"}}',
                                    '{"version": 2, "request": {"outlets": "reuters"}}',
                                    '{"version": 2, "request": {"shoe_size": 9}}'])
def test_it_refuses_a_text_it_did_not_write(broken):
    with pytest.raises(ValueError):
        decode(broken)
    assert restore(broken)[0] is None


def test_it_reads_what_saved_searches_kept_before(client):
    article("Kursk report", "The Kursk incursion goes on.")
    index()
    kept = "?q=kursk&outlet=reuters&from=2024-08"
    wanted = SearchRequest(q="kursk", outlets=("reuters",), date_from=date(2024, 8, 1))
    assert decode(kept) == wanted and restore(kept) == (wanted, {})
    assert page_parameters(kept) == kept
    assert page_parameters(encode(wanted)) == "?q=kursk&outlet=reuters&from=2024-08-01"


def test_a_kept_search_whose_outlet_is_gone_no_longer_validates():
    article("Kursk report", "The Kursk incursion goes on.")
    index()
    request, problems = restore(encode(SearchRequest(q="kursk", outlets=("gone",))))
    assert request is None and "outlet" in problems


def test_a_saved_search_of_the_old_kind_opens_and_saves_in_the_new(client, django_user_model):
    user = django_user_model.objects.create_user("olena", "olena@example.org", "a pass phrase")
    article("Kursk report", "The Kursk incursion goes on.")
    index()
    saved = SavedSearch.objects.create(user=user, name="Old", parameters="?q=kursk&outlet=reuters")
    client.force_login(user)
    page = client.get(saved.get_absolute_url())
    assert page.status_code == 200 and page.context["response"] is not None
    assert page.context["form"].initial["parameters"] == "?q=kursk&outlet=reuters"
    client.post(saved.get_absolute_url(), {"name": "Old", "alerts": "weekly",
                                           "parameters": "?q=kursk&outlet=reuters"})
    saved.refresh_from_db()
    assert saved.parameters.startswith('{"request":')
    assert saved.search_request() == SearchRequest(q="kursk", outlets=("reuters",))
