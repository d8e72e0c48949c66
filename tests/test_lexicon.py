"""The domain lexicon: the shipped file is well formed, its precision rules hold, and a query
word in any form reaches its concept and the other languages' terms (search/text/lexicon.py).
No database, no index: the lexicon is plain data and plain Python."""
import re
from collections import Counter
from functools import lru_cache

import pytest

from search.text.analysis import terms
from search.text import lexicon

# Ordinary English words the lexicon lists only inside multi-word terms (LEXICON.md).
ORDINARY = ("mine", "fire", "power", "party", "state", "charge", "front", "cell",
            "arms", "unit", "division", "battery", "base", "general", "major",
            "private", "company", "corps", "order", "target", "position", "direction",
            "leave", "draft", "fleet", "uniform", "personnel", "reserve", "rank", "search",
            "crossing", "body", "remains", "down", "hit", "impact", "underground",
            "withdrawal", "intelligence", "communications", "it")
# English words the stemmer joins to a term's word ("mobil" of mobilization): with the
# query's plain words, they reach nothing.
STEM_SHARERS = ("shell", "shells", "mobile", "force", "forced", "arm", "secure",
                "marine", "mining", "mined", "fight", "annex", "generally", "powered", "command",
                "storm", "desert")
# Ukrainian and Russian words whose common sense is not the war's (склад: a composition,
# звільнення: a dismissal, ставка: an interest rate): only inside multi-word terms.
ORDINARY_CYRILLIC = {
    "uk": ("склад", "позиція", "напрямок", "звільнення", "сховище", "агент", "бронювання",
           "розрахунок", "відділення", "батарея", "ставка", "зіткнення", "зведення", "пелюстка",
           "розтяжка", "колонія", "формування", "укріплення", "корпус", "сила"),
    "ru": ("состав", "позиция", "направление", "освобождение", "агент", "бронирование",
           "расчет", "отделение", "батарея", "ставка", "столкновение", "колония",
           "формирование", "укрепление", "корпус", "сила", "убежище")}
# Ukrainian and Russian function words that an abbreviation could spell (ПРО is про).
FUNCTION_WORDS = {"uk": ("про", "на", "і", "та", "по", "до", "при", "як", "що", "за"),
                  "ru": ("про", "на", "и", "по", "от", "до", "при", "как", "что", "за")}
NAMES = ("Kyiv", "Kharkiv", "Crimea", "Bakhmut", "Zelensky", "Putin", "Donbas")
SLURS = {"uk": ("рашист", "орк", "русня", "ватник", "кацап"),
         "ru": ("укроп", "хохол", "бандеровец", "рашист", "укронацист")}


@lru_cache(maxsize=1)
def shipped():
    return lexicon.load()


def translate(text, lang, with_plain=True):
    """The lexicon's Translations of a query typed as `text` in `lang`."""
    if with_plain:
        return shipped().translate(text, lang)
    return shipped().translations(terms(text, lang), lang)


def labels(text, lang, with_plain=True):
    return [[concept.label for concept in match.concepts]
            for match in translate(text, lang, with_plain)]


def test_it_ships_a_well_formed_lexicon_of_a_thousand_concepts_or_more():
    concepts = shipped().concepts
    assert len(concepts) >= 1000
    for concept in concepts:
        assert concept.domain in lexicon.DOMAINS, concept.where
        for lang in lexicon.LANGUAGES:
            assert concept.terms_in(lang), f"{concept.where}: no {lang} term"


def test_no_term_is_listed_twice_in_one_language_of_a_concept():
    for path in sorted(lexicon.DATA.glob("lexicon*.tsv")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip() and not line.startswith("#"):
                tagged = Counter(field.strip().lower() for field in line.split("\t")[1:])
                twice = [term for term, count in tagged.items() if count > 1]
                assert not twice, f"{path.name} line {number}: {twice}"


@pytest.mark.parametrize("line, message", [
    ("militray\ten:drone\tuk:дрон\tru:дрон", "unknown domain 'militray'"),
    ("military\tdrone\tuk:дрон\tru:дрон", "'drone' does not start with a language"),
    ("military\ten:drone\tuk:дрон", "no Russian term"),
    ("military\ten:дрон\tuk:дрон\tru:дрон", "letters that are not English"),
    ("military\ten:drone\tuk:дрон\tru:дрон\tru:Дрон", "ru:Дрон is listed twice"),
    ("military\ten:of the\tuk:дрон\tru:дрон", "has no word the search analyses"),
])
def test_a_malformed_line_is_reported_with_its_file_and_line(line, message):
    with pytest.raises(lexicon.LexiconError) as error:
        lexicon.parse(["# a comment", "", line], "mine.tsv")
    assert str(error.value).startswith("mine.tsv line 3: ")
    assert message in str(error.value)


@pytest.mark.parametrize("word", ORDINARY)
def test_an_ordinary_english_word_alone_is_not_translated(word):
    assert labels(word, "en", with_plain=False) == []
    assert labels(word, "en") == []


def test_no_english_term_is_an_ordinary_word_alone():
    alone = {term.text.lower() for concept in shipped().concepts for term in concept.terms_in("en")}
    assert not alone & {*ORDINARY, "shell"}


@pytest.mark.parametrize("word", STEM_SHARERS)
def test_a_word_that_only_shares_a_stem_with_a_term_is_not_translated(word):
    assert labels(word, "en") == []


def test_shelling_and_the_past_of_the_verb_are_translated_but_not_the_noun_shell():
    assert labels("shelling", "en") == [["shelling"]]
    assert labels("shelled", "en") == [["shelled"]]
    assert labels("artillery shells", "en") == [["artillery shell"]]
    assert labels("Shell", "en") == []


@pytest.mark.parametrize("lang", ["uk", "ru"])
def test_an_ordinary_ukrainian_or_russian_word_alone_is_not_translated(lang):
    for word in ORDINARY_CYRILLIC[lang]:
        assert labels(word, lang) == [], word


@pytest.mark.parametrize("lang", ["uk", "ru"])
def test_no_function_word_is_a_term(lang):
    for word in FUNCTION_WORDS[lang]:
        assert labels(word, lang) == [], word


def test_names_and_slurs_are_not_in_the_lexicon():
    for name in NAMES:
        assert labels(name, "en") == [], name
    for lang, slurs in SLURS.items():
        for slur in slurs:
            assert labels(slur, lang) == [], slur


def test_the_longest_term_wins():
    assert labels("air defense", "en") == [["air defense"]]
    assert labels("missile strike on the front line", "en") == [["missile strike"], ["front line"]]
    assert labels("prisoner of war exchange", "en") == [["prisoner of war"], ["exchange"]]
    assert labels("протиповітряна оборона", "uk") == [["air defense"]]


@pytest.mark.parametrize("text, lang", [
    ("drones", "en"), ("дронів", "uk"), ("дронов", "ru"), ("безпілотників", "uk"),
    ("беспилотниками", "ru"), ("БПЛА", "ru"),
])
def test_inflected_query_forms_reach_the_drone(text, lang):
    assert labels(text, lang) == [["drone"]]


@pytest.mark.parametrize("text, lang", [
    ("протиповітряної оборони", "uk"), ("противовоздушной обороны", "ru"), ("ППО", "uk"),
    ("ПВО", "ru"), ("air defences", "en"),
])
def test_inflected_query_forms_reach_air_defense(text, lang):
    assert labels(text, lang) == [["air defense"]]


def test_a_form_the_lemmatiser_reads_as_another_word_still_reaches_its_concept():
    # pymorphy3 reads війни as the verb війнути, and міст (a bridge) as a form of місто
    assert labels("війни", "uk") == [["war"]]
    assert labels("міст", "uk") == [["bridge"]]
    assert labels("мосту", "uk") == [["bridge"]]
    assert labels("місто", "uk") == [["city"]]


def test_a_translation_carries_the_terms_and_the_index_forms_of_the_other_languages():
    [match] = translate("drone attacks", "en")
    assert "атака дронів" in [term.text for term in match.terms["uk"]]
    assert ("атака", "дрон") in match.forms["uk"]
    assert ("атак", "дрон") in match.forms["ru"]
    [war] = translate("war", "en")
    # the index holds війни under the lemmatiser's reading, війнути: it is searched too
    assert {("війна",), ("війнути",)} <= set(war.forms["uk"])
    [bridge] = translate("bridge", "en")
    assert ("місто",) not in bridge.forms["uk"]


def test_an_english_query_reaches_ukrainian_and_russian_and_back():
    [match] = translate("prisoner exchange", "en")
    assert "обмін полоненими" in [term.text for term in match.terms["uk"]]
    assert "обмен пленными" in [term.text for term in match.terms["ru"]]
    [back] = translate("обміну полоненими", "uk")
    assert "prisoner exchange" in [term.text for term in back.terms["en"]]


def test_the_header_says_how_to_extend_the_file():
    header = re.match(r"(#.*\n)+", (lexicon.DATA / "lexicon.tsv").read_text(encoding="utf-8"))
    assert header and "To extend it" in header.group(0) and "lexicon_coverage" in header.group(0)
