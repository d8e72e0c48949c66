"""Did you mean: a close real word for an unknown one, with the results it would give."""
import pytest

from tests.search_archive import article, comment, index, run

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
    # the article with both words, then the one with "government" alone (graded)
    assert response.suggestion.count == 2


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


def test_it_never_offers_a_word_of_commentary_made_private():
    note_on = article("Port talks", "Talks about the port went on.")
    note = comment(note_on, "The quartermaster signed for the shipment.")
    index()
    assert run("quartermastr").suggestion.q == "quartermaster"
    note.private = True
    note.save()
    index()
    assert run("quartermaster").total_articles == 0
    assert run("quartermastr").suggestion is None


def test_it_never_offers_a_word_of_a_deleted_article():
    article("Port talks", "Talks about the port went on.")
    gone = article("Harbour", "The harbourmaster left the quay.")
    index()
    assert run("harbourmastr").suggestion.q == "harbourmaster"
    gone.delete()
    index()
    assert run("harbourmastr").suggestion is None


def test_it_offers_a_suggestion_only_when_it_finds_something_with_the_filters(archive):
    article("Shelling", "Shelling near the station.", outlet_name="Meduza")
    index()
    assert run("goverment", outlets=("meduza",)).suggestion is None
    assert run("goverment").suggestion.q == "government"


def test_it_corrects_a_cyrillic_typo_against_cyrillic_words():
    article("Новости", "Правительство объявило перестановки.")
    index()
    assert run("правительсво").suggestion.q == "правительство"


def test_it_answers_a_thousand_letter_unknown_word_without_a_suggestion(archive):
    response = run("g" + "o" * 999)
    assert response.total_articles == 0
    assert response.suggestion is None
