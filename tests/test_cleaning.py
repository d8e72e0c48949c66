"""Cleaning received texts: each rule on a small case, and the five seed texts end to end."""
import re
from pathlib import Path

import pytest

from archive.chunking import split_body
from archive.cleaning import CleaningError, clean

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"


def seed(prefix):
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return clean(path.read_text(encoding="utf-8"))


def paragraphs(cleaned):
    return [b.text for b in split_body(cleaned.body)]


def headings(cleaned):
    return [line[3:] for line in cleaned.body.split("\n\n") if line.startswith("## ")]


# Paragraphs -----------------------------------------------------------------------------------

LONG_A = "The first paragraph is long enough to be a paragraph of its own in a text like this one, with two clauses."
LONG_B = "The second paragraph is also long enough to stand alone, as the paragraphs of newspapers usually are."


def test_it_reads_one_paragraph_per_line_when_lines_are_long():
    assert paragraphs(clean(f"{LONG_A}\n{LONG_B}\n")) == [LONG_A, LONG_B]


def test_it_reads_short_lines_that_all_end_sentences_as_paragraphs():
    text = "Kyiv said it advanced.\nMoscow denied it.\nNeither side gave figures.\nThe fighting went on."
    assert len(paragraphs(clean(text))) == 4


def test_it_reads_blank_line_paragraphs():
    assert paragraphs(clean(f"{LONG_A}\n\n{LONG_B}")) == [LONG_A, LONG_B]


def test_it_joins_the_wrapped_lines_of_one_paragraph():
    text = "A paragraph wrapped at a narrow\nwidth, as e-mails and old texts are,\nis one paragraph.\n\nAnother one."
    assert paragraphs(clean(text)) == [
        "A paragraph wrapped at a narrow width, as e-mails and old texts are, is one paragraph.",
        "Another one.",
    ]


def test_it_normalises_whitespace_but_keeps_quote_characters():
    text = "He said:\u00a0 “We\u200b will   win,” and ‘left’.\tThen \"straight\" quotes."
    assert paragraphs(clean(text)) == ["He said: “We will win,” and ‘left’. Then \"straight\" quotes."]


def test_it_spaces_sentences_run_together_by_a_lost_break():
    text = "Russia seems unable to counter them.So while Balakliya is small, it matters."
    assert paragraphs(clean(text)) == ["Russia seems unable to counter them. So while Balakliya is small, it matters."]


def test_it_leaves_names_with_a_dot_alone():
    text = "The state portal Diya.City grew, and the site Gossuslugi.Avto, too, as U.S.Army data show."
    assert paragraphs(clean(text)) == [text]


def test_it_cuts_a_paragraph_that_lost_all_its_breaks_at_sentence_ends():
    sentence = "This sentence about the front line repeats to make a text without paragraph breaks. "
    cleaned = clean(sentence * 200)
    parts = paragraphs(cleaned)
    assert len(parts) > 5 and all(len(p) <= 2000 and p.endswith("breaks.") for p in parts)


def test_it_refuses_a_paragraph_that_is_not_prose():
    with pytest.raises(CleaningError, match="without a sentence end"):
        clean("x" * 30_000)


@pytest.mark.parametrize("junk", ["[" * 50_000, "[a](" * 20_000, "*a " * 20_000, "![" * 30_000, "(" * 50_000])
def test_it_refuses_markup_junk_in_one_pass(junk):
    # Each pattern once made a Markdown rule rescan the rest of the line from every bracket or star.
    with pytest.raises(CleaningError, match="without a sentence end"):
        clean(junk)


def test_it_refuses_a_text_with_nothing_left():
    with pytest.raises(CleaningError, match="no article text"):
        clean("\n\n  \u200b \n")


# Header: title, subtitle, byline ----------------------------------------------------------------

def test_it_takes_title_and_subtitle_lines_as_metadata():
    cleaned = clean(f"Ukraine Advances in the East\nSuccess in Kherson begets success\n{LONG_A}\n{LONG_B}")
    assert cleaned.headline == "Ukraine Advances in the East"
    assert cleaned.subtitle == "Success in Kherson begets success"
    assert paragraphs(cleaned) == [LONG_A, LONG_B]


def test_it_takes_a_markdown_title_and_a_byline_as_metadata():
    cleaned = clean(f"# From Stalemate to Escalation: Why?\n\nby Nona Mikhelidze\n\n{LONG_A}")
    assert (cleaned.headline, cleaned.authors) == ("From Stalemate to Escalation: Why?", "Nona Mikhelidze")
    assert paragraphs(cleaned) == [LONG_A]


def test_it_reads_markdown_front_matter_as_metadata():
    text = ('---\ntitle: "Kyiv\'s Gamble"\nauthors:\n- Jane Roe\n- John Doe\ndate: 2024-08-14\n'
            f'canonical_url: https://example.org/kyiv\ntags: [war]\n---\n\n{LONG_A}')
    cleaned = clean(text)
    assert (cleaned.headline, cleaned.authors, cleaned.dateline, cleaned.url) == (
        "Kyiv's Gamble", "Jane Roe and John Doe", "2024-08-14", "https://example.org/kyiv")
    assert paragraphs(cleaned) == [LONG_A]


def test_front_matter_does_not_turn_the_first_line_into_a_subtitle():
    cleaned = clean(f"---\ntitle: Kyiv\n---\nShort opening line\n\n{LONG_A}")
    assert cleaned.subtitle == ""


def test_it_does_not_take_a_first_sentence_as_a_title():
    cleaned = clean(f"Putin's war began in February 2022.\n\n{LONG_A}")
    assert cleaned.headline == ""
    assert paragraphs(cleaned)[0] == "Putin's war began in February 2022."


def test_it_drops_the_known_headline_when_the_text_repeats_it():
    cleaned = clean(f"Putin speaks.\n\n{LONG_A}", headline_hint="Putin speaks.")
    assert paragraphs(cleaned) == [LONG_A]


def test_it_does_not_take_a_sentence_beginning_with_by_as_a_byline():
    text = f"By August 25 Ukraine had taken 1,175 square kilometres.\n\n{LONG_A}"
    cleaned = clean(text)
    assert cleaned.authors == "" and paragraphs(cleaned)[0].startswith("By August 25")


# Headings -----------------------------------------------------------------------------------------

def test_it_keeps_markdown_headings_of_any_level_as_section_headings():
    cleaned = clean(f"{LONG_A}\n\n### What victory, whose defeat?\n\n{LONG_B}\n\n## Putin's need\n\n{LONG_A} Again.")
    assert headings(cleaned) == ["What victory, whose defeat?", "Putin's need"]
    assert [b.heading for b in split_body(cleaned.body)] == ["", "What victory, whose defeat?", "Putin's need"]


def test_it_recognises_a_plain_text_heading_between_paragraphs():
    cleaned = clean(f"{LONG_A}\n\nIncursion in Kursk\n\n{LONG_B}")
    assert headings(cleaned) == ["Incursion in Kursk"]


def test_it_does_not_take_a_short_sentence_or_a_closing_question_as_a_heading():
    cleaned = clean(f"{LONG_A}\n\nThat is all.\n\n{LONG_B}\n\nWhat next for Russia")
    assert headings(cleaned) == []
    assert "That is all." in paragraphs(cleaned)


# Debris -----------------------------------------------------------------------------------------

def test_it_keeps_a_duplicated_paragraph_once():
    cleaned = clean(f"{LONG_A}\n{LONG_A}\n{LONG_B}")
    assert paragraphs(cleaned) == [LONG_A, LONG_B]


def test_it_keeps_short_repeated_paragraphs_that_can_be_real():
    cleaned = clean(f"{LONG_A}\n\nThank you.\n\n{LONG_B}\n\nThank you.")
    assert paragraphs(cleaned).count("Thank you.") == 2


def test_it_drops_feed_boilerplate_and_keeps_its_headline_and_outlet():
    cleaned = clean(f"{LONG_A}\n{LONG_B}\nThe post Kyiv’s Gamble appeared first on Foreign Policy.")
    assert paragraphs(cleaned) == [LONG_A, LONG_B]
    assert (cleaned.headline, cleaned.outlet) == ("Kyiv’s Gamble", "Foreign Policy")


def test_it_reduces_markdown_emphasis_and_links_to_text():
    text = "On 10 September, **Russia launched drones**, as *Reuters* and [the BBC](https://bbc.co.uk/x) said ![a map](m.png)."
    assert paragraphs(clean(text)) == ["On 10 September, Russia launched drones, as Reuters and the BBC said."]


def test_it_leaves_star_separators_inside_a_line_alone():
    text = "The construction ends in 2023.*** President Putin: Good afternoon. 2023.*** Remark: Hello."
    assert paragraphs(clean(text)) == [text]


def test_it_drops_stray_pdf_bullet_glyphs():
    text = f"{LONG_A}\n\n- n Moscow is testing NATO's resolve.\n- n The Kremlin's attempts have stalled.\n\n• A third point."
    assert paragraphs(clean(text))[1:] == [
        "Moscow is testing NATO's resolve.", "The Kremlin's attempts have stalled.", "A third point.",
    ]


def test_it_joins_a_sentence_broken_across_a_page_break():
    text = "Russia's elites increasingly believe\n\n\n\nthat an attack would not trigger US intervention."
    assert paragraphs(clean(text)) == ["Russia's elites increasingly believe that an attack would not trigger US intervention."]


def test_it_joins_a_sentence_broken_before_a_capitalised_word():
    text = f"{LONG_A} The so-called\n\n“Denazification” meant regime change."
    assert paragraphs(clean(text)) == [f"{LONG_A} The so-called “Denazification” meant regime change."]


def test_it_drops_a_pull_quote_between_the_halves_of_a_broken_sentence():
    text = ("Moscow's attempt to block Ukraine's integration with Western institutions also led to the "
            "opposite outcome. Putin told the envoy he intended to take the\n\n"
            "*Moscow's attempt to block Ukraine's integration with Western institutions led to the opposite outcome.*\n\n"
            "entire Donbas by the end of 2025.")
    assert paragraphs(clean(text)) == [
        "Moscow's attempt to block Ukraine's integration with Western institutions also led to the "
        "opposite outcome. Putin told the envoy he intended to take the entire Donbas by the end of 2025."
    ]


def test_it_keeps_an_emphasised_paragraph_that_repeats_nothing():
    text = f"{LONG_A}\n\n*Editor's note: this article was updated on Monday with new figures.*"
    assert paragraphs(clean(text))[-1] == "Editor's note: this article was updated on Monday with new figures."


def test_it_keeps_a_lead_in_ending_with_a_colon_as_written():
    text = f"{LONG_A}\nThe effects are already apparent:\n{LONG_B}\n{LONG_A} Again."
    assert paragraphs(clean(text))[1] == "The effects are already apparent:"


def test_it_drops_a_publisher_footer_and_what_follows_it():
    texts = [f"{LONG_A} Number {n}." for n in range(8)]
    body = "\n\n".join(texts)
    footer = ("17 September 2025\n\nThe Example Institute is an independent non-profit think tank founded in 1965.\n\n"
              "Via Roma, 1 -\nI-00100 Rome, Italy\n\nT +39 06 1234567\n\n[www.example.org](http://www.example.org)\n\n"
              "## Latest Example Commentaries\n\nEditor: **Jane Roe** (j.roe@example.org)\n\nISSN 1234-5678\n\n"
              "- 25 | 53 Jane Roe, *A Title*")
    cleaned = clean(f"{body}\n\n{footer}")
    assert paragraphs(cleaned) == texts
    assert cleaned.dateline == "17 September 2025"


def test_it_keeps_contact_details_inside_the_body():
    text = (f"{LONG_A}\n\nWrite to news@example.org with tips about the war.\n\n{LONG_B} "
            + "It goes on with a long paragraph of reporting after the address. " * 6)
    assert len(paragraphs(clean(text))) == 3


def test_it_takes_a_date_line_as_metadata():
    cleaned = clean(f"{LONG_A}\n\nWednesday, 14 August 2024\n\n{LONG_B}")
    assert cleaned.dateline == "Wednesday, 14 August 2024"
    assert paragraphs(cleaned) == [LONG_A, LONG_B]


# The seed texts ----------------------------------------------------------------------------------

def test_seed_000_has_its_two_subheadings_and_no_title():
    cleaned = seed("000")
    assert cleaned.headline == ""
    assert headings(cleaned) == ["Incursion in Kursk", "Aims of Ukraine"]
    assert paragraphs(cleaned)[-1] == "Considering the implications of the incursion, what will be the next move for Russia?"


def test_seed_001_keeps_its_repeated_first_paragraph_once_and_drops_the_feed_line():
    cleaned = seed("001")
    texts = paragraphs(cleaned)
    assert len(texts) == 15
    assert sum(t.startswith("In the space of four days") for t in texts) == 1
    assert not any("appeared first on" in t for t in texts)
    assert cleaned.headline == "Ukraine’s Invasion of Russia Could Bring a Quicker End to the War"
    assert cleaned.outlet == "Foreign Policy"


def test_seed_002_takes_headline_and_subtitle_and_mends_the_lost_break():
    cleaned = seed("002")
    assert cleaned.headline == "Ukraine Advances in the East, Spoiling Russian Annexation Plans"
    assert cleaned.subtitle == "Success in Kherson begets success near Kharkiv"
    assert "counter them. So while Balakliya" in cleaned.body
    assert "(see above photo)" in cleaned.body  # the author's words, kept
    assert len(paragraphs(cleaned)) == 13


def test_seed_003_takes_its_headline_and_keeps_every_paragraph():
    cleaned = seed("003")
    assert cleaned.headline == "Ukraine is advancing deeper into Russia, Zelenskiy says"
    assert len(paragraphs(cleaned)) == 26


def test_seed_004_is_cleaned_of_pdf_debris():
    cleaned = seed("004")
    texts = paragraphs(cleaned)
    assert cleaned.headline == "From Stalemate to Escalation: Why Putin Needs More War"
    assert cleaned.authors == "Nona Mikhelidze"
    assert headings(cleaned) == ["What victory, whose defeat?", "Stated objectives meet realities on the ground",
                                 "The Kremlin lost in Donbas", "Putin's desperate need for war"]
    assert texts[0].startswith("Russia's drone incursion into Poland")  # bullet glyph gone
    assert "*" not in cleaned.body and "](" not in cleaned.body
    for broken in ("believe that an attack", "between dead and wounded", "the so-called “denazification”",
                   "suffering heavy losses", "Key infrastructure near Sloviansk", "to take the entire Donbas",
                   "more than a million casualties"):
        assert broken in cleaned.body
    assert texts[-1].endswith("push the war to new heights.")
    assert not re.search(r"ISSN|iai\.it|Montecatini|Latest IAI|17 September 2025|think tank", cleaned.body)
    assert cleaned.body.count("Since the very start of the invasion") == 1  # the pull quote is gone


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_paragraphs_are_whole_sentences(prefix):
    for text in paragraphs(seed(prefix)):
        bare = text.lstrip("“‘\"'(")
        assert bare[0].isupper() or bare[0].isdigit(), text[:80]
        assert text.rstrip("”’\")")[-1] in ".!?:", text[-80:]
        assert len(text.split()) >= 8, text
