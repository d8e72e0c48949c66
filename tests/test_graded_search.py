"""Graded matching as a reader and a program see it: the counts of articles with all of
the words and with some, and the choice of every word in one article or one paragraph."""
import json

import pytest
from pytest_django.asserts import assertContains

from tests.search_archive import article, index


@pytest.fixture
def archive(db):
    article("Across paragraphs", "Grain prices rose again this week.",
            "Ships were loaded in Odesa before dawn.")
    article("One paragraph", "Grain left Odesa under the corridor deal.")
    article("Grain only", "Grain harvests were smaller than last year.")
    index()


def test_the_page_says_how_many_have_all_the_words_and_offers_the_strict_readings(client, archive):
    page = client.get("/", {"q": "grain Odesa"})
    assertContains(page, "2 articles have all of the words, 1 only some of them.")
    assertContains(page, '<a href="?q=grain+Odesa&amp;within=article">all words in one '
                         'article</a>', html=True)
    assertContains(page, '<strong>all words first, then most</strong>', html=True)


def test_within_article_is_a_parameter_of_the_page_and_the_api(client, archive):
    data = client.get("/api/search", {"q": "grain Odesa", "within": "article"}).json()
    assert [r["article"]["headline"] for r in data["results"]] == ["One paragraph",
                                                                  "Across paragraphs"]
    assert (data["all_words_articles"], data["some_words_articles"]) == (2, 0)
    data = client.get("/api/search", {"q": "grain Odesa"}).json()
    assert (data["total_articles"], data["all_words_articles"], data["some_words_articles"]) \
        == (3, 2, 1)
    page = client.get("/", {"q": "grain Odesa", "within": "paragraph"})
    assertContains(page, "1 article has all of the words.")


def test_an_unknown_within_is_a_400_naming_it(client, archive):
    reply = client.get("/api/search", {"q": "grain", "within": "sentence"})
    assert reply.status_code == 400
    assert "within" in reply.content.decode()


def test_exports_and_feeds_follow_the_articles_with_every_word(client, archive):
    exported = json.loads(b"".join(client.get("/search/export.json",
                                              {"q": "grain Odesa"}).streaming_content))
    headlines = {row["article"]["headline"] for row in exported["paragraphs"]}
    assert headlines == {"One paragraph", "Across paragraphs"}
    feed = client.get("/search/feed.atom", {"q": "grain Odesa"}).content.decode()
    assert "Grain only" not in feed and "One paragraph" in feed


def test_the_page_says_its_downloads_hold_the_articles_with_every_word(client, archive):
    page = client.get("/", {"q": "grain Odesa"})
    assertContains(page, "Download all matching paragraphs of the articles with all of the words:")
