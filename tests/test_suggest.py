"""Did you mean: a close real word for an unknown one, with the results it would give."""
import pytest

from tests.search_archive import article, index, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    article("Government reshuffle", "The government announced a reshuffle.")
    article("Government talks", "Talks with the government resumed in Istanbul.")
    index()


def test_it_suggests_the_unstemmed_word_with_its_count(archive):
    response = run("goverment")
    assert response.total_articles == 0
    assert response.suggestion.q == "government"
    assert response.suggestion.count == 2


def test_it_corrects_only_the_unknown_word(archive):
    response = run("goverment istanbul")
    assert response.suggestion.q == "government istanbul"
    assert response.suggestion.count == 1


def test_it_suggests_nothing_when_results_exist_or_nothing_is_close(archive):
    assert run("government").suggestion is None
    assert run("zzqxv").suggestion is None


def test_it_never_offers_a_stop_word_or_a_far_fetched_short_word(archive):
    assert run("two").suggestion is None          # "the" is two edits away, and a stop word
    assert run("tlks").suggestion.q == "talks"    # one edit


def test_it_keeps_the_case_the_user_typed(archive):
    assert run("Goverment").suggestion.q == "Government"


def test_it_offers_no_spelling_whose_variants_already_gave_the_same_results():
    article("Address", "Zelensky spoke to parliament.")
    index()
    response = run("Zelenskyy")
    assert response.total_articles == 1          # found through the variant table
    assert response.suggestion is None
