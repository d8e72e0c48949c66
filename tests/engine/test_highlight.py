"""Snippets: escaped text, <mark> around the words as written, trimmed around matches."""
from hypothesis import example, given, strategies as st

from search.engine.highlight import Marks, highlight, word_spans
from search.text.analysis import WORD, terms, terms_in_any_language

HOSTILE = '<script>alert("x")</script> <img src=x onerror=alert(1)> Tom & Jerry\'s "drone"'


def test_it_marks_words_as_written_for_their_stems():
    html = highlight("The shelling continued; shells fell.", Marks({"shell"}))
    assert html == "The <mark>shelling</mark> continued; <mark>shells</mark> fell."


def test_it_marks_a_phrase_as_one_mark_only_where_it_stands():
    marks = Marks(phrases=[tuple(terms("Ministry of Defence"))])
    html = highlight("The Ministry of Defence said; the ministry, not defence.", marks)
    assert html == "The <mark>Ministry of Defence</mark> said; the ministry, not defence."


def test_it_marks_overlapping_phrases_and_a_word_inside_one_once():
    marks = Marks({"kursk"}, [tuple(terms("Kursk region")), tuple(terms("region border"))])
    html = highlight("In the Kursk region border areas, Kursk.", marks)
    assert html == "In the <mark>Kursk region border</mark> areas, <mark>Kursk</mark>."


def test_it_escapes_everything_and_marks_nothing_else():
    html = highlight(HOSTILE, Marks({"drone"}))
    assert "<script>" not in html and "<img" not in html
    assert html.count("<mark>") == 1
    assert "&lt;script&gt;" in html and "&amp;" in html and "&quot;" in html
    assert "<mark>drone</mark>" in html


def test_it_trims_long_paragraphs_around_the_match():
    text = "filler " * 150 + "Avdiivka " + "more " * 150
    html = highlight(text, Marks({"avdiivka"}))
    assert "<mark>Avdiivka</mark>" in html
    assert len(html) < 600
    assert html.startswith("\u2026") and html.endswith("\u2026")


def test_it_marks_stems_phrases_and_variants_in_results(archive):
    archive.article("Report", "Kiev's air defenses held; the shelling stopped.")
    html = archive.run('kyiv "air defenses" shelled').results[0].html[0]
    assert html == ("<mark>Kiev&#x27;s</mark> <mark>air defenses</mark> held; "
                    "the <mark>shelling</mark> stopped.")


# Words, digits, every apostrophe the analysis joins words with, underscores and
# punctuation, side by side: where a word stands whole is decided at these edges.
EDGY = st.lists(st.sampled_from(["kyiv", "Kyiv", "drone", "s", "2022", "Жовтня", "'", "\u2019",
                                 "`", "\u02bc", "\u00b4", "_", " ", "-", "."]),
                max_size=12).map("".join)


@given(text=EDGY, marked=st.sets(st.sampled_from(["kyiv", "Kyiv's", "drones", "2022", "жовтень",
                                                  "s"])))
@example("kyiv kyiv's _kyiv kyiv’drone", {"kyiv"})
@example("drone´kyiv 2022kyiv", {"kyiv", "2022"})
def test_marked_words_are_found_exactly_where_the_index_reads_words(text, marked):
    # The highlighter looks a marked word up with str.find; it must find it where the
    # word reading (WORD) sees it whole, and nowhere else ("kyiv" not in "kyivs" or
    # "kyiv's", "2022" not in "2022kyiv").
    words = set().union(*(terms_in_any_language(w) or set() for w in marked))
    expected = [m.span() for m in WORD.finditer(text)
                if not (terms_in_any_language(m.group()) or set()).isdisjoint(words)]
    assert word_spans(text, words) == expected
