"""What the reader sees of a query's translation: the page and the API say what was added
in each language, one control searches the query's own language only, and a translated
word beside a match says what it means."""
from datetime import date

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from tests.search_archive import article, headlines, index, run

ENGLISH = ("Drones over the port", "Drones struck a fuel depot near the port overnight.")
UKRAINIAN = ("Збиті безпілотники", "Уночі над містом сили оборони збили три безпілотники, "
             "повідомила обласна адміністрація.")
RUSSIAN = ("Атака беспилотников", "Ночью беспилотники атаковали нефтебазу, сообщил "
           "губернатор области.")


@pytest.fixture
def archive(db):
    article(*ENGLISH, outlet_name="Reuters", published=date(2024, 8, 14))
    article(*UKRAINIAN, outlet_name="Українська правда", published=date(2024, 8, 15))
    article(*RUSSIAN, outlet_name="Медуза", published=date(2024, 8, 16))
    index()


def test_an_english_query_finds_the_ukrainian_and_russian_reporting(archive):
    assert set(headlines(run("drones"))) == {ENGLISH[0], UKRAINIAN[0], RUSSIAN[0]}
    assert headlines(run("drones", translate=False)) == [ENGLISH[0]]


def test_the_page_says_what_was_added_in_each_language_and_offers_the_own_language(archive, client):
    page = client.get("/", {"q": "drones"})
    assertContains(page, '<em lang="uk">безпілотник</em>', html=True)
    assertContains(page, "Ukrainian:")
    assertContains(page, "Russian:")
    assertContains(page, "(1 article)")
    assertContains(page, "Search in English only")
    assertContains(page, "translate=off")
    own = client.get("/", {"q": "drones", "translate": "off"})
    assertNotContains(own, UKRAINIAN[0])
    assertContains(own, "In the query’s own language only.")


def test_a_translated_match_is_glossed_in_english(archive, client):
    page = client.get("/", {"q": "drones"})
    assertContains(page, '<span class="gloss"><span lang="uk">безпілотник</span> = drone</span>',
                   html=True)
    english_only = client.get("/", {"q": "drones", "translate": "off"})
    assertNotContains(english_only, 'class="gloss"')


def test_the_api_says_what_was_added_and_glosses_each_result(archive, client):
    answer = client.get("/api/search", {"q": "drones"}).json()
    assert answer["query_languages"] == ["en"]
    added = {t["language"]: t for t in answer["translations"]}
    assert added["uk"] == {"language": "uk", "name": "Ukrainian", "terms": ["безпілотник"],
                           "articles": 1}
    assert added["ru"]["terms"] == ["беспилотник"]
    glossed = {r["article"]["headline"]: r["glosses"] for r in answer["results"]}
    assert glossed[UKRAINIAN[0]] == [{"term": "безпілотник", "meaning": "drone",
                                      "language": "uk"}]
    assert glossed[ENGLISH[0]] == []
    own = client.get("/api/search", {"q": "drones", "translate": "off"}).json()
    assert own["translations"] == [] and own["total_articles"] == 1


def test_a_cyrillic_query_ranks_cyrillic_reporting_first(archive):
    assert headlines(run("безпілотники"))[0] == UKRAINIAN[0]
