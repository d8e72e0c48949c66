"""Hostile parameters on every public search URL: never a 5xx, always a well-formed answer.

The API answers valid JSON (a 400 names the parameters that are wrong), the page and the
exports answer 200, a redirect to a page that exists, or a 400 page; the feed is valid XML.
"""
import csv
import html
import io
import json
import re
from urllib.parse import parse_qs, urlparse
from xml.etree import ElementTree

import pytest
from hypothesis import given

from tests import hostile
from tests.search_archive import article, index

pytestmark = pytest.mark.django_db

URLS = {"page": "/", "api": "/api/search", "csv": "/search/export.csv",
        "json": "/search/export.json", "feed": "/search/feed.atom"}


@pytest.fixture
def archive():
    hostile.small_archive()


def body_of(response):
    if response.streaming:
        return b"".join(response.streaming_content)  # an error mid-stream surfaces here
    return response.content


def check_well_formed(kind, response, params):
    body = body_of(response)
    assert response.status_code < 500, (kind, params, body[:500])
    if response.status_code == 400:
        assert kind != "feed" or body  # a 400 says something
        if kind == "api":
            answer = json.loads(body)
            assert answer["parameters"], answer
            assert set(answer["parameters"]) <= set(params), (answer, params)
        return
    if kind == "page":
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            assert response.headers["Location"].startswith("/?") or response.headers["Location"] == "/"
        return
    assert response.status_code == 200, (kind, params)
    if kind == "api":
        json.loads(body)
    elif kind == "json":
        json.loads(body)
    elif kind == "csv":
        list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    elif kind == "feed":
        ElementTree.fromstring(body)


@pytest.mark.parametrize("kind", sorted(URLS))
def test_it_answers_hostile_parameters_without_a_server_error(archive, client, kind):
    @given(params=hostile.search_parameters())
    def check(params):
        check_well_formed(kind, client.get(URLS[kind], params), params)

    check()


@pytest.mark.parametrize("kind", sorted(URLS))
@pytest.mark.parametrize("query_string", [
    "q=%FF%FE%00", "q=%ED%A0%80", "q=%C0%AF", "q=" + "%E2%80%AE" * 10, "from=%FF", "outlet=%00",
    "q=a&q=b&q=c", "page=1&page=2", "q", "=&=&&", "q=" + "a" * 100_000, "q=%", "q=%%%25",
    "per_page=0", "per_page=101", "page=99999999999999999999", "from=2024&to=2023",
])
def test_it_answers_broken_query_strings(archive, client, kind, query_string):
    response = client.get(f"{URLS[kind]}?{query_string}")
    params = {part.split("=")[0] for part in query_string.split("&")}
    check_well_formed(kind, response, params)


def test_it_names_each_bad_parameter_in_the_api(archive, client):
    answer = client.get("/api/search", {"from": "2024-02-30", "per_page": "lots", "sort": "up"})
    assert answer.status_code == 400
    assert set(answer.json()["parameters"]) == {"from", "per_page", "sort"}


def test_it_keeps_the_feed_valid_xml_with_control_characters_in_the_text(client):
    article("Strike\x0b on\x1b the depot", "Drones\x08 struck a depot.", outlet_name="Reu\x01ters")
    index()
    for params in ({}, {"q": "drones\x1b"}, {"q": "depot"}):
        response = client.get("/search/feed.atom", params)
        assert response.status_code == 200
        ElementTree.fromstring(body_of(response))


def test_it_echoes_in_its_links_only_the_words_it_searched(archive, client):
    # 7.8 KB of words: the parser reads its first 1,000 characters, and so do the page's
    # hundred-odd links (every filter, sort, page and export); they once echoed all of it.
    words = ("kursk OR " * 900)[:7800]
    response = client.get("/", {"q": words})
    page = response.content.decode()
    links = re.findall(r'href="([^"]*[?&]q=[^"]*)"', page)
    assert len(links) > 10
    longest = max(len(parse_qs(urlparse(html.unescape(link)).query)["q"][0]) for link in links)
    assert longest <= 1000
    assert len(response.content) < 40 * len(words)
