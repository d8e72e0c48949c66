"""A relaxed search as the page and the API show it.
(What the engine counts, facets and pages: tests/engine/test_relaxed_counts.py.)"""
import pytest

from tests.search_archive import article, index

pytestmark = pytest.mark.django_db


def one_word_articles():
    for n in range(6):
        article(f"Oil only {n}", f"Oil tankers waited outside the port on day {n}.",
                outlet_name="Kyiv Independent")


def test_its_page_gives_one_account_of_how_the_query_was_read(client):
    article("Two words", "Russian exports of oil fell sharply in the spring.")
    one_word_articles()
    index()
    text = client.get("/", {"q": "Russian oil price cap"}).content.decode()
    assert "at least two of the four searched words" in text
    assert "Read as" not in text
    assert "every word must appear" not in text


def test_the_api_reads_a_relaxed_query_back_as_it_was_searched(client):
    article("Two words", "Russian exports of oil fell sharply in the spring.")
    index()
    data = client.get("/api/search", {"q": "Russian oil price cap"}).json()
    assert data["relaxed"] is True
    assert data["interpreted"] == "at least two of (Russian, oil, price, cap)"
