"""What language a query word is in, and whether it is an ordinary word (search/text/)."""
from search.text.word_languages import (english_lemmas, is_function_word,
                                        is_ordinary_english, languages_of)


def test_latin_is_english_and_cyrillic_ukrainian_or_russian_by_letters_and_dictionaries():
    assert languages_of("drones") == ("en",)
    assert languages_of("обстріл") == ("uk",)          # і: only Ukrainian has it
    assert languages_of("обстрел") == ("ru",)          # no such Ukrainian word
    assert languages_of("беспилотник") == ("ru",)
    assert languages_of("дрон") == ("uk", "ru")
    assert languages_of("2024") == ()


def test_ordinary_english_words_are_known_in_every_inflection_and_names_are_not():
    assert all(map(is_ordinary_english, ("crime", "drones", "grain", "struck", "tank", "mine")))
    assert not any(map(is_ordinary_english, ("kharkiv", "crimea", "zelensky", "kyiv",
                                              "bakhmut", "zelenskky")))
    assert english_lemmas("drones") == ("drone",)


def test_a_cyrillic_function_word_is_never_a_name():
    assert is_function_word("крім")          # "except"; the German Krim romanises to it
    assert not is_function_word("крим")
