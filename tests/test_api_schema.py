"""/api/openapi.json says what the server accepts and answers: schemathesis, the property-based
API tester, reads the description, generates requests to /api/search and /api/attention (GET
and HEAD) from it, sends them to the real Django application and checks every answer against
it: no request the description allows is refused, no 5xx, no status or header or body it
does not describe, 405 with Allow for the methods it does not list. The document itself is
validated by openapi-spec-validator.

Run with -s to see the tally of the requests sent and the statuses seen.
"""
import os
import re
import shutil
from collections import Counter
from datetime import date, timedelta

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error

from archive.gazetteer.models import Entity
from search.engine.parsing import parse_date
from search.index.searcher import POOL
from search.service.fields import PeriodField
from search.service.parameters import PERIOD
# Importing the hooks registers them: schemathesis generates none of the combinations
# the server refuses.
from tests.schemathesis_hooks import refused_together
from tests.search_archive import article, index

pytestmark = pytest.mark.django_db
TALLY = Counter()       # (method, path, status): requests sent by the generated test
# schemathesis's WSGI client asks for gzip and, unlike an HTTP client, does not undo it:
# bodies are asked for as they are.
PLAIN = {"Accept-Encoding": "identity"}


def small_archive():
    """Three outlets, two languages, dated (day, month, year) and undated articles, the
    gazetteer's people and places and one the archivist added."""
    article("Kursk incursion", "Ukrainian troops crossed into the Kursk region, Zelensky said.",
            outlet_name="Reuters", published=date(2024, 8, 14))
    article("Харків під обстрілом", "Росія обстріляла Харків уночі.", "Зеленський відвідав місто.",
            outlet_name="Укрінформ", published=date(2022, 9, 1), precision="month")
    article("Grain deal", "The grain corridor from Odesa reopened.", outlet_name="BBC",
            published=None)
    article("Bakhmut", "Fighting near Bakhmut went on all year.", outlet_name="BBC",
            published=date(2023, 1, 1), precision="year")
    Entity.objects.create(name="Budanov Street", kind="place", spellings="")
    index()


@pytest.fixture
def django_app(settings):
    """Django's own WSGI application, as gunicorn runs it, inside the test's transaction:
    like Django's test client, it must not close the connection at the end of a request."""
    settings.ALLOWED_HOSTS = ["localhost"]      # the host schemathesis's WSGI client sends
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(django_app):
    small_archive()
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", django_app)
    # Only requests the description allows. Those it does not (values out of their
    # schemas) are refused with the described 400 (tests/test_api.py), but the server
    # also accepts some of them (a one-digit month, a query longer than it reads, which
    # it cuts): leniency that schemathesis's negative mode would report. Its negative
    # coverage phase is also ~900 requests for these four operations, a minute alone.
    schema.config.generation.update(modes=["positive"])
    if os.environ.get("CI"):
        schema.config.seed = 24     # the same requests each run, so a red run can be repeated
    yield schema
    print("\nrequests sent:", sum(TALLY.values()))
    for (method, path, status), count in sorted(TALLY.items()):
        print(f"  {method:5} {path:15} {status}: {count}")


schema = schemathesis.pytest.from_fixture("api_schema")


# Each operation (GET and HEAD of each path) gets its examples, schemathesis's coverage
# cases (each parameter's boundaries and enum values) and `max_examples` random requests:
# about 130 an operation, 30 s in all on a laptop; other requests each run, but CI's.
@schema.parametrize()
@settings(max_examples=100, deadline=None, database=None)
def test_every_request_the_description_allows_is_answered_as_described(case):
    """Every check of schemathesis: 2xx for schema-valid data, no 5xx, only described
    statuses, content types and headers, bodies that match their schemas."""
    response = case.call_and_validate(headers=PLAIN)
    TALLY[(case.method, case.path, response.status_code)] += 1


def test_methods_it_does_not_list_get_a_json_405_that_allows_those_it_does(client):
    small_archive()
    document = client.get("/api/openapi.json").json()
    for path, operations in document["paths"].items():
        allowed = {method.upper() for method in operations}
        for method in ("post", "put", "patch", "delete", "options"):
            response = getattr(client, method)(path)
            assert response.status_code == 405, (method, path)
            assert set(response["Allow"].split(", ")) == allowed
            assert response.json()["error"] == "method not allowed"


def test_the_document_is_valid_openapi_3_1(client):
    small_archive()
    document = client.get("/api/openapi.json").json()
    validate(document)          # raises, naming the place, when it is not
    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) == {"/api/search", "/api/attention"}
    assert all(set(path) == {"get", "head"} for path in document["paths"].values())


def test_its_enums_and_examples_are_this_archives_values(client):
    small_archive()
    operation = client.get("/api/openapi.json").json()["paths"]["/api/search"]["get"]
    described = {p["name"]: p for p in operation["parameters"]}
    assert sorted(described["outlet"]["schema"]["items"]["enum"]) == ["bbc", "reuters",
                                                                       "ukrinform"]
    assert described["outlet"]["example"] == ["reuters"]
    assert set(described["lang"]["schema"]["items"]["enum"]) == {"en", "uk"}
    assert "budanov-street" in described["place"]["schema"]["items"]["enum"]
    assert described["per_page"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 100}
    page = client.get("/api/").content.decode()
    examples = re.findall(r'href="(/api/search\?[^"]+)"', page)
    assert "/api/search?outlet=reuters&amp;undated=only" in examples
    for example in examples:
        assert client.get(example.replace("&amp;", "&")).status_code == 200, example


def test_a_repeated_parameter_takes_as_many_values_as_described(client):
    small_archive()
    operation = client.get("/api/openapi.json").json()["paths"]["/api/search"]["get"]
    most = {p["name"]: p for p in operation["parameters"]}["person"]["schema"]["maxItems"]
    assert client.get("/api/search", {"person": ["zelensky"] * most}).status_code == 200
    refused = client.get("/api/search", {"person": ["zelensky"] * (most + 1)})
    assert refused.status_code == 400 and "person" in refused.json()["parameters"]


def test_an_archive_with_no_outlet_yet_offers_none(client):
    index()
    described = {p["name"]: p for p in
                 client.get("/api/openapi.json").json()["paths"]["/api/search"]["get"]["parameters"]}
    assert described["outlet"]["schema"] == {"type": "array", "items": {"type": "string"},
                                             "maxItems": 0}
    assert "example" not in described["outlet"]
    assert "outlet=" not in client.get("/api/").content.decode()


@pytest.mark.parametrize("query, named", [
    ({"undated": "only", "from": "2024"}, "undated"),
    ({"undated": "only", "to": "2024-08"}, "undated"),
    ({"from": "2024-09", "to": "2024-08-31"}, "to"),
    ({"from": "2024-08-02", "to": "2024-08-01"}, "to"),
    ({"from": "2025", "to": "2024-12"}, "to"),
])
def test_the_combinations_the_schema_cannot_say_get_the_described_400(django_app, query, named):
    assert refused_together(query)      # those the generated requests leave out
    small_archive()
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", django_app)
    for path in ("/api/search", "/api/attention"):
        case = schema[path]["GET"].Case(query=query)
        response = case.call(headers=PLAIN)
        assert response.status_code == 400 and named in response.json()["parameters"]
        case.validate_response(response)        # the 400 and its body, as described


def test_an_unreadable_index_gets_the_described_503(django_app, index_dir):
    small_archive()
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", django_app)
    shutil.rmtree(index_dir)
    POOL.reset()
    for path in ("/api/search", "/api/attention"):
        case = schema[path]["GET"].Case(query={"q": "kursk"})
        response = case.call(headers=PLAIN)
        assert response.status_code == 503 and response.headers["retry-after"] == ["60"]
        # The 503 and its body as described; the check that no answer is a 5xx is not
        # the question here.
        case.validate_response(response, excluded_checks=[not_a_server_error])


def test_an_unchanged_answer_gets_the_described_304(django_app):
    small_archive()
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", django_app)
    for path in ("/api/search", "/api/attention"):
        case = schema[path]["GET"].Case(query={"q": "kursk"})
        etag = case.call(headers=PLAIN).headers["etag"][0]
        response = case.call(headers={**PLAIN, "If-None-Match": etag})
        assert response.status_code == 304
        case.validate_response(response)


DAYS = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


@given(DAYS)
def test_the_date_pattern_takes_every_day_month_and_year(day):
    for text in (day.isoformat(), day.isoformat()[:7], day.isoformat()[:4]):
        assert re.fullmatch(PERIOD, text), text


@given(st.from_regex(PERIOD, fullmatch=True))
def test_every_date_the_pattern_allows_is_accepted(text):
    day = PeriodField().clean(text)         # a ValidationError if it were refused
    assert day is not None and day == parse_date(text)


@given(st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{2}|[0-9]{4}", fullmatch=True))
def test_the_pattern_refuses_exactly_the_impossible_dates(text):
    assert bool(re.fullmatch(PERIOD, text)) == (parse_date(text) is not None)


@given(st.from_regex(PERIOD, fullmatch=True), st.from_regex(PERIOD, fullmatch=True))
def test_the_hooks_leave_out_exactly_the_periods_the_server_refuses(first, last):
    refused = parse_date(first) > parse_date(last, last=True)
    assert refused_together({"from": first, "to": last}) == refused


def test_leap_days_follow_the_gregorian_rules():
    for year in (4, 400, 1900, 2000, 2023, 2024, 2100, 9996):
        leap = (date(year, 3, 1) - timedelta(days=1)).day == 29
        assert bool(re.fullmatch(PERIOD, f"{year:04d}-02-29")) == leap
