"""The query parser reads every operator, and never fails on malformed input."""
from datetime import date

import pytest

from search.engine.parsing import And, DateBound, Not, Or, OutletIs, Phrase, Word, parse, parse_date
from tests.hostile import readable


def test_it_reads_plain_words_as_all_of_them():
    parsed = parse("kyiv drone")
    assert parsed.node == And((Word("kyiv"), Word("drone")))
    assert parsed.interpreted == "kyiv AND drone"
    assert not parsed.fell_back


def test_it_reads_phrases_proximity_or_and_not():
    parsed = parse('"air defence"~3 OR missile -moscow NOT kremlin')
    assert parsed.node == Or((
        Phrase("air defence", slop=3, quoted=True),
        And((Word("missile"), Not(Word("moscow")), Not(Word("kremlin")))),
    ))


def test_it_reads_prefix_fuzzy_and_fields():
    parsed = parse("mobilis* goverment~ headline:kursk author:umland commentary:turning")
    assert parsed.node.items == (
        Word("mobilis", prefix=True), Word("goverment", fuzzy=1),
        Word("kursk", field="headline"), Word("umland", field="authors"),
        Word("turning", field="commentary"),
    )


def test_it_reads_outlets_and_dates_as_first_and_last_days():
    parsed = parse('outlet:"Foreign Policy" from:2022-03 to:2024')
    assert parsed.node.items == (
        OutletIs("Foreign Policy"),
        DateBound("from", date(2022, 3, 1)),
        DateBound("to", date(2024, 12, 31)),
    )


def test_it_ignores_an_impossible_date_and_says_so():
    parsed = parse("from:2024-13-45 kyiv")
    assert parsed.node == Word("kyiv")
    assert "not a date" in parsed.notices[0]


@pytest.mark.parametrize("text", [
    '"unbalanced quote', "(open paren", "close paren)", "OR", "NOT", "a OR", "AND b",
    "a AND AND b", "-", "((((((((((((((((((((((deep))))))))))))))))))))))",
])
def test_it_falls_back_to_plain_words_on_malformed_input(text):
    parsed = parse(text)
    words = [w for w in ("unbalanced", "quote", "open", "paren", "close", "a", "b", "deep")
             if w in text]
    if parsed.fell_back:
        assert parsed.notices and "could not be read" in parsed.notices[0]
    assert all(w in parsed.interpreted for w in words)


def test_it_survives_huge_control_and_unicode_input():
    for text in ["x " * 2500, "kyiv\x00\x07\x1b[31m drone\u200b", "русский 中文 ١٢٣ 🇺🇦",
                 "\ud800 broken surrogate", "*" * 50, ":" * 10, '"' * 7]:
        parsed = parse(text)
        assert readable(parsed.interpreted)      # what the page shows as "Read as"
    assert "cut" in parse("word " * 1000).notices[0]


def test_it_refuses_leading_wildcards_and_one_letter_prefixes():
    parsed = parse("*grad k*")
    assert parsed.node == Word("grad")
    assert any("end of a word" in n for n in parsed.notices)
    assert any("too many words" in n for n in parsed.notices)


def test_it_reads_hyphenated_words_as_a_phrase_and_unknown_fields_as_words():
    parsed = parse("counter-offensive foo:bar")
    assert parsed.node == And((Phrase("counter offensive"), Phrase("foo bar")))
    assert any("no field" in n for n in parsed.notices)


def test_it_parses_dates_by_period():
    assert parse_date("2024") == date(2024, 1, 1)
    assert parse_date("2024", last=True) == date(2024, 12, 31)
    assert parse_date("2024-02", last=True) == date(2024, 2, 29)
    assert parse_date("2024-02-30") is None
    assert parse_date("24-1") is None
