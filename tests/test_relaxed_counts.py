"""A relaxed search counts, facets and pages only the near misses it shows."""
import pytest

from tests.search_archive import article, headlines, index, run

pytestmark = pytest.mark.django_db


def one_word_articles():
    for n in range(6):
        article(f"Oil only {n}", f"Oil tankers waited outside the port on day {n}.",
                outlet_name="Kyiv Independent")


def test_it_counts_only_the_articles_with_at_least_two_of_the_words():
    article("Two words", "Russian exports of oil fell sharply in the spring.")
    article("Three words", "The price cap on Russian crude was debated for weeks.")
    one_word_articles()
    index()
    response = run("Russian oil price cap")
    assert response.relaxed
    assert sorted(headlines(response)) == ["Three words", "Two words"]
    assert response.total_articles == 2
    assert [(o.name, o.count) for o in response.facets.outlets] == [("Reuters", 2)]
    assert sum(b.count for b in response.facets.published) == 2


def test_its_notice_says_the_rule_in_words():
    article("Two words", "Russian exports of oil fell sharply in the spring.")
    one_word_articles()
    index()
    response = run("Russian oil price cap")
    assert ("No paragraph has all of the words, so paragraphs with at least two of the "
            "four searched words are shown, those with more of them first.") in response.notices


def test_a_two_word_query_no_paragraph_matches_whole_still_shows_either_word():
    article("Grain", "The grain left port.")
    article("Corridor", "A corridor was opened.")
    index()
    response = run("grain corridor")
    assert response.relaxed
    assert response.total_articles == 2


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
