"""Each search parameter is declared once (search/service/parameters.py): what the form
accepts, what a page link writes and what the API describes are the same parameters,
and a request written into a URL reads back as the same request."""
from datetime import date

import pytest
from django.http import QueryDict

from search.service import PARAMETERS, SearchForm, query_string, read_parameters
from search.types import SearchRequest
from tests.search_archive import article, index

pytestmark = pytest.mark.django_db

EVERYTHING = SearchRequest(
    q="kursk “incursion”", outlets=("reuters", "meer"), exclude_outlets=("rt",),
    date_from=date(2024, 8, 1), date_to=date(2024, 9, 30), sort="oldest", page=3,
    per_page=20, variants=False, languages=("uk",), boilerplate=True,
    people=("zelensky",), places=("kharkiv",), exclude_people=("putin",),
    exclude_places=("moscow",))


@pytest.fixture
def known(db):
    """An archive where every value of EVERYTHING exists."""
    for outlet in ("Reuters", "Meer", "RT"):
        article(f"{outlet} on Kharkiv", "Zelensky visited Kharkiv; Putin spoke in Moscow.",
                outlet_name=outlet)
    article("Зеленський у Харкові", "Зеленський відвідав Харків і зустрівся з військовими. "
            "Обстріли міста тривали всю ніч, повідомила обласна адміністрація.")
    index()


def test_the_form_reads_exactly_the_declared_parameters(known):
    assert list(SearchForm().fields) == [p.name for p in PARAMETERS]


def test_a_request_written_as_a_page_url_reads_back_the_same(known):
    text = query_string(EVERYTHING)
    assert text.startswith("?q=kursk+%E2%80%9Cincursion%E2%80%9D&outlet=reuters&outlet=meer")
    request, problems = read_parameters(QueryDict(text[1:]))
    assert problems == {}
    assert request == EVERYTHING


def test_defaults_are_left_out_of_a_url(known):
    assert query_string(SearchRequest()) == ""
    # (links skip a value equal to its default without writing it: it must write nothing)
    assert all(p.write(getattr(SearchRequest(), p.field)) == [] for p in PARAMETERS)
    assert query_string(SearchRequest(q="grain", group="paragraph")) == "?q=grain"


@pytest.mark.parametrize("name, value, message", [
    ("outlet", "nowhere", "There is no outlet “nowhere”."),
    ("lang", "xx", "No article is in the language “xx”"),
    ("person", "nobody", "There is no person “nobody” in the gazetteer."),
    ("from", "2024-13", "is not a date"),
    ("per_page", "101", "less than or equal to 100"),
    ("sort", "random", "Select a valid choice."),
])
def test_each_parameter_names_its_own_error(known, name, value, message):
    request, problems = read_parameters(QueryDict(f"{name}={value}"))
    assert request is None and list(problems) == [name]
    assert message in problems[name]
