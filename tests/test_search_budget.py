"""Every search has a work budget (a deadline and a cap on expanded words); what it cut
is said on the page, and the answer comes back instead of a timeout."""
import pytest

from tests.search_archive import article, index, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    article("Shelling", "Shelling near the station, the stations and the statues.")
    article("Strikes", "Strikes on stadiums and on the state grid; a statement followed.")
    index()


def test_it_says_how_many_spellings_of_a_fuzzy_word_it_searched(archive, settings):
    settings.SEARCH_MAX_EXPANDED_TERMS = 2
    response = run("statin~2")
    assert any("Only the first 2 spellings of “statin~2” were searched" in n
               for n in response.notices), response.notices
    assert response.total_articles >= 1


def test_it_says_how_many_words_of_a_prefix_it_searched(archive, settings):
    settings.SEARCH_MAX_EXPANDED_TERMS = 1
    response = run("sta*")
    assert any("Only the first 1 words starting “sta”" in n for n in response.notices)


def test_it_answers_fifty_fuzzy_words_within_the_cap(archive, settings):
    settings.SEARCH_MAX_EXPANDED_TERMS = 30
    response = run(" OR ".join(f"station{n}~2" for n in range(50)))
    assert any("were searched" in n for n in response.notices)


def test_it_says_what_it_cut_when_the_deadline_has_passed(archive, settings):
    settings.SEARCH_BUDGET_SECONDS = 0
    response = run("statin~2 stadiom")
    assert any("ran out of time" in n for n in response.notices), response.notices
    assert response.suggestion is None


def test_it_does_not_keep_an_answer_the_deadline_cut(archive, settings):
    settings.SEARCH_BUDGET_SECONDS = 0
    cut = run("statin~2")
    assert any("ran out of time" in n for n in cut.notices)
    assert cut.total_articles == 0                 # only "statin" itself was searched
    settings.SEARCH_BUDGET_SECONDS = 5
    again = run("statin~2")
    assert not any("ran out of time" in n for n in again.notices), again.notices
    assert again.total_articles == 2
